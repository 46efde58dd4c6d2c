import { desc, eq } from "drizzle-orm";
import { coupons, products } from "../../../db/schema/index.ts";
import { databaseError, type Db } from "../../lib/db.ts";
import { newId } from "../../lib/ids.ts";
import { minorDigits } from "../../lib/money.ts";
import { toMinor } from "../live/host-forms.ts";
import type { CouponForm } from "./forms.ts";

export const shopCurrency = "CNY";
export type CouponRow = typeof coupons.$inferSelect;

export function listCoupons(db: Db, limit = 100): Promise<CouponRow[]> {
  return db.select().from(coupons).orderBy(desc(coupons.createdAt)).limit(limit);
}

export type CreateProblem = "code_taken" | "product_unknown" | "category_unknown";

/** Creates a shop coupon; the scope names a product by its slug or a category by its id. */
export async function createCoupon(db: Db, form: CouponForm, now = Date.now()): Promise<{ ok: true; id: string } | { ok: false; problem: CreateProblem }> {
  const digits = minorDigits(shopCurrency);
  const value = form.kind === "fixed" ? toMinor(form.value, digits) : Number(form.value);
  let scopeProductId: string | null = null;
  if (form.scope === "product") {
    const [product] = await db.select({ id: products.id }).from(products).where(eq(products.slug, form.scopeProduct)).limit(1);
    if (!product) return { ok: false, problem: "product_unknown" };
    scopeProductId = product.id;
  }
  const id = newId("cpn");
  try {
    await db.insert(coupons).values({
      id,
      code: form.couponCode,
      kind: form.kind,
      value,
      currency: shopCurrency,
      minSpendMinor: toMinor(form.minSpend, digits),
      startsAt: form.startsAt,
      endsAt: form.endsAt,
      perMemberLimit: form.perMember,
      totalLimit: form.total,
      scope: form.scope,
      scopeProductId,
      scopeCategoryId: form.scope === "category" ? form.scopeCategory : null,
      createdAt: new Date(now),
    });
  } catch (error) {
    const text = databaseError(error);
    if (text.includes("coupons.code")) return { ok: false, problem: "code_taken" };
    if (text.includes("FOREIGN KEY")) return { ok: false, problem: "category_unknown" };
    throw error;
  }
  return { ok: true, id };
}
