import { and, asc, eq } from "drizzle-orm";
import { shipments, trackingEvents, type TrackingStatus } from "../../../db/schema/index.ts";
import type { Db } from "../../lib/db.ts";

export type TrackingEvent = { status: TrackingStatus; location: string | null; at: Date };
export type Tracking = { carrier: string; trackingNumber: string; shippedAt: Date; events: TrackingEvent[] };
export type ShipmentRow = typeof shipments.$inferSelect;

/**
 * The order's parcel and what the carrier reported about it, oldest first by the time the carrier
 * gives (events may arrive out of order); null before the order ships.
 */
export async function trackingFor(db: Db, orderId: string): Promise<Tracking | null> {
  const [shipment] = await db.select().from(shipments).where(eq(shipments.orderId, orderId)).limit(1);
  if (!shipment) return null;
  const events = await db
    .select({ status: trackingEvents.status, location: trackingEvents.location, at: trackingEvents.at })
    .from(trackingEvents)
    .where(eq(trackingEvents.shipmentId, shipment.id))
    .orderBy(asc(trackingEvents.at), asc(trackingEvents.eventId));
  return { carrier: shipment.carrier, trackingNumber: shipment.trackingNumber, shippedAt: shipment.createdAt, events };
}

/** Records the parcel an order went out as; one per order (unique index), so a repeat stores nothing. */
export async function recordShipment(db: Db, shipment: ShipmentRow): Promise<void> {
  await db.insert(shipments).values(shipment).onConflictDoNothing();
}

export async function findShipment(db: Db, carrier: string, trackingNumber: string): Promise<ShipmentRow | null> {
  const [row] = await db
    .select()
    .from(shipments)
    .where(and(eq(shipments.carrier, carrier), eq(shipments.trackingNumber, trackingNumber)))
    .limit(1);
  return row ?? null;
}

export type NewTrackingEvent = { eventId: string; shipmentId: string; status: TrackingStatus; location: string | null; at: number; receivedAt: number };

/**
 * Stores a carrier's tracking event once: the event id goes into the webhook ledger and the event onto
 * the timeline in one batch, the second only when the first was new. False for a replay.
 */
export async function recordTrackingEvent(d1: D1Database, event: NewTrackingEvent): Promise<boolean> {
  const [ledger] = await d1.batch([
    d1.prepare("INSERT INTO webhook_events (source, event_id, received_at) VALUES ('carrier', ?1, ?2) ON CONFLICT DO NOTHING").bind(event.eventId, event.receivedAt),
    d1
      .prepare("INSERT INTO tracking_events (shipment_id, event_id, status, location, at) SELECT ?1, ?2, ?3, ?4, ?5 WHERE changes() = 1 ON CONFLICT DO NOTHING")
      .bind(event.shipmentId, event.eventId, event.status, event.location, event.at),
  ]);
  return ledger?.meta.changes === 1;
}
