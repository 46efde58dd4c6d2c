/**
 * The provider's webhooks, handled exactly once. Each event is checked in this order: signature and
 * freshness (401), shape (400), that it names a payment the shop started for that very order (404), that
 * amount and currency are the order's (400, nothing changes). Then one D1 batch (one transaction) makes
 * the change and records the event id in `webhook_events`; every change in it is conditional on the
 * event not being recorded yet, so a replayed event — or two deliveries racing — changes nothing.
 * States only move forward: a payment that succeeded never becomes failed, whatever order events come in.
 */
import { asc, eq } from "drizzle-orm";
import { members, orderItems } from "../../../db/schema/index.ts";
import { database, type Db } from "../../lib/db.ts";
import { findOrder, orderMoveStatements, type OrderRow } from "../orders/queries.ts";
import { tellRoom } from "../live/room-events.ts";
import { viewerPseudonym } from "../live/viewer-pseudonym.ts";
import type { PaymentEvent, PaymentProvider } from "./adapter.ts";
import { ensureInvoice } from "./invoices.ts";
import { providerFor } from "./providers.ts";
import { findPaymentByRef, refundAtProvider, type PaymentRow } from "./queries.ts";

export type WebhookOutcome = "paid" | "succeeded" | "refunded" | "failed" | "no_change" | "already_handled";
export type WebhookAnswer =
  | { status: 200; body: { received: true; outcome: WebhookOutcome } }
  | { status: 400 | 401 | 404 | 500; body: { error: "bad_signature" | "invalid_event" | "unknown_payment" | "amount_mismatch" | "refund_failed" | "invoice_failed" } };

const source = "payment";
/** Every change of an event's batch waits on this: the event has not been handled before. */
const unhandled = "NOT EXISTS (SELECT 1 FROM webhook_events WHERE source = 'payment' AND event_id = ?)";

const received = (outcome: WebhookOutcome): WebhookAnswer => ({ status: 200, body: { received: true, outcome } });

/**
 * The one handler behind `POST /webhooks/payment`, also called in-process by the sandbox provider.
 * `rawBody` must be exactly the bytes received: the signature covers them.
 */
export async function handlePaymentWebhook(env: Env, headers: Headers, rawBody: string, now = Date.now()): Promise<WebhookAnswer> {
  const provider = providerFor(env);
  const verified = await provider.verifyWebhook(headers, rawBody, now);
  if (!verified.ok) return verified.reason === "signature" ? { status: 401, body: { error: "bad_signature" } } : { status: 400, body: { error: "invalid_event" } };
  const event = verified.event;
  const db = database(env.DB);
  const payment = await findPaymentByRef(db, provider.name, event.providerRef);
  const order = payment && payment.orderId === event.reference ? await findOrder(db, payment.orderId) : null;
  if (!payment || !order) return { status: 404, body: { error: "unknown_payment" } };
  // What the provider says it took must be what the shop asked for this order, to the minor unit.
  const expected = payment.amountMinor === order.totalMinor && payment.currency === order.currency;
  if (!expected || event.amountMinor !== payment.amountMinor || event.currency !== payment.currency) {
    console.warn(JSON.stringify({ message: "payment webhook amount mismatch", event: event.id, payment: payment.id }));
    return { status: 400, body: { error: "amount_mismatch" } };
  }
  return event.type === "payment.succeeded" ? succeeded(env, db, provider, event, payment, order, now) : failed(env.DB, event, payment, now);
}

async function failed(d1: D1Database, event: PaymentEvent, payment: PaymentRow, now: number): Promise<WebhookAnswer> {
  const [change, record] = await d1.batch([
    // Only an open payment fails: a failure reported after the success (reordered delivery) changes nothing.
    d1.prepare(`UPDATE payments SET status = 'failed', updated_at = ? WHERE id = ? AND status = 'created' AND ${unhandled}`).bind(now, payment.id, event.id),
    recordEvent(d1, event.id, now),
  ]);
  if (record?.meta.changes !== 1) return received("already_handled");
  return received(change?.meta.changes === 1 ? "failed" : "no_change");
}

