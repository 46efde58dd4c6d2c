/**
 * The privacy policy's text format: a small, safe markdown subset that the policy pages, the table of
 * contents and the section-by-section diff all read.
 *   ## Section title      starts a section (its id comes from the title)
 *   blank-line separated  paragraphs
 *   - item                list items
 *   | a | b |             table rows (the first row is the header)
 *   **key term**          a highlighted key term
 */
export type Block = { kind: "paragraph"; text: string } | { kind: "list"; items: string[] } | { kind: "table"; rows: string[][] };

export type Section = { id: string; title: string; blocks: Block[] };

export type PolicyDocument = { title: string; intro: Block[]; sections: Section[] };

function sectionId(title: string, index: number): string {
  const ascii = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `s${index + 1}${ascii ? `-${ascii}` : ""}`;
}

const tableCells = (line: string) =>
  line
    .trim()
    .replace(/^\||\|$/g, "")
    .split("|")
    .map((cell) => cell.trim());

function parseBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) blocks.push({ kind: "paragraph", text: paragraph.join(" ") });
    paragraph = [];
  };
  for (const raw of lines) {
    const line = raw.trim();
    const last = blocks.at(-1);
    if (line === "") {
      flush();
    } else if (line.startsWith("- ")) {
      flush();
      if (last?.kind === "list" && paragraph.length === 0) last.items.push(line.slice(2));
      else blocks.push({ kind: "list", items: [line.slice(2)] });
    } else if (line.startsWith("|")) {
      flush();
      if (/^\|[\s|:-]+\|$/.test(line)) continue; // the header separator row
      if (last?.kind === "table") last.rows.push(tableCells(line));
      else blocks.push({ kind: "table", rows: [tableCells(line)] });
    } else {
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}

export function parsePolicy(content: string): PolicyDocument {
  const lines = content.replace(/\r\n/g, "\n").split("\n");
  const titleLine = lines.findIndex((line) => line.startsWith("# "));
  const title = titleLine >= 0 ? lines[titleLine]!.slice(2).trim() : "";
  const body = lines.slice(titleLine + 1);
  const starts = body.flatMap((line, index) => (line.startsWith("## ") ? [index] : []));
  const intro = parseBlocks(body.slice(0, starts[0] ?? body.length));
  const sections = starts.map((start, index) => {
    const title = body[start]!.slice(3).trim();
    return { id: sectionId(title, index), title, blocks: parseBlocks(body.slice(start + 1, starts[index + 1] ?? body.length)) };
  });
  return { title, intro, sections };
}

/** Splits inline text into plain runs and **key terms**. */
export function inlineRuns(text: string): { text: string; key: boolean }[] {
  return text
    .split(/(\*\*[^*]+\*\*)/)
    .filter(Boolean)
    .map((run) => (run.startsWith("**") && run.endsWith("**") ? { text: run.slice(2, -2), key: true } : { text: run, key: false }));
}

/** A block's words, for comparing versions. */
export function blockText(block: Block): string {
  switch (block.kind) {
    case "paragraph":
      return block.text;
    case "list":
      return block.items.map((item) => `- ${item}`).join("\n");
    case "table":
      return block.rows.map((row) => `| ${row.join(" | ")} |`).join("\n");
  }
}
