import { describe, expect, it } from "vitest";
import { quote, type CouponRule, type PricedLine } from "../../worker/features/checkout/pricing.ts";
import { levelFor, levelOf, levels, progressToNext, shippingFeeMinor } from "../../worker/features/levels/levels.ts";

const mug: PricedLine = { productId: "prd_mug", categoryId: "cat_kitchen", unitPriceMinor: 6_800, quantity: 2, fromSale: false };
const scarf: PricedLine = { productId: "prd_scarf", categoryId: "cat_fashion", unitPriceMinor: 12_900, quantity: 1, fromSale: false };
const saleUnit: PricedLine = { productId: "prd_pan", categoryId: "cat_kitchen", unitPriceMinor: 19_900, quantity: 1, fromSale: true };
const member = levelOf("member");
const gold = levelOf("gold");
const coupon = (rule: Partial<CouponRule>): CouponRule => ({ source: "coupon", id: "cpn_1", label: "TEST", kind: "fixed", value: 2_000, minSpendMinor: 0, scope: { kind: "all" }, ...rule });

describe("pricing", () => {
  it("charges shipping below the level's free-shipping threshold and none above it", () => {
    expect(quote([{ ...mug, quantity: 1 }], member, "Member", null)).toMatchObject({ subtotalMinor: 6_800, shippingMinor: shippingFeeMinor, totalMinor: 7_800 });
    expect(quote([mug], member, "Member", null)).toMatchObject({ subtotalMinor: 13_600, shippingMinor: 0, totalMinor: 13_600 });
  });

  it("gives the level's discount on regular-priced goods only, never on flash-sale units", () => {
    const priced = quote([mug, saleUnit], gold, "Gold", null);
    expect(priced.discounts).toEqual([{ kind: "level", label: "Gold", amountMinor: 680, couponId: null, showCouponId: null }]);
    expect(priced.totalMinor).toBe(13_600 + 19_900 - 680);
  });

  it("applies a coupon within its scope once the scoped goods reach its minimum spend", () => {
    const kitchen = coupon({ kind: "percent", value: 10, minSpendMinor: 10_000, scope: { kind: "category", id: "cat_kitchen" } });
    expect(quote([mug, scarf], member, "Member", kitchen).discounts).toMatchObject([{ kind: "coupon", amountMinor: 1_360 }]);
    expect(quote([{ ...mug, quantity: 1 }, scarf], member, "Member", kitchen)).toMatchObject({ couponProblem: "min_spend", discountMinor: 0 });
    expect(quote([scarf], member, "Member", kitchen)).toMatchObject({ couponProblem: "out_of_scope" });
    expect(quote([saleUnit], member, "Member", coupon({}))).toMatchObject({ couponProblem: "out_of_scope" });
  });

  it("never takes more off than the goods cost", () => {
    const huge = coupon({ value: 1_000_000 });
    const priced = quote([{ ...mug, quantity: 1 }], gold, "Gold", huge);
    expect(priced.discountMinor).toBe(6_800);
    expect(priced.totalMinor).toBe(priced.shippingMinor);
  });

  it("prices an in-room coupon from a live show with the same rules", () => {
    const inRoom = coupon({ source: "show_coupon", id: "cpn_show", kind: "percent", value: 15 });
    expect(quote([mug], member, "Member", inRoom).discounts).toEqual([{ kind: "show_coupon", label: "TEST", amountMinor: 2_040, couponId: null, showCouponId: "cpn_show" }]);
  });
});

describe("member levels", () => {
  it("needs both the spend and the number of completed orders", () => {
    expect(levelFor({ spendMinor: 0, orders: 0 }).id).toBe("member");
    expect(levelFor({ spendMinor: 25_000, orders: 1 }).id).toBe("silver");
    expect(levelFor({ spendMinor: 500_000, orders: 2 }).id).toBe("silver");
    expect(levelFor({ spendMinor: 500_000, orders: 9 }).id).toBe("platinum");
  });

  it("says what is left to the next level, and nothing at the top", () => {
    expect(progressToNext({ spendMinor: 25_000, orders: 1 })).toEqual({ next: levelOf("gold"), spendMinor: 75_000, orders: 2 });
    expect(progressToNext({ spendMinor: 400_000, orders: 10 })).toBeNull();
  });

  it("grants more at every level", () => {
    for (const [lower, higher] of levels.slice(0, -1).map((level, index) => [level, levels[index + 1]!] as const)) {
      expect(higher.discountPercent).toBeGreaterThan(lower.discountPercent);
      expect(higher.freeShippingFromMinor).toBeLessThan(lower.freeShippingFromMinor);
    }
  });
});
