import { describe, expect, it } from "vitest";
import { editDistance } from "../../worker/features/search/queries.ts";
import { anyOf, looseTerms, matchExpression, queryParts, segment } from "../../worker/features/search/segment.ts";

describe("segmenting text for the index", () => {
  it("writes Chinese runs as overlapping pairs and leaves other words alone", () => {
    expect(segment("手工陶瓷 mug")).toBe(" 手工 工陶 陶瓷 瓷  mug");
    expect(segment("Honey Glass Teapot")).toBe("Honey Glass Teapot");
    expect(segment("杯")).toBe(" 杯 ");
  });
});

describe("query parts and FTS5 expressions", () => {
  it("splits on spaces and punctuation, folds case, drops repeats", () => {
    expect(queryParts("Tea, TEA cups!")).toEqual([
      { kind: "word", text: "tea" },
      { kind: "word", text: "cups" },
    ]);
    expect(queryParts("陶瓷mug")).toEqual([
      { kind: "cjk", text: "陶瓷" },
      { kind: "word", text: "mug" },
    ]);
    expect(queryParts("%*\"")).toEqual([]);
  });

  it("matches words as prefixes and Chinese runs as phrases of their pairs, quoting everything", () => {
    expect(matchExpression(queryParts("tea 陶瓷马克杯"))).toBe('"tea"* AND "陶瓷 瓷马 马克 克杯"');
    expect(matchExpression(queryParts("壶"))).toBe('"壶"*');
    expect(matchExpression([])).toBeNull();
    // Operators and quotes typed by the shopper are only words.
    expect(matchExpression(queryParts('NOT "x" OR y'))).toBe('"not"* AND "x"* AND "or"* AND "y"*');
  });

  it("loosens a query into its words and Chinese pairs, any of which may match", () => {
    const terms = looseTerms(queryParts("tea 壶 陶瓷马克杯 茶壶"));
    expect(terms).toEqual({ prefixes: ["tea", "壶"], pairs: ["陶瓷", "瓷马", "马克", "克杯", "茶壶"] });
    expect(anyOf({ prefixes: ["tea"], pairs: ["马克"] })).toBe('"tea"* OR "马克"');
  });

  it("keeps a query within a dozen parts however it is typed", () => {
    const parts = queryParts(Array.from({ length: 40 }, (_, i) => `w${i}`).join(" "));
    expect(parts).toHaveLength(12);
  });
});

describe("edit distance for 'did you mean'", () => {
  it("counts insertions, deletions, substitutions and swapped neighbours", () => {
    expect(editDistance("teapot", "teapot", 2)).toBe(0);
    expect(editDistance("teapto", "teapot", 2)).toBe(1);
    expect(editDistance("tepot", "teapot", 2)).toBe(1);
    expect(editDistance("teapoot", "teapot", 2)).toBe(1);
    expect(editDistance("tx", "teapot", 2)).toBe(3);
  });
});
