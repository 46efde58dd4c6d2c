/**
 * Compares two policy versions section by section: which sections were added, removed or changed, and
 * within a changed section which blocks (paragraphs, lists, tables) went and came.
 */
import { blockText, type Block, type PolicyDocument, type Section } from "./policy-document.ts";

export type BlockChange = { op: "same" | "removed" | "added"; block: Block };

export type SectionDiff =
  | { kind: "unchanged"; section: Section }
  | { kind: "added"; section: Section }
  | { kind: "removed"; section: Section }
  | { kind: "changed"; section: Section; blocks: BlockChange[] };

/** Longest-common-subsequence diff of two block lists. */
export function diffBlocks(before: Block[], after: Block[]): BlockChange[] {
  const a = before.map(blockText);
  const b = after.map(blockText);
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const changes: BlockChange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      changes.push({ op: "same", block: after[j]! });
      i++;
      j++;
    } else if (i < a.length && (j >= b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      // Old text first, then what replaced it.
      changes.push({ op: "removed", block: before[i]! });
      i++;
    } else {
      changes.push({ op: "added", block: after[j]! });
      j++;
    }
  }
  return changes;
}

/** Sections are matched by title; the result follows the newer version's order, removed ones last. */
export function diffPolicies(before: PolicyDocument, after: PolicyDocument): SectionDiff[] {
  const old = new Map(before.sections.map((section) => [section.title, section]));
  const result: SectionDiff[] = after.sections.map((section) => {
    const previous = old.get(section.title);
    if (!previous) return { kind: "added", section };
    old.delete(section.title);
    const blocks = diffBlocks(previous.blocks, section.blocks);
    return blocks.every((change) => change.op === "same") ? { kind: "unchanged", section } : { kind: "changed", section, blocks };
  });
  for (const section of old.values()) result.push({ kind: "removed", section });
  return result;
}
