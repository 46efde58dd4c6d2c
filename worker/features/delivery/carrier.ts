/**
 * The carrier adapter: the only way a parcel's details leave the shop. A label holds what a courier needs
 * to hand the parcel over — recipient name, address and phone — and the shipment's opaque reference;
 * never prices, items, invoice data or who the buyer's account is (policy §4.4). Development and tests
 * use the in-repo sandbox carrier; production posts to the carrier's API.
 */
import * as v from "valibot";
import { isProduction } from "../outbox/adapters.ts";
import { sandboxCarrier } from "./sandbox-carrier.ts";

/** A carrier's tracking number as the shop accepts it (from the carrier's answer and its webhooks). */
export const trackingNumber = v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{4,40}$/));

export type Label = { name: string; address: string; phone: string };

/** Exactly what the carrier receives for a shipment. */
export type ShipmentRequest = {
  /** The shop's shipment id: the carrier's idempotency key, so a retried request makes one parcel. */
  reference: string;
  recipient: Label;
};

export interface Carrier {
  /** Stored with each shipment, to tell whose tracking numbers a webhook speaks of. */
  readonly name: string;
  createShipment(request: ShipmentRequest): Promise<{ trackingNumber: string }>;
}

/** The label for a shipment, built field by field so nothing else an order holds can slip in. */
export const shipmentRequest = (reference: string, recipient: Label): ShipmentRequest => ({
  reference,
  recipient: { name: recipient.name, address: recipient.address, phone: recipient.phone },
});

function httpCarrier(env: Env): Carrier {
  const settings = env as unknown as { CARRIER_API_URL?: string; CARRIER_API_TOKEN?: string };
  return {
    name: "carrier",
    async createShipment(request) {
      if (!settings.CARRIER_API_URL) throw new Error("no carrier is configured (CARRIER_API_URL)");
      const response = await fetch(settings.CARRIER_API_URL, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "idempotency-key": request.reference,
          ...(settings.CARRIER_API_TOKEN ? { authorization: `Bearer ${settings.CARRIER_API_TOKEN}` } : {}),
        },
        body: JSON.stringify(request),
      });
      if (!response.ok) throw new Error(`carrier answered ${response.status}`);
      const answer = v.safeParse(v.object({ trackingNumber }), await response.json());
      if (!answer.success) throw new Error("carrier answered without a tracking number");
      return { trackingNumber: answer.output.trackingNumber };
    },
  };
}

/** The sandbox everywhere but production. */
export const carrierFor = (env: Env): Carrier => (isProduction(env) ? httpCarrier(env) : sandboxCarrier(env.DB));
