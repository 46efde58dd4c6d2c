/**
 * What personalised recommendations start from (policy §3.3): the member's history (products viewed,
 * categories visited), cart and orders, or for a guest the products in their own "recently viewed"
 * cookie. The only place recommendations read anything about a person; `forYou` calls it only in
 * personalised mode.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { cartItems, categoryTexts, memberHistory, orderItems, orders, products, productTexts, type ContentLocale } from "../../../db/schema/index.ts";
import type { Db } from "../../lib/db.ts";
import { boughtStatuses } from "../cart/queries.ts";
import { textsIn } from "../catalog/queries.ts";

/** A product the person showed interest in, with what a reason needs to name it and its category. */
export type Seed = { id: string; title: string; categoryId: string; categoryName: string };
export type Signals = { viewed: Seed[]; visitedCategories: { id: string; name: string }[]; inCart: Seed[]; bought: Seed[] };

const seedColumns = { id: products.id, title: productTexts.title, categoryId: products.categoryId, categoryName: categoryTexts.name };
const categoryOf = (locale: ContentLocale) => and(eq(categoryTexts.categoryId, products.categoryId), eq(categoryTexts.locale, locale));
const signalLimit = 40;

/** A member's signals, newest first, in one round trip. */
export async function memberSignals(db: Db, memberId: string, locale: ContentLocale): Promise<Signals> {
  const [viewed, visitedCategories, inCart, bought] = await db.batch([
    db
      .select(seedColumns)
      .from(memberHistory)
      .innerJoin(products, eq(products.id, memberHistory.subjectId))
      .innerJoin(productTexts, textsIn(locale))
      .innerJoin(categoryTexts, categoryOf(locale))
      .where(and(eq(memberHistory.memberId, memberId), eq(memberHistory.kind, "product")))
      .orderBy(desc(memberHistory.at))
      .limit(signalLimit),
    db
      .select({ id: categoryTexts.categoryId, name: categoryTexts.name })
      .from(memberHistory)
      .innerJoin(categoryTexts, and(eq(categoryTexts.categoryId, memberHistory.subjectId), eq(categoryTexts.locale, locale)))
      .where(and(eq(memberHistory.memberId, memberId), eq(memberHistory.kind, "category")))
      .orderBy(desc(memberHistory.at))
      .limit(signalLimit),
    db
      .select(seedColumns)
      .from(cartItems)
      .innerJoin(products, eq(products.id, cartItems.productId))
      .innerJoin(productTexts, textsIn(locale))
      .innerJoin(categoryTexts, categoryOf(locale))
      .where(eq(cartItems.memberId, memberId))
      .orderBy(desc(cartItems.addedAt))
      .limit(signalLimit),
    db
      .select(seedColumns)
      .from(orderItems)
      .innerJoin(orders, and(eq(orders.id, orderItems.orderId), eq(orders.memberId, memberId), inArray(orders.status, boughtStatuses)))
      .innerJoin(products, eq(products.id, orderItems.productId))
      .innerJoin(productTexts, textsIn(locale))
      .innerJoin(categoryTexts, categoryOf(locale))
      .groupBy(products.id)
      .orderBy(desc(sql`max(${orders.createdAt})`))
      .limit(signalLimit),
  ]);
  return { viewed, visitedCategories, inCart, bought };
}

/** A guest's signals: the products of their "recently viewed" cookie, in its order (newest first). */
export async function guestSignals(db: Db, recentSlugs: string[], locale: ContentLocale): Promise<Signals> {
  const rows =
    recentSlugs.length === 0
      ? []
      : await db
          .select({ ...seedColumns, slug: products.slug })
          .from(products)
          .innerJoin(productTexts, textsIn(locale))
          .innerJoin(categoryTexts, categoryOf(locale))
          .where(inArray(products.slug, recentSlugs));
  const bySlug = new Map(rows.map(({ slug, ...seed }) => [slug, seed]));
  return { viewed: recentSlugs.flatMap((slug) => bySlug.get(slug) ?? []), visitedCategories: [], inCart: [], bought: [] };
}
