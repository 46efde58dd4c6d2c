import { and, eq, sql } from "drizzle-orm";
import { orders, shipments } from "../../../db/schema/index.ts";
import { database } from "../../lib/db.ts";
import { lookupHash } from "../../lib/field-crypto.ts";
import { findOrder, moveOrder, orderRecipient, type OrderRow } from "../orders/queries.ts";
import { carrierFor, shipmentRequest } from "./carrier.ts";
import { recordShipment } from "./queries.ts";

/**
 * An order's one shipment id, the carrier's idempotency key: the same for every attempt to ship the
 * order (a double submit, two staff members at once), so the carrier makes one parcel. Keyed with the
 * field key, so the carrier cannot link it to the order id the payment provider knows.
 */
export async function shipmentIdFor(fieldKey: string, orderId: string): Promise<string> {
  return `shp_${(await lookupHash(fieldKey, "shipment", orderId)).slice(0, 16)}`;
}

/**
 * Hands a paid order to the carrier and moves it to shipped (actor staff). The carrier gets the label
 * and nothing else; the shop keeps only the tracking number. True when the order is shipped afterwards
 * (by this call or a parallel one: one parcel, one "shipped" event either way); false when it was not
 * paid or moved elsewhere meanwhile. A carrier failure throws, leaving the order paid.
 */
export async function shipOrder(env: Env, order: OrderRow, now = Date.now()): Promise<boolean> {
  if (order.status !== "paid") return false;
  const db = database(env.DB);
  const carrier = carrierFor(env);
  const id = await shipmentIdFor(env.FIELD_KEY, order.id);
  const recipient = await orderRecipient(env.FIELD_KEY, order);
  const { trackingNumber } = await carrier.createShipment(shipmentRequest(id, recipient));
  await recordShipment(db, { id, orderId: order.id, carrier: carrier.name, trackingNumber, createdAt: new Date(now) });
  if (await moveOrder(env.DB, order.id, "paid", "shipped", "staff", now)) return true;
  if ((await findOrder(db, order.id))?.status === "shipped") return true;
  // Cancelled or refunded while the label was made: the parcel will not go, so no timeline either.
  await db
    .delete(shipments)
    .where(and(eq(shipments.id, id), sql`NOT EXISTS (SELECT 1 FROM ${orders} WHERE ${orders.id} = ${order.id} AND ${orders.status} = 'shipped')`));
  return false;
}
