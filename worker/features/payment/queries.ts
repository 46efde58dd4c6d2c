import { and, desc, eq } from "drizzle-orm";
import { payments, type PaymentStatus } from "../../../db/schema/index.ts";
import type { Db } from "../../lib/db.ts";
import { newId } from "../../lib/ids.ts";
import type { OrderRow } from "../orders/queries.ts";
import type { PaymentProvider } from "./adapter.ts";

export type PaymentRow = typeof payments.$inferSelect;

export async function findPaymentByRef(db: Db, provider: string, providerRef: string): Promise<PaymentRow | null> {
  const [payment] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.provider, provider), eq(payments.providerRef, providerRef)))
    .limit(1);
  return payment ?? null;
}

/** The order's latest payment in `status` (an order keeps one succeeded payment: a second is refunded). */
export async function latestPayment(db: Db, orderId: string, status: PaymentStatus): Promise<PaymentRow | null> {
  const [payment] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.orderId, orderId), eq(payments.status, status)))
    .orderBy(desc(payments.updatedAt))
    .limit(1);
  return payment ?? null;
}

export type PayRefusal = "paid" | "closed";

/** Why an order cannot be paid now: it was paid already, or its time to pay is over. */
export function payRefusal(order: OrderRow, now: number): PayRefusal | null {
  if (order.status === "pending_payment") return order.payBy.getTime() > now ? null : "closed";
  return order.status === "cancelled" || order.status === "refunded" ? "closed" : "paid";
}

/**
 * Starts a payment of the order's total at the provider and records it (status `created`); returns the
 * provider's hosted page. The provider is asked first, keyed by the new payment's id: its webhook can
 * only come after the payer has been on that page, by which time the row exists.
 */
export async function startPayment(
  db: Db,
  provider: PaymentProvider,
  order: OrderRow,
  options: { description: string; returnUrl: string; now: number },
): Promise<{ ok: true; redirectUrl: string } | { ok: false; reason: PayRefusal }> {
  const refusal = payRefusal(order, options.now);
  if (refusal) return { ok: false, reason: refusal };
  const id = newId("pay");
  const created = await provider.createPayment({
    paymentId: id,
    orderId: order.id,
    amountMinor: order.totalMinor,
    currency: order.currency,
    description: options.description,
    returnUrl: options.returnUrl,
  });
  const at = new Date(options.now);
  await db.insert(payments).values({
    id,
    orderId: order.id,
    provider: provider.name,
    providerRef: created.providerRef,
    amountMinor: order.totalMinor,
    currency: order.currency,
    status: "created",
    createdAt: at,
    updatedAt: at,
  });
  return { ok: true, redirectUrl: created.redirectUrl };
}

/**
 * Gives a succeeded payment's money back through the provider (keyed by the payment's id, so asking
 * twice refunds once) and returns the statement that records it.
 */
export async function refundAtProvider(d1: D1Database, provider: PaymentProvider, payment: PaymentRow, now: number): Promise<D1PreparedStatement> {
  await provider.refund({ providerRef: payment.providerRef, amountMinor: payment.amountMinor, currency: payment.currency, idempotencyKey: payment.id });
  return d1.prepare("UPDATE payments SET status = 'refunded', updated_at = ?1 WHERE id = ?2 AND status = 'succeeded'").bind(now, payment.id);
}
