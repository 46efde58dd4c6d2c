import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";
import { demoMembers, type DemoMember } from "../../db/seed/seed-members.ts";
import type { MemberRole } from "../../db/schema/index.ts";
import { moveOrder } from "../../worker/features/orders/queries.ts";
import type { TrackingWebhook } from "../../worker/features/delivery/webhook.ts";
import { newId } from "../../worker/lib/ids.ts";
import { signWebhook } from "../../worker/lib/webhook-signature.ts";
import { placeTestOrder, productWithStock } from "./order-support.ts";
import { signInAs, Visitor } from "./support.ts";

export const demo = (role: MemberRole): DemoMember => demoMembers.find((member) => member.role === role)!;

export async function memberIdOf(role: MemberRole): Promise<string> {
  return (await env.DB.prepare("SELECT id FROM members WHERE role = ? ORDER BY created_at LIMIT 1").bind(role).first<string>("id"))!;
}

export async function signedIn(role: MemberRole): Promise<Visitor> {
  const visitor = new Visitor({ country: "CN" });
  const response = await signInAs(visitor, demo(role));
  expect(response.status).toBe(303);
  return visitor;
}

export const orderStatus = (id: string) => env.DB.prepare("SELECT status FROM orders WHERE id = ?").bind(id).first<string>("status");
export const stockOf = (productId: string) => env.DB.prepare("SELECT stock FROM products WHERE id = ?").bind(productId).first<number>("stock");

/** An order of the shopper's, awaiting payment: `quantity` units of a product that had `stock`. */
export async function pendingOrder(options: { quantity?: number; stock?: number; invoice?: NonNullable<Parameters<typeof placeTestOrder>[2]>["invoice"] } = {}) {
  const product = await productWithStock(options.stock ?? 10);
  const placed = await placeTestOrder(await memberIdOf("shopper"), product.id, { quantity: options.quantity ?? 1, invoice: options.invoice });
  return { id: placed.id, number: placed.number, productId: product.id };
}

/** An order marked paid directly (no payment row): enough for shipping, not for a refund. */
export async function paidOrder(options: Parameters<typeof pendingOrder>[0] = {}) {
  const order = await pendingOrder(options);
  expect(await moveOrder(env.DB, order.id, "pending_payment", "paid", "payment")).toBe(true);
  return order;
}

/** A paid order shipped through the staff page; returns its shipment. */
export async function shippedOrder(staff: Visitor) {
  const order = await paidOrder();
  const response = await staff.post(`/staff/orders/${order.number}/ship`, {});
  expect(response.status).toBe(303);
  const shipment = await env.DB.prepare("SELECT id, tracking_number FROM shipments WHERE order_id = ?").bind(order.id).first<{ id: string; tracking_number: string }>();
  return { ...order, shipmentId: shipment!.id, trackingNumber: shipment!.tracking_number };
}

/** A tracking event as the carrier would build it, with a fresh event id unless given one. */
export const trackingEvent = (trackingNumber: string, fields: Partial<TrackingWebhook> = {}): TrackingWebhook => ({
  id: newId("cev"),
  trackingNumber,
  status: "in_transit",
  location: "Hangzhou sorting centre",
  occurredAt: new Date().toISOString(),
  ...fields,
});

/** Posts a tracking webhook to the shop, signed as the carrier signs it (or not quite, as the options say). */
export async function postTracking(event: TrackingWebhook, options: { signedAt?: number; secret?: string; body?: string; signature?: string | null } = {}) {
  const body = JSON.stringify(event);
  const signature =
    options.signature === undefined ? await signWebhook(options.secret ?? env.CARRIER_WEBHOOK_SECRET, body, options.signedAt ?? Date.now()) : options.signature;
  return exports.default.fetch(
    new Request("https://shop.test/webhooks/carrier", {
      method: "POST",
      headers: { "Content-Type": "application/json", ...(signature !== null && { "Lantern-Signature": signature }) },
      body: options.body ?? body,
    }),
  );
}
