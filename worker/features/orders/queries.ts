import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { orderDiscounts, orderEvents, orderItems, orders, type OrderActor, type OrderStatus } from "../../../db/schema/index.ts";
import type { Db } from "../../lib/db.ts";
import { decryptField } from "../../lib/field-crypto.ts";
import { canMove, reachedColumn } from "./status.ts";

export type OrderRow = typeof orders.$inferSelect;

/** The encryption context of an order's personal column: the row and column travel with the ciphertext. */
export const orderFieldContext = (column: OrderSecretColumn, orderId: string) => `orders.${column}:${orderId}`;
export type OrderSecretColumn = "recipient" | "address" | "phone" | "alt_phone" | "invoice_taxpayer" | "invoice_email" | "customs_id";

/**
 * The two statements of an order's status move, for batches that must change more with it (the same
 * as `moveOrder`): the event is written only when the UPDATE changed the row. Read whether it moved from
 * the event INSERT's result: D1's `meta.changes` of the UPDATE also counts what triggers changed (stock
 * going back), while SQL's `changes()` does not. `guard` adds conditions to the order's UPDATE (`AND …`
 * with plain `?` placeholders, numbered after the move's four).
 */
export function orderMoveStatements(
  d1: D1Database,
  move: { orderId: string; from: OrderStatus; to: OrderStatus; actor: OrderActor; now: number },
  guard: { sql: string; params: unknown[] } = { sql: "", params: [] },
): [D1PreparedStatement, D1PreparedStatement] {
  const { orderId, from, to, actor, now } = move;
  if (!canMove(from, to)) throw new Error(`illegal order move ${from} → ${to}`);
  return [
    d1.prepare(`UPDATE orders SET status = ?1, ${reachedColumn[to]} = ?2 WHERE id = ?3 AND status = ?4${guard.sql}`).bind(to, now, orderId, from, ...guard.params),
    d1.prepare("INSERT INTO order_events (order_id, status, actor, at) SELECT ?1, ?2, ?3, ?4 WHERE changes() = 1").bind(orderId, to, actor, now),
  ];
}

/**
 * Moves an order from `from` to `to` and records who did it, in one batch: the event is written only
 * when the status really changed, so two racing moves record one. False when the order was not in
 * `from` (someone else moved it first). The database refuses illegal moves as well.
 */
export async function moveOrder(d1: D1Database, orderId: string, from: OrderStatus, to: OrderStatus, actor: OrderActor, now = Date.now()): Promise<boolean> {
  const [, recorded] = await d1.batch(orderMoveStatements(d1, { orderId, from, to, actor, now }));
  return recorded?.meta.changes === 1;
}

/** Unpaid orders past their deadline are cancelled; the cancellation trigger returns their stock and coupons. */
export async function cancelUnpaidOrders(d1: D1Database, now = Date.now()): Promise<number> {
  const [events] = await d1.batch([
    d1
      .prepare("INSERT INTO order_events (order_id, status, actor, at) SELECT id, 'cancelled', 'system', ?1 FROM orders WHERE status = 'pending_payment' AND pay_by <= ?1")
      .bind(now),
    d1.prepare("UPDATE orders SET status = 'cancelled', cancelled_at = ?1 WHERE status = 'pending_payment' AND pay_by <= ?1").bind(now),
  ]);
  return events?.meta.changes ?? 0;
}

/** A member's order by its number; another member's number answers exactly like an unknown one. */
export async function findMemberOrder(db: Db, memberId: string, number: string): Promise<OrderRow | null> {
  const [order] = await db.select().from(orders).where(and(eq(orders.number, number), eq(orders.memberId, memberId))).limit(1);
  return order ?? null;
}

/** Any order by number (staff pages, webhooks). */
export async function findOrderByNumber(db: Db, number: string): Promise<OrderRow | null> {
  const [order] = await db.select().from(orders).where(eq(orders.number, number)).limit(1);
  return order ?? null;
}

export async function findOrder(db: Db, id: string): Promise<OrderRow | null> {
  const [order] = await db.select().from(orders).where(eq(orders.id, id)).limit(1);
  return order ?? null;
}

export type OrderItemRow = typeof orderItems.$inferSelect;
export type OrderDiscountRow = typeof orderDiscounts.$inferSelect;
export type OrderEventRow = typeof orderEvents.$inferSelect;

/** What an order page shows besides the order row: its lines, discounts and history. */
export async function orderContents(db: Db, orderId: string) {
  const [items, discounts, events] = await db.batch([
    db.select().from(orderItems).where(eq(orderItems.orderId, orderId)).orderBy(asc(orderItems.title)),
    db.select().from(orderDiscounts).where(eq(orderDiscounts.orderId, orderId)).orderBy(asc(orderDiscounts.position)),
    db.select().from(orderEvents).where(eq(orderEvents.orderId, orderId)).orderBy(asc(orderEvents.at), asc(orderEvents.id)),
  ]);
  return { items, discounts, events };
}

/** A member's orders, newest first, with their lines (for the list's thumbnails and "buy again"). */
export async function memberOrders(db: Db, memberId: string, limit = 50) {
  const list = await db.select().from(orders).where(eq(orders.memberId, memberId)).orderBy(desc(orders.createdAt)).limit(limit);
  const items = list.length ? await db.select().from(orderItems).where(inArray(orderItems.orderId, list.map((order) => order.id))) : [];
  return list.map((order) => ({ order, items: items.filter((item) => item.orderId === order.id) }));
}

export type Recipient = { name: string; address: string; phone: string; altPhone: string | null };

/** The delivery details of an order, decrypted (for the label and the member's own page, shown masked). */
export async function orderRecipient(fieldKey: string, order: OrderRow): Promise<Recipient> {
  const open = (column: OrderSecretColumn, sealed: string) => decryptField(fieldKey, sealed, orderFieldContext(column, order.id));
  return {
    name: await open("recipient", order.recipientEnc),
    address: await open("address", order.addressEnc),
    phone: await open("phone", order.phoneEnc),
    altPhone: order.altPhoneEnc ? await open("alt_phone", order.altPhoneEnc) : null,
  };
}

/** The invoice details of an order that asked for one, decrypted. */
export async function orderInvoice(fieldKey: string, order: OrderRow): Promise<{ title: string; taxpayerId: string | null; email: string } | null> {
  if (!order.invoiceWanted || !order.invoiceTitle || !order.invoiceEmailEnc) return null;
  return {
    title: order.invoiceTitle,
    taxpayerId: order.invoiceTaxpayerEnc ? await decryptField(fieldKey, order.invoiceTaxpayerEnc, orderFieldContext("invoice_taxpayer", order.id)) : null,
    email: await decryptField(fieldKey, order.invoiceEmailEnc, orderFieldContext("invoice_email", order.id)),
  };
}
