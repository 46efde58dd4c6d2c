/**
 * The member's cart in D1. Every statement names the member, so a product id alone never reaches
 * another member's row. Quantities are capped in SQL (at 99 and at the product's stock) so concurrent
 * requests cannot push a line past either; a sold-out product is never inserted.
 */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { cartItems, orderItems, orders, products, productTexts, type ContentLocale, type OrderStatus } from "../../../db/schema/index.ts";
import type { Db } from "../../lib/db.ts";
import { summaryColumns, textsIn, toSummary, type ProductSummary } from "../catalog/queries.ts";
import { maxCartLines, maxQuantity } from "./forms.ts";
import type { CartItem } from "./share-link.ts";

/** A cart line as the cart page shows it, at today's price. */
export function cartLines(db: Db, memberId: string, locale: ContentLocale) {
  return db
    .select({ ...summaryColumns, quantity: cartItems.quantity })
    .from(cartItems)
    .innerJoin(products, eq(products.id, cartItems.productId))
    .innerJoin(productTexts, textsIn(locale))
    .where(eq(cartItems.memberId, memberId))
    .orderBy(desc(cartItems.addedAt), asc(products.id));
}
export type CartLine = Awaited<ReturnType<typeof cartLines>>[number];

/** What the header and the island show after a change: units in the cart and their value today. */
export type CartSummary = { count: number; subtotalMinor: number; currency: string | null };

const summarySql = `SELECT coalesce(sum(ci.quantity), 0) AS count, coalesce(sum(ci.quantity * p.price_minor), 0) AS subtotalMinor, max(p.currency) AS currency
  FROM cart_items ci JOIN products p ON p.id = ci.product_id WHERE ci.member_id = ?1`;

export async function cartSummary(d1: D1Database, memberId: string): Promise<CartSummary> {
  return (await d1.prepare(summarySql).bind(memberId).first<CartSummary>()) ?? { count: 0, subtotalMinor: 0, currency: null };
}

/** Why a product was not added: not sold (unknown id), sold out, or the cart holds too many products. */
export type AddProblem = "unknown" | "sold_out" | "full";
export type AddResult = { productId: string } & ({ ok: true; quantity: number; capped: boolean } | { ok: false; problem: AddProblem });

/**
 * Adds products to the member's cart (an existing line grows), in one batch: each line is capped at 99
 * and at the stock, remembers the price the member saw, and a sold-out or unknown product writes nothing.
 */
export async function addToCart(d1: D1Database, memberId: string, items: CartItem[], now = Date.now()): Promise<{ results: AddResult[]; summary: CartSummary }> {
  const statements = items.flatMap((item) => [
    d1
      .prepare("SELECT p.stock, (SELECT quantity FROM cart_items WHERE member_id = ?1 AND product_id = ?2) AS had FROM products p WHERE p.id = ?2")
      .bind(memberId, item.productId),
    d1
      .prepare(
        `INSERT INTO cart_items (member_id, product_id, quantity, price_seen_minor, added_at)
         SELECT ?1, p.id, min(?3, ?5, p.stock), p.price_minor, ?4 FROM products p
         WHERE p.id = ?2 AND p.stock > 0
           AND (EXISTS (SELECT 1 FROM cart_items WHERE member_id = ?1 AND product_id = ?2)
                OR (SELECT count(*) FROM cart_items WHERE member_id = ?1) < ?6)
         ON CONFLICT (member_id, product_id) DO UPDATE SET
           quantity = min(cart_items.quantity + excluded.quantity, ?5, (SELECT stock FROM products WHERE id = excluded.product_id)),
           price_seen_minor = excluded.price_seen_minor
         RETURNING quantity`,
      )
      .bind(memberId, item.productId, item.quantity, now, maxQuantity, maxCartLines),
  ]);
  const batch = await d1.batch<Record<string, number | null>>([...statements, d1.prepare(summarySql).bind(memberId)]);
  const results = items.map((item, index): AddResult => {
    const before = batch[index * 2]?.results[0];
    const after = batch[index * 2 + 1]?.results[0];
    if (!before) return { productId: item.productId, ok: false, problem: "unknown" };
    if (!after) return { productId: item.productId, ok: false, problem: (before.stock ?? 0) > 0 ? "full" : "sold_out" };
    const quantity = Number(after.quantity);
    return { productId: item.productId, ok: true, quantity, capped: quantity < (before.had ?? 0) + item.quantity };
  });
  return { results, summary: batch.at(-1)!.results[0] as CartSummary };
}

