import { describe, expect, it } from "vitest";
import { policyDrafts } from "../../db/policy/index.ts";
import { cookieRegistry } from "../../worker/features/consent/cookie-registry.ts";
import { diffPolicies } from "../../worker/features/privacy/policy-diff.ts";
import { inlineRuns, parsePolicy } from "../../worker/features/privacy/policy-document.ts";
import { policyContent } from "../../worker/features/privacy/publish-policy.ts";

const sample = `# Title

Intro with a **key term**.

## First section

Para one.

- item a
- item b

## Second section

| A | B |
| --- | --- |
| 1 | 2 |
`;

describe("policy documents", () => {
  it("parse into a title, intro and sections with paragraphs, lists and tables", () => {
    const doc = parsePolicy(sample);
    expect(doc.title).toBe("Title");
    expect(doc.intro).toEqual([{ kind: "paragraph", text: "Intro with a **key term**." }]);
    expect(doc.sections.map((s) => [s.id, s.title])).toEqual([
      ["s1-first-section", "First section"],
      ["s2-second-section", "Second section"],
    ]);
    expect(doc.sections[0]!.blocks).toEqual([
      { kind: "paragraph", text: "Para one." },
      { kind: "list", items: ["item a", "item b"] },
    ]);
    expect(doc.sections[1]!.blocks).toEqual([{ kind: "table", rows: [["A", "B"], ["1", "2"]] }]);
    expect(inlineRuns("a **b** c")).toEqual([
      { text: "a ", key: false },
      { text: "b", key: true },
      { text: " c", key: false },
    ]);
  });

  it("are compared section by section", () => {
    const before = parsePolicy(sample);
    const after = parsePolicy(sample.replace("Para one.", "Para one, reworded.").replace("## Second section", "## Renamed") + "\n## Third\n\nNew.\n");
    const diff = diffPolicies(before, after);
    expect(diff.map((d) => [d.kind, d.section.title])).toEqual([
      ["changed", "First section"],
      ["added", "Renamed"],
      ["added", "Third"],
      ["removed", "Second section"],
    ]);
    const first = diff[0]!;
    expect(first.kind === "changed" && first.blocks.map((b) => b.op)).toEqual(["removed", "added", "same"]);
  });

  it("the newest version describes exactly the cookies in the registry (a new cookie needs a new version)", () => {
    expect([...policyDrafts.at(-1)!.cookies].sort()).toEqual(cookieRegistry.map((entry) => entry.name).sort());
  });

  it("get their cookie section from the registry, in both languages", () => {
    for (const draft of policyDrafts.slice(-1)) {
      for (const locale of ["en", "zh-CN"] as const) {
        const content = policyContent(draft, locale);
        expect(content).not.toContain("{{cookie-table}}");
        for (const entry of cookieRegistry) expect(content).toContain(`| ${entry.name} |`);
        expect(content).toContain(cookieRegistry[0]!.purpose[locale]);
      }
    }
  });
});
