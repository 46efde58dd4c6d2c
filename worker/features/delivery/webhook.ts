/**
 * What the carrier tells the shop about a parcel: a signed tracking event (picked up, in transit, out
 * for delivery, delivered, exception). `POST /webhooks/carrier` and the sandbox carrier's console both
 * hand requests to `receiveCarrierWebhook`, so the sandbox exercises exactly the production path.
 */
import * as v from "valibot";
import { trackingStatuses } from "../../../db/schema/index.ts";
import { database } from "../../lib/db.ts";
import { verifyWebhook } from "../../lib/webhook-signature.ts";
import { moveOrder } from "../orders/queries.ts";
import { carrierFor, trackingNumber } from "./carrier.ts";
import { findShipment, recordTrackingEvent } from "./queries.ts";

/** The body of a tracking webhook. Times are ISO 8601 with a zone, as the carrier's clock saw them. */
export const trackingWebhook = v.object({
  id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,100}$/)),
  trackingNumber,
  status: v.picklist(trackingStatuses),
  location: v.nullish(v.pipe(v.string(), v.trim(), v.maxLength(200)), null),
  occurredAt: v.pipe(v.string(), v.isoTimestamp()),
});
export type TrackingWebhook = v.InferInput<typeof trackingWebhook>;

/** Larger bodies are not tracking events. */
export const maxWebhookBytes = 16_384;

export type WebhookAnswer = {
  status: 200 | 400 | 401 | 404 | 413;
  body: { received: true; duplicate: boolean } | { error: "bad_signature" | "invalid_input" | "unknown_tracking_number" | "too_large" };
};

/**
 * Checks the signature (and its freshness) before reading anything, then stores the event once. A
 * delivered parcel moves its order from shipped to delivered; the move is tried on a replay too (it only
 * happens from `shipped`), so an event whose first delivery failed half-way still completes.
 */
export async function receiveCarrierWebhook(env: Env, signature: string | null | undefined, body: string, now = Date.now()): Promise<WebhookAnswer> {
  if (body.length > maxWebhookBytes) return { status: 413, body: { error: "too_large" } };
  if (!(await verifyWebhook(env.CARRIER_WEBHOOK_SECRET, signature, body, now))) return { status: 401, body: { error: "bad_signature" } };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { status: 400, body: { error: "invalid_input" } };
  }
  const parsed = v.safeParse(trackingWebhook, json);
  if (!parsed.success) return { status: 400, body: { error: "invalid_input" } };
  const event = parsed.output;

  const db = database(env.DB);
  const shipment = await findShipment(db, carrierFor(env).name, event.trackingNumber);
  if (!shipment) return { status: 404, body: { error: "unknown_tracking_number" } };
  const stored = await recordTrackingEvent(env.DB, {
    eventId: event.id,
    shipmentId: shipment.id,
    status: event.status,
    location: event.location || null,
    at: Date.parse(event.occurredAt),
    receivedAt: now,
  });
  if (event.status === "delivered") await moveOrder(env.DB, shipment.orderId, "shipped", "delivered", "carrier", now);
  return { status: 200, body: { received: true, duplicate: !stored } };
}
