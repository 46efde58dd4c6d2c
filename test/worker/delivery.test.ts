import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { sandboxCarrierRoutes } from "../../worker/features/delivery/sandbox-routes.ts";
import { trackingFor } from "../../worker/features/delivery/queries.ts";
import { moveOrder } from "../../worker/features/orders/queries.ts";
import { database } from "../../worker/lib/db.ts";
import { orderStatus, paidOrder, postTracking, shippedOrder, signedIn, trackingEvent } from "./delivery-support.ts";
import { testDelivery } from "./order-support.ts";
import { seedDemoShop, textOf, type Visitor } from "./support.ts";

let staff: Visitor;

beforeAll(async () => {
  await seedDemoShop({ members: true });
  staff = await signedIn("staff");
});

const trackingRows = (shipmentId: string) =>
  env.DB.prepare("SELECT event_id, status, location FROM tracking_events WHERE shipment_id = ? ORDER BY at").bind(shipmentId).all<{ event_id: string; status: string; location: string | null }>();

const orderEvents = (orderId: string, status: string) =>
  env.DB.prepare("SELECT actor FROM order_events WHERE order_id = ? AND status = ?").bind(orderId, status).all<{ actor: string }>();

describe("shipping an order", () => {
  it("sends the carrier only the recipient's name, address and phone, with a reference", async () => {
    const order = await paidOrder({ quantity: 2, invoice: { title: "Hangzhou Tea Trading Co.", taxpayerId: "91330100MA27XYZ123", email: "accounts@example.com" } });
    const response = await staff.post(`/staff/orders/${order.number}/ship`, {});
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/staff/orders/${order.number}?done=shipped`);

    const shipment = await env.DB.prepare("SELECT id, carrier, tracking_number FROM shipments WHERE order_id = ?")
      .bind(order.id)
      .first<{ id: string; carrier: string; tracking_number: string }>();
    expect(shipment?.carrier).toBe("sandbox");
    const received = await env.DB.prepare("SELECT label FROM sandbox_shipments WHERE tracking_number = ?").bind(shipment!.tracking_number).first<string>("label");
    // Exactly this, nothing more: no order number, prices, items, invoice data, member or email.
    expect(JSON.parse(received!)).toStrictEqual({
      reference: shipment!.id,
      recipient: { name: testDelivery.name, address: testDelivery.address, phone: testDelivery.phone },
    });
    expect(shipment!.id).toMatch(/^shp_[0-9a-f]{16}$/);
    expect(received).not.toContain(order.number);
    expect(received).not.toContain(order.id);

    expect(await orderStatus(order.id)).toBe("shipped");
    expect((await orderEvents(order.id, "shipped")).results).toStrictEqual([{ actor: "staff" }]);
    const page = textOf(await (await staff.get(`/staff/orders/${order.number}?done=shipped`)).text());
    expect(page).toContain("The order was handed to the carrier.");
    expect(page).toContain(shipment!.tracking_number);
    expect(page).toContain("The carrier has not reported on the parcel yet.");
  });

  it("ships once when the form is submitted twice, even at the same moment", async () => {
    const order = await paidOrder();
    const path = `/staff/orders/${order.number}/ship`;
    const [first, second] = await Promise.all([staff.post(path, {}), staff.post(path, {})]);
    const third = await staff.post(path, {});
    for (const response of [first, second, third]) expect(response.status).toBe(303);
    expect(third.headers.get("location")).toBe(`/staff/orders/${order.number}`);

    const shipments = await env.DB.prepare("SELECT tracking_number FROM shipments WHERE order_id = ?").bind(order.id).all<{ tracking_number: string }>();
    expect(shipments.results).toHaveLength(1);
    const labels = await env.DB.prepare("SELECT count(*) AS n FROM sandbox_shipments WHERE json_extract(label, '$.reference') = (SELECT id FROM shipments WHERE order_id = ?)")
      .bind(order.id)
      .first<number>("n");
    expect(labels).toBe(1);
    expect((await orderEvents(order.id, "shipped")).results).toHaveLength(1);
  });
});

describe("the carrier's tracking webhook", () => {
  it("refuses a tampered body, a wrong secret, a missing signature and a stale or future timestamp (401), storing nothing", async () => {
    const order = await shippedOrder(staff);
    const event = trackingEvent(order.trackingNumber, { status: "delivered" });
    const tampered = await postTracking(event, { body: JSON.stringify({ ...event, location: "Elsewhere" }) });
    const wrongSecret = await postTracking(event, { secret: "not-the-carrier-secret-0123456789" });
    const unsigned = await postTracking(event, { signature: null });
    const garbled = await postTracking(event, { signature: "t=1,v1=zz" });
    const stale = await postTracking(event, { signedAt: Date.now() - 301_000 });
    const future = await postTracking(event, { signedAt: Date.now() + 301_000 });
    for (const response of [tampered, wrongSecret, unsigned, garbled, stale, future]) {
      expect(response.status).toBe(401);
      expect(await response.json()).toStrictEqual({ error: "bad_signature" });
    }
    expect((await trackingRows(order.shipmentId)).results).toHaveLength(0);
    expect(await orderStatus(order.id)).toBe("shipped");
    // Within the five minutes it is accepted.
    expect((await postTracking(event, { signedAt: Date.now() - 240_000 })).status).toBe(200);
  });

  it("answers 404 for a tracking number the shop never shipped, and 400 for a body that is not an event", async () => {
    const unknown = await postTracking(trackingEvent("SBX000000000000"));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toStrictEqual({ error: "unknown_tracking_number" });
    const order = await shippedOrder(staff);
    const invalid = await postTracking({ ...trackingEvent(order.trackingNumber), status: "lost" as "exception" });
    expect(invalid.status).toBe(400);
    expect((await trackingRows(order.shipmentId)).results).toHaveLength(0);
  });

  it("stores a replayed event once", async () => {
    const order = await shippedOrder(staff);
    const event = trackingEvent(order.trackingNumber, { status: "picked_up" });
    const first = await postTracking(event);
    const replay = await postTracking(event);
    expect(first.status).toBe(200);
    expect(await first.json()).toStrictEqual({ received: true, duplicate: false });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toStrictEqual({ received: true, duplicate: true });
    expect((await trackingRows(order.shipmentId)).results).toHaveLength(1);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM webhook_events WHERE source = 'carrier' AND event_id = ?").bind(event.id).first<number>("n")).toBe(1);
  });

  it("keeps events that arrive out of order and shows them by the carrier's time, newest first", async () => {
    const order = await shippedOrder(staff);
    const at = (minutes: number) => new Date(Date.now() - 60 * 60_000 + minutes * 60_000).toISOString();
    // Sent in the wrong order: out for delivery, then picked up, then in transit.
    for (const [status, minutes, location] of [
      ["out_for_delivery", 30, "Xihu delivery station"],
      ["picked_up", 0, "Shanghai warehouse"],
      ["in_transit", 10, "Hangzhou sorting centre"],
    ] as const) {
      expect((await postTracking(trackingEvent(order.trackingNumber, { status, occurredAt: at(minutes), location }))).status).toBe(200);
    }
    const tracking = await trackingFor(database(env.DB), order.id);
    expect(tracking?.events.map((event) => event.status)).toStrictEqual(["picked_up", "in_transit", "out_for_delivery"]);

    const html = await (await staff.get(`/staff/orders/${order.number}`)).text();
    const timeline = textOf(html.slice(html.indexOf('class="delivery-timeline"')));
    expect(timeline.indexOf("Out for delivery")).toBeLessThan(timeline.indexOf("In transit"));
    expect(timeline.indexOf("In transit")).toBeLessThan(timeline.indexOf("Picked up"));
    expect(timeline).toContain("Xihu delivery station");
    expect(html).toMatch(/<ol class="delivery-timeline" aria-label="Tracking events, newest first" reversed/);
  });

  it("moves a shipped order to delivered when the parcel is delivered, by the carrier", async () => {
    const order = await shippedOrder(staff);
    const response = await postTracking(trackingEvent(order.trackingNumber, { status: "delivered", location: "Front desk" }));
    expect(response.status).toBe(200);
    expect(await orderStatus(order.id)).toBe("delivered");
    expect((await orderEvents(order.id, "delivered")).results).toStrictEqual([{ actor: "carrier" }]);
    const page = textOf(await (await staff.get(`/staff/orders/${order.number}`)).text());
    expect(page).toContain("Delivered · ");
    expect(page).toContain("Front desk");
    expect(page).toContain("by the carrier");
  });

  it("shows an exception on the timeline and leaves the order shipped", async () => {
    const order = await shippedOrder(staff);
    expect((await postTracking(trackingEvent(order.trackingNumber, { status: "exception", location: "Recipient not at home" }))).status).toBe(200);
    expect(await orderStatus(order.id)).toBe("shipped");
    const html = await (await staff.get(`/staff/orders/${order.number}`)).text();
    expect(html).toContain("delivery-timeline__event--exception");
    const page = textOf(html);
    expect(page).toContain("Delivery problem");
    expect(page).toContain("Recipient not at home");
    expect(page).toContain("It will try again or contact the recipient.");
  });

  it("changes no status when a delivered event comes for an order that is no longer shipped", async () => {
    const order = await shippedOrder(staff);
    expect((await postTracking(trackingEvent(order.trackingNumber, { status: "delivered" }))).status).toBe(200);
    expect(await moveOrder(env.DB, order.id, "delivered", "completed", "member")).toBe(true);
    const late = await postTracking(trackingEvent(order.trackingNumber, { status: "delivered", location: "Parcel locker" }));
    expect(late.status).toBe(200);
    expect(await orderStatus(order.id)).toBe("completed");
    expect((await orderEvents(order.id, "delivered")).results).toHaveLength(1);
    // The event itself is on the timeline all the same.
    expect((await trackingRows(order.shipmentId)).results.map((row) => row.status)).toStrictEqual(["delivered", "delivered"]);
    expect(textOf(await (await staff.get(`/staff/orders/${order.number}`)).text())).toContain("Parcel locker");
  });
});

describe("the sandbox carrier", () => {
  it("lists the parcels it received and sends the shop signed tracking events from its console", async () => {
    const order = await shippedOrder(staff);
    const consolePage = await staff.get("/sandbox/carrier");
    expect(consolePage.status).toBe(200);
    const consoleHtml = await consolePage.text();
    expect(textOf(consoleHtml)).toContain(order.trackingNumber);
    expect(consoleHtml).toContain(`action="/sandbox/carrier/${order.trackingNumber}/events"`);

    const sent = await staff.post(`/sandbox/carrier/${order.trackingNumber}/events`, { status: "out_for_delivery", location: "Xihu delivery station" });
    expect(sent.status).toBe(303);
    expect(sent.headers.get("location")).toBe("/sandbox/carrier?sent=out_for_delivery");
    expect(textOf(await (await staff.get("/sandbox/carrier?sent=out_for_delivery")).text())).toContain("Tracking event sent to the shop: Out for delivery.");
    const delivered = await staff.post(`/sandbox/carrier/${order.trackingNumber}/events`, { status: "delivered", location: "" });
    expect(delivered.status).toBe(303);
    expect(await orderStatus(order.id)).toBe("delivered");
    const tracking = await trackingFor(database(env.DB), order.id);
    expect(tracking?.events.map((event) => [event.status, event.location])).toStrictEqual([
      ["out_for_delivery", "Xihu delivery station"],
      ["delivered", null],
    ]);
    expect((await staff.post("/sandbox/carrier/SBX999999999999/events", { status: "delivered" })).status).toBe(404);
  });

  it("does not exist in production", async () => {
    const production = { ...env, APP_ENV: "production" };
    expect((await sandboxCarrierRoutes.request("/sandbox/carrier", {}, production)).status).toBe(404);
    expect((await sandboxCarrierRoutes.request("/sandbox/carrier/SBX000000000001/events", { method: "POST" }, production)).status).toBe(404);
  });
});

describe("the member's order page", () => {
  it("shows the delivery timeline once the order has shipped", async () => {
    const shopper = await signedIn("shopper");
    const order = await shippedOrder(staff);
    await postTracking(trackingEvent(order.trackingNumber, { status: "picked_up", location: "Shanghai warehouse" }));
    const response = await shopper.get(`/orders/${order.number}`);
    expect(response.status).toBe(200);
    const page = textOf(await response.text());
    expect(page).toContain(order.trackingNumber);
    expect(page).toContain("Picked up");
    expect(page).toContain("Shanghai warehouse");
  });
});
