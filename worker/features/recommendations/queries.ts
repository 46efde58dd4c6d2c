/**
 * Catalogue-wide picks: what the shop knows about products and all orders together, never about one
 * person. Each function returns a query to batch; map rows with `toSummary`.
 */
import { and, asc, desc, eq, gte, inArray, ne, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { orderItems, orders, products, productTexts, type ContentLocale } from "../../../db/schema/index.ts";
import type { Db, Input } from "../../lib/db.ts";
import { boughtStatuses } from "../cart/queries.ts";
import { summaryColumns, textsIn } from "../catalog/queries.ts";

const inStockFirst = sql`${products.stock} > 0 DESC`;
const ordersCount = sql<number>`count(DISTINCT ${orderItems.orderId})`.mapWith(Number);

/** How many products each side of the price `similarQuery` looks at: walks of the (category, price) index. */
const priceWalk = 40;

/**
 * Products of the same category as `productId`, nearest in price first (those in stock before those sold
 * out). Only the `priceWalk` nearest cheaper and dearer products are considered, read off the
 * (category, price) index, so a shelf of thousands costs no more than a shelf of ten.
 */
export function similarQuery(db: Db, productId: Input<string> | SQL, locale: Input<ContentLocale>, limit: number) {
  const seed = alias(products, "seed");
  const near = sql`(
    SELECT id FROM (SELECT id FROM ${products} WHERE category_id = (SELECT category_id FROM ${products} WHERE id = ${productId})
      AND price_minor >= (SELECT price_minor FROM ${products} WHERE id = ${productId}) AND id != ${productId}
      ORDER BY price_minor LIMIT ${priceWalk})
    UNION ALL
    SELECT id FROM (SELECT id FROM ${products} WHERE category_id = (SELECT category_id FROM ${products} WHERE id = ${productId})
      AND price_minor < (SELECT price_minor FROM ${products} WHERE id = ${productId})
      ORDER BY price_minor DESC LIMIT ${priceWalk})
  )`;
  return db
    .select(summaryColumns)
    .from(seed)
    .innerJoin(products, and(eq(products.categoryId, seed.categoryId), ne(products.id, seed.id)))
    .innerJoin(productTexts, textsIn(locale))
    .where(and(eq(seed.id, productId), inArray(products.id, near)))
    .orderBy(inStockFirst, sql`abs(${products.priceMinor} - ${seed.priceMinor})`, asc(products.id))
    .limit(limit);
}

/** Products that share really bought orders with `productId`, most shared orders first, with that count. */
export function boughtTogetherQuery(db: Db, productId: Input<string> | SQL, locale: Input<ContentLocale>, limit: number) {
  const seed = alias(orderItems, "seed");
  return db
    .select({ ...summaryColumns, orders: ordersCount })
    .from(seed)
    .innerJoin(orders, and(eq(orders.id, seed.orderId), inArray(orders.status, boughtStatuses)))
    .innerJoin(orderItems, and(eq(orderItems.orderId, seed.orderId), ne(orderItems.productId, seed.productId)))
    .innerJoin(products, eq(products.id, orderItems.productId))
    .innerJoin(productTexts, textsIn(locale))
    .where(eq(seed.productId, productId))
    .groupBy(products.id)
    .orderBy(desc(ordersCount), inStockFirst, asc(products.id))
    .limit(limit);
}

/** A category's products, those in stock first, newest first. */
export function categoryPicksQuery(db: Db, categoryId: string, locale: ContentLocale, limit: number) {
  return db
    .select(summaryColumns)
    .from(products)
    .innerJoin(productTexts, textsIn(locale))
    .where(eq(products.categoryId, categoryId))
    .orderBy(inStockFirst, desc(products.createdAt), asc(products.id))
    .limit(limit);
}

/** The products in the most really bought orders placed since `since`, with that count. */
export function popularQuery(db: Db, locale: Input<ContentLocale>, since: Input<Date>, limit: number) {
  return db
    .select({ ...summaryColumns, orders: ordersCount })
    .from(orderItems)
    .innerJoin(orders, and(eq(orders.id, orderItems.orderId), inArray(orders.status, boughtStatuses), gte(orders.createdAt, since)))
    .innerJoin(products, eq(products.id, orderItems.productId))
    .innerJoin(productTexts, textsIn(locale))
    .groupBy(products.id)
    .orderBy(desc(ordersCount), inStockFirst, asc(products.id))
    .limit(limit);
}

/** The newest products, with when they were added. */
export function newestQuery(db: Db, locale: Input<ContentLocale>, limit: number) {
  return db
    .select({ ...summaryColumns, addedAt: products.createdAt })
    .from(products)
    .innerJoin(productTexts, textsIn(locale))
    .orderBy(desc(products.createdAt), asc(products.id))
    .limit(limit);
}
