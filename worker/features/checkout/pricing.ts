/**
 * The one pricing engine: what a cart costs for a member, with their level's rights and at most one
 * coupon (a shop coupon or one taken in a live show: the same rule shape). Pure and integer-only.
 *
 * - Flash-sale units are charged the sale's price and take no further discount.
 * - The level discount applies to regular-priced lines.
 * - A coupon applies to the regular-priced lines in its scope, once their subtotal reaches its minimum.
 * - Shipping is free when the goods, after discounts, reach the level's threshold.
 */
import type { CouponKind, DiscountKind } from "../../../db/schema/index.ts";
import { shippingFeeMinor, type Level } from "../levels/levels.ts";

export type PricedLine = {
  productId: string;
  categoryId: string;
  unitPriceMinor: number;
  quantity: number;
  /** A flash-sale unit: already discounted. */
  fromSale: boolean;
};

export type CouponScopeRule = { kind: "all" } | { kind: "product"; id: string } | { kind: "category"; id: string };

export type CouponRule = {
  source: "coupon" | "show_coupon";
  id: string;
  /** What the member reads on the order ("SPRING20", "Live show coupon 10 % off"). */
  label: string;
  kind: CouponKind;
  /** Minor units (fixed) or percent (percent). */
  value: number;
  minSpendMinor: number;
  scope: CouponScopeRule;
};

export type AppliedDiscount = {
  kind: DiscountKind;
  label: string;
  amountMinor: number;
  couponId: string | null;
  showCouponId: string | null;
};

/** Why a coupon the member chose does not apply to this cart. */
export type CouponProblem = "min_spend" | "out_of_scope";

export type Quote = {
  subtotalMinor: number;
  discounts: AppliedDiscount[];
  discountMinor: number;
  shippingMinor: number;
  totalMinor: number;
  couponProblem: CouponProblem | null;
};

const lineTotal = (line: PricedLine) => line.unitPriceMinor * line.quantity;
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

export function inScope(scope: CouponScopeRule, line: PricedLine): boolean {
  if (scope.kind === "product") return line.productId === scope.id;
  if (scope.kind === "category") return line.categoryId === scope.id;
  return true;
}

/** The coupon's amount off these lines, or why it does not apply. */
export function couponAmount(rule: CouponRule, lines: PricedLine[]): { amountMinor: number } | { problem: CouponProblem } {
  const eligible = lines.filter((line) => !line.fromSale && inScope(rule.scope, line));
  if (eligible.length === 0) return { problem: "out_of_scope" };
  const base = sum(eligible.map(lineTotal));
  if (base < rule.minSpendMinor) return { problem: "min_spend" };
  const amountMinor = rule.kind === "fixed" ? Math.min(rule.value, base) : Math.floor((base * rule.value) / 100);
  return { amountMinor };
}

export function quote(lines: PricedLine[], level: Level, levelLabel: string, coupon: CouponRule | null): Quote {
  const subtotalMinor = sum(lines.map(lineTotal));
  const regularMinor = sum(lines.filter((line) => !line.fromSale).map(lineTotal));
  const discounts: AppliedDiscount[] = [];
  const levelMinor = Math.floor((regularMinor * level.discountPercent) / 100);
  if (levelMinor > 0) discounts.push({ kind: "level", label: levelLabel, amountMinor: levelMinor, couponId: null, showCouponId: null });
  let couponProblem: CouponProblem | null = null;
  if (coupon) {
    const applied = couponAmount(coupon, lines);
    if ("problem" in applied) couponProblem = applied.problem;
    else {
      // Never more off than is left of the regular-priced goods after the level discount.
      const amountMinor = Math.min(applied.amountMinor, regularMinor - levelMinor);
      if (amountMinor > 0) {
        discounts.push({
          kind: coupon.source,
          label: coupon.label,
          amountMinor,
          couponId: coupon.source === "coupon" ? coupon.id : null,
          showCouponId: coupon.source === "show_coupon" ? coupon.id : null,
        });
      }
    }
  }
  const discountMinor = sum(discounts.map((discount) => discount.amountMinor));
  const goodsMinor = subtotalMinor - discountMinor;
  const shippingMinor = lines.length === 0 || goodsMinor >= level.freeShippingFromMinor ? 0 : shippingFeeMinor;
  return { subtotalMinor, discounts, discountMinor, shippingMinor, totalMinor: goodsMinor + shippingMinor, couponProblem };
}