async function succeeded(env: Env, db: Db, provider: PaymentProvider, event: PaymentEvent, payment: PaymentRow, order: OrderRow, now: number): Promise<WebhookAnswer> {
  const d1 = env.DB;
  const [captured, , paid, record] = await d1.batch([
    // A failed attempt can still succeed (the payer retried on the provider's page); a refund is final.
    d1
      .prepare(`UPDATE payments SET status = 'succeeded', updated_at = ? WHERE id = ? AND status IN ('created', 'failed') AND ${unhandled}`)
      .bind(now, payment.id, event.id),
    ...orderMoveStatements(
      d1,
      { orderId: order.id, from: "pending_payment", to: "paid", actor: "payment", now },
      { sql: ` AND ${unhandled} AND EXISTS (SELECT 1 FROM payments WHERE id = ? AND status = 'succeeded')`, params: [event.id, payment.id] },
    ),
    recordEvent(d1, event.id, now),
  ]);
  if (record?.meta.changes !== 1) {
    // Handled before; make sure the invoice paying promised exists (an earlier delivery may have stopped short).
    return (await invoiceIssued(env, order.id, now)) ? received("already_handled") : invoiceFailed;
  }
  if (paid?.meta.changes === 1) {
    await tellShow(env, db, order);
    return (await invoiceIssued(env, order.id, now)) ? received("paid") : invoiceFailed;
  }
  if (captured?.meta.changes !== 1) return received("no_change");
  // The money came in for an order that no longer waits for it (paid through another payment, or
  // cancelled): it goes straight back. The shop never charges twice.
  try {
    await (await refundAtProvider(d1, provider, payment, now)).run();
    console.info(JSON.stringify({ message: "surplus payment refunded", payment: payment.id }));
    return received("refunded");
  } catch (error) {
    // Undo the batch, so the provider's retry of this event tries the refund again.
    await d1.batch([
      d1.prepare("UPDATE payments SET status = ?, updated_at = ? WHERE id = ? AND status = 'succeeded'").bind(payment.status, now, payment.id),
      d1.prepare("DELETE FROM webhook_events WHERE source = ? AND event_id = ?").bind(source, event.id),
    ]);
    console.error(JSON.stringify({ message: "surplus payment refund failed", payment: payment.id, error: String(error) }));
    return { status: 500, body: { error: "refund_failed" } };
  }
}

const recordEvent = (d1: D1Database, eventId: string, now: number) =>
  d1.prepare("INSERT INTO webhook_events (source, event_id, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING").bind(source, eventId, now);

const invoiceFailed: WebhookAnswer = { status: 500, body: { error: "invoice_failed" } };

/**
 * Issues the invoice a paid order asked for (idempotent). On failure the provider is answered 500, so it
 * delivers the event again: the order is paid already, and the redelivery issues the invoice.
 */
async function invoiceIssued(env: Env, orderId: string, now: number): Promise<boolean> {
  try {
    await ensureInvoice(env, orderId, now);
    return true;
  } catch (error) {
    console.error(JSON.stringify({ message: "invoice not issued", order: orderId, error: String(error) }));
    return false;
  }
}

/**
 * A paid order that came from a live show tells the show's room (signed server-to-server call): the
 * buyer's public nickname, the product, the amount for the host's figures and the buyer's per-show
 * pseudonym for erasure (neither of the last two reaches viewers). The room only displays it, so a room
 * that cannot be reached is logged, never fatal.
 */
async function tellShow(env: Env, db: Db, order: OrderRow): Promise<void> {
  if (!order.showId || !order.memberId) return;
  const [[buyer], [first]] = await db.batch([
    db.select({ nickname: members.nickname }).from(members).where(eq(members.id, order.memberId)),
    db.select({ productId: orderItems.productId }).from(orderItems).where(eq(orderItems.orderId, order.id)).orderBy(asc(orderItems.title)).limit(1),
  ]);
  if (!buyer || !first) return;
  await tellRoom(env, order.showId, {
    type: "purchase",
    name: buyer.nickname.slice(0, 40),
    product: first.productId,
    amountMinor: order.totalMinor,
    // So the replay's "just bought" line goes when the buyer's account is erased, like their chat.
    viewer: await viewerPseudonym(env.FIELD_KEY, order.showId, order.memberId),
  });
}
