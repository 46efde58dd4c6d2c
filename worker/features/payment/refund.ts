import { database } from "../../lib/db.ts";
import type { OrderRow } from "../orders/queries.ts";
import { providerFor } from "./providers.ts";
import { orderMoveStatements } from "../orders/queries.ts";
import { latestPayment, refundAtProvider } from "./queries.ts";

/** Orders whose money can go back (the status machine: shipped parcels are refunded once delivered). */
const refundable = ["paid", "delivered", "completed"] as const;
const isRefundable = (status: OrderRow["status"]): status is (typeof refundable)[number] => (refundable as readonly string[]).includes(status);

/**
 * Refunds a paid order through the provider and moves it to `refunded` (by staff). The provider is asked
 * first, keyed by the payment's id, so a retry after a failure refunds once; the payment and the order
 * then change in one batch. False when there is nothing to refund (not in a refundable state, or no
 * payment that succeeded).
 */
export async function refundOrder(env: Env, order: OrderRow, now = Date.now()): Promise<boolean> {
  if (!isRefundable(order.status)) return false;
  const payment = await latestPayment(database(env.DB), order.id, "succeeded");
  if (!payment) return false;
  const markRefunded = await refundAtProvider(env.DB, providerFor(env), payment, now);
  const [, , recorded] = await env.DB.batch([markRefunded, ...orderMoveStatements(env.DB, { orderId: order.id, from: order.status, to: "refunded", actor: "staff", now })]);
  return recorded?.meta.changes === 1;
}
