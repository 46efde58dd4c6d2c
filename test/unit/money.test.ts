import { describe, expect, it } from "vitest";
import { discountPercent, formatMoney } from "../../worker/lib/money.ts";

describe("money", () => {
  it("formats integer minor units in the reader's locale", () => {
    expect(formatMoney({ minor: 12600, currency: "CNY" }, "en")).toBe("CN¥126");
    expect(formatMoney({ minor: 12650, currency: "CNY" }, "en")).toBe("CN¥126.50");
    expect(formatMoney({ minor: 12600, currency: "CNY" }, "zh-CN")).toBe("¥126");
    expect(formatMoney({ minor: 500, currency: "JPY" }, "en")).toBe("¥500");
  });

  it("computes the saving as a whole percentage, never rounding it up", () => {
    expect(discountPercent(8000, 10000)).toBe(20);
    expect(discountPercent(6700, 10000)).toBe(33);
    expect(discountPercent(10000, 10000)).toBe(0);
    expect(discountPercent(12000, 10000)).toBe(0);
    expect(discountPercent(0, 0)).toBe(0);
  });
});