export type SetResult = { ok: true; quantity: number; capped: boolean; unitPriceMinor: number } | { ok: false; problem: "missing" | "sold_out" };

/** Sets one line's quantity (capped at the stock). A product not in this member's cart is "missing". */
export async function setQuantity(d1: D1Database, memberId: string, productId: string, quantity: number): Promise<{ result: SetResult; summary: CartSummary }> {
  const [before, after, summary] = await d1.batch<Record<string, number | null>>([
    d1.prepare("SELECT p.stock FROM cart_items ci JOIN products p ON p.id = ci.product_id WHERE ci.member_id = ?1 AND ci.product_id = ?2").bind(memberId, productId),
    d1
      .prepare(
        `UPDATE cart_items SET quantity = min(?3, (SELECT stock FROM products WHERE id = ?2))
         WHERE member_id = ?1 AND product_id = ?2 AND (SELECT stock FROM products WHERE id = ?2) > 0
         RETURNING quantity, (SELECT price_minor FROM products WHERE id = ?2) AS unitPriceMinor`,
      )
      .bind(memberId, productId, quantity),
    d1.prepare(summarySql).bind(memberId),
  ]);
  const row = after?.results[0];
  const result: SetResult = !before?.results[0]
    ? { ok: false, problem: "missing" }
    : !row
      ? { ok: false, problem: "sold_out" }
      : { ok: true, quantity: Number(row.quantity), capped: Number(row.quantity) < quantity, unitPriceMinor: Number(row.unitPriceMinor) };
  return { result, summary: summary!.results[0] as CartSummary };
}

/** Removes one line; false when the product was not in this member's cart. */
export async function removeFromCart(d1: D1Database, memberId: string, productId: string): Promise<{ removed: boolean; summary: CartSummary }> {
  const [deleted, summary] = await d1.batch<Record<string, number | null>>([
    d1.prepare("DELETE FROM cart_items WHERE member_id = ?1 AND product_id = ?2 RETURNING product_id").bind(memberId, productId),
    d1.prepare(summarySql).bind(memberId),
  ]);
  return { removed: (deleted?.results.length ?? 0) > 0, summary: summary!.results[0] as CartSummary };
}

/** Just the products and quantities, for a share link. */
export async function cartContents(db: Db, memberId: string): Promise<CartItem[]> {
  return db
    .select({ productId: cartItems.productId, quantity: cartItems.quantity })
    .from(cartItems)
    .where(eq(cartItems.memberId, memberId))
    .orderBy(desc(cartItems.addedAt), asc(cartItems.productId))
    .limit(maxCartLines);
}

/** Product tiles for the given ids at today's prices and stock, in the order asked; ids no longer sold are left out. */
export async function productsById(db: Db, ids: string[], locale: ContentLocale): Promise<ProductSummary[]> {
  if (ids.length === 0) return [];
  const rows = await db.select(summaryColumns).from(products).innerJoin(productTexts, textsIn(locale)).where(inArray(products.id, ids));
  const byId = new Map(rows.map((row) => [row.id, toSummary(row)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Orders in these states were really bought (paid, whatever happened since, short of a refund or cancellation). */
export const boughtStatuses: OrderStatus[] = ["paid", "shipped", "delivered", "completed"];

export type FrequentProduct = ProductSummary & { orders: number };

/**
 * Products the member bought in two or more orders, most often bought first (then most units), at
 * today's price and stock. Products the shop no longer sells are left out.
 */
export async function frequentlyBought(db: Db, memberId: string, limit: number, locale: ContentLocale = "en"): Promise<FrequentProduct[]> {
  const times = sql<number>`count(DISTINCT ${orderItems.orderId})`;
  const rows = await db
    .select({ ...summaryColumns, orders: times })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .innerJoin(products, eq(products.id, orderItems.productId))
    .innerJoin(productTexts, textsIn(locale))
    .where(and(eq(orders.memberId, memberId), inArray(orders.status, boughtStatuses)))
    .groupBy(products.id)
    .having(sql`${times} >= 2`)
    .orderBy(desc(times), desc(sql`sum(${orderItems.quantity})`), asc(products.id))
    .limit(limit);
  return rows.map(({ orders: count, ...row }) => ({ ...toSummary(row), orders: Number(count) }));
}
