import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { moveOrder } from "../../worker/features/orders/queries.ts";
import { memberIdOf, orderStatus, paidOrder, pendingOrder, signedIn, stockOf } from "./delivery-support.ts";
import { placeTestOrder, testDelivery } from "./order-support.ts";
import { seedDemoShop, textOf, Visitor } from "./support.ts";

let staff: Visitor;

beforeAll(async () => {
  await seedDemoShop({ members: true });
  staff = await signedIn("staff");
});

/** The staff actions a page offers (its other forms, such as the language switch, aside). */
const actions = (html: string) => [...html.matchAll(/<form[^>]*method="post"[^>]*action="(\/staff\/[^"]+)"/g)].map((match) => match[1]);

/** Pays an order the way a member does: the provider's hosted page, then its signed webhook. */
async function payThroughProvider(shopper: Visitor, number: string) {
  const started = await shopper.post(`/orders/${number}/pay`, {});
  expect(started.status).toBe(303);
  const hosted = new URL(started.headers.get("location")!).pathname;
  expect((await shopper.post(`${hosted}/approve`, {})).status).toBe(303);
}

describe("who may see staff order pages", () => {
  it("sends guests to sign in, refuses shoppers and hosts (403), lets staff and admins in", async () => {
    const order = await pendingOrder();
    for (const path of ["/staff/orders", `/staff/orders/${order.number}`]) {
      const guest = await new Visitor().get(path);
      expect(guest.status).toBe(303);
      expect(guest.headers.get("location")).toBe(`/sign-in?next=${encodeURIComponent(path)}`);
      expect((await (await signedIn("shopper")).get(path)).status).toBe(403);
      expect((await (await signedIn("host")).get(path)).status).toBe(403);
      expect((await staff.get(path)).status).toBe(200);
      expect((await (await signedIn("admin")).get(path)).status).toBe(200);
    }
    // Nor may a shopper act on an order.
    expect((await (await signedIn("shopper")).post(`/staff/orders/${order.number}/cancel`, {})).status).toBe(403);
    expect(await orderStatus(order.id)).toBe("pending_payment");
  });

  it("links staff to the order pages from their account page, and no one else", async () => {
    expect(await (await staff.get("/account")).text()).toContain('href="/staff/orders"');
    expect(await (await (await signedIn("shopper")).get("/account")).text()).not.toContain('href="/staff/orders"');
  });
});

describe("finding orders", () => {
  it("finds an order by its exact number and filters by status, newest first, recipients masked", async () => {
    const older = await pendingOrder();
    const newer = await paidOrder();
    const byNumber = await staff.get(`/staff/orders?number=${newer.number}`);
    const found = textOf(await byNumber.text());
    expect(found).toContain("1 order");
    expect(found).toContain(newer.number);
    expect(found).not.toContain(older.number);
    expect(found).toContain("Paid");
    expect(found).toContain("W*** ****");
    expect(found).not.toContain(testDelivery.name);
    // Typed with spaces it is the same number; a part of it finds nothing.
    expect(textOf(await (await staff.get(`/staff/orders?number=${newer.number.slice(0, 8)}%20${newer.number.slice(8)}`)).text())).toContain(newer.number);
    expect(textOf(await (await staff.get(`/staff/orders?number=${newer.number.slice(0, 12)}`)).text())).toContain("No order matches.");

    const paidList = textOf(await (await staff.get("/staff/orders?status=paid")).text());
    expect(paidList).toContain(newer.number);
    expect(paidList).not.toContain(older.number);
    const all = textOf(await (await staff.get("/staff/orders")).text());
    expect(all.indexOf(newer.number)).toBeGreaterThan(-1);
    expect(all.indexOf(newer.number)).toBeLessThan(all.indexOf(older.number));
    expect((await staff.get("/staff/orders?status=lost")).status).toBe(400);
  });

  it("pages through many orders, keeping the filter", async () => {
    const memberId = await memberIdOf("admin");
    const product = await env.DB.prepare("SELECT id FROM products WHERE stock > 0 ORDER BY id LIMIT 1").first<string>("id");
    await env.DB.prepare("UPDATE products SET stock = 1000 WHERE id = ?").bind(product).run();
    const start = Date.now() - 86_400_000;
    const placed = [];
    for (let i = 0; i < 22; i++) placed.push(await placeTestOrder(memberId, product!, { now: start + i * 1000 }));
    for (const order of placed) await moveOrder(env.DB, order.id, "pending_payment", "cancelled", "system");
    const first = await (await staff.get("/staff/orders?status=cancelled")).text();
    expect(first).toContain('href="/staff/orders?status=cancelled&amp;page=2"');
    expect(textOf(first)).toContain("Page 1 of 2");
    const second = textOf(await (await staff.get("/staff/orders?status=cancelled&page=2")).text());
    expect(second).toContain("Page 2 of 2");
    // Oldest last: the first two placed are on the second page.
    expect(second).toContain(placed[0]!.number);
    expect(second).not.toContain(placed[21]!.number);
  });
});

describe("an order's staff page", () => {
  it("shows items, amounts, history and the recipient masked, and only the actions its status allows", async () => {
    const order = await pendingOrder({ quantity: 3 });
    const html = await (await staff.get(`/staff/orders/${order.number}`)).text();
    const page = textOf(html);
    expect(page).toContain(`Order ${order.number}`);
    expect(page).toContain("Waiting for payment");
    expect(page).toContain("W*** ****");
    expect(page).toContain("+86 ••• •••• 5678");
    for (const secret of [testDelivery.name, testDelivery.address, testDelivery.phone, "139 1234"]) expect(page).not.toContain(secret);
    expect(page).toMatch(/Qty Total .+ CN¥[\d,.]+ 3 CN¥[\d,.]+ Subtotal/);
    expect(page).toContain("Subtotal");
    expect(page).toContain("Status history");
    expect(page).toContain("Not shipped yet.");
    expect(actions(html)).toStrictEqual([`/staff/orders/${order.number}/cancel`]);

    await moveOrder(env.DB, order.id, "pending_payment", "paid", "payment");
    const paid = await (await staff.get(`/staff/orders/${order.number}`)).text();
    expect(actions(paid)).toStrictEqual([`/staff/orders/${order.number}/ship`, `/staff/orders/${order.number}/refund`]);
    expect(textOf(paid)).toContain("by the payment provider");

    await moveOrder(env.DB, order.id, "paid", "refunded", "staff");
    const refunded = await (await staff.get(`/staff/orders/${order.number}`)).text();
    expect(actions(refunded)).toStrictEqual([]);
    expect(textOf(refunded)).toContain("Nothing to do: the order is Refunded.");
  });

  it("answers 404 for an unknown or malformed order number", async () => {
    expect((await staff.get("/staff/orders/2026010100000000")).status).toBe(404);
    expect((await staff.get("/staff/orders/not-a-number")).status).toBe(404);
    expect((await staff.post("/staff/orders/2026010100000000/cancel", {})).status).toBe(404);
    expect((await staff.post("/staff/orders/2026010100000000/explode", {})).status).toBe(404);
  });
});

describe("staff actions", () => {
  it("cancels an unpaid order, and the stock it reserved goes back", async () => {
    const order = await pendingOrder({ quantity: 2, stock: 5 });
    expect(await stockOf(order.productId)).toBe(3);
    const response = await staff.post(`/staff/orders/${order.number}/cancel`, {});
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/staff/orders/${order.number}?done=cancelled`);
    expect(await orderStatus(order.id)).toBe("cancelled");
    expect(await stockOf(order.productId)).toBe(5);
    const page = textOf(await (await staff.get(response.headers.get("location")!)).text());
    expect(page).toContain("The order was cancelled. Its stock is back on sale.");
    expect(page).toMatch(/Cancelled · by staff/);
    // A second submit changes nothing more.
    const again = await staff.post(`/staff/orders/${order.number}/cancel`, {});
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe(`/staff/orders/${order.number}`);
    expect(await stockOf(order.productId)).toBe(5);
  });

  it("refunds a paid order through the provider, and its stock goes back", async () => {
    const shopper = await signedIn("shopper");
    const order = await pendingOrder({ quantity: 2, stock: 6 });
    await payThroughProvider(shopper, order.number);
    expect(await orderStatus(order.id)).toBe("paid");
    expect(await stockOf(order.productId)).toBe(4);
    const response = await staff.post(`/staff/orders/${order.number}/refund`, {});
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/staff/orders/${order.number}?done=refunded`);
    expect(await orderStatus(order.id)).toBe("refunded");
    expect(await stockOf(order.productId)).toBe(6);
    expect(textOf(await (await staff.get(response.headers.get("location")!)).text())).toContain("The order was refunded.");
  });

  it("says so plainly when a refund does not go through, and changes nothing", async () => {
    // Marked paid without a payment at the provider: there is nothing the provider could refund.
    const order = await paidOrder();
    const response = await staff.post(`/staff/orders/${order.number}/refund`, {});
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/staff/orders/${order.number}?done=refund_failed`);
    expect(await orderStatus(order.id)).toBe("paid");
    expect(textOf(await (await staff.get(response.headers.get("location")!)).text())).toContain("The refund did not go through");
  });

  it("refuses a forged request for an illegal move with a 409 page, changing nothing", async () => {
    const pending = await pendingOrder();
    const paid = await paidOrder();
    for (const [order, action, status] of [
      [pending, "ship", "Waiting for payment"],
      [pending, "refund", "Waiting for payment"],
      [paid, "cancel", "Paid"],
    ] as const) {
      const response = await staff.post(`/staff/orders/${order.number}/${action}`, {});
      expect(response.status).toBe(409);
      expect(textOf(await response.text())).toContain(`Order ${order.number} is “${status}”`);
    }
    expect(await orderStatus(pending.id)).toBe("pending_payment");
    expect(await orderStatus(paid.id)).toBe("paid");
    expect(await env.DB.prepare("SELECT count(*) AS n FROM shipments WHERE order_id = ?").bind(pending.id).first<number>("n")).toBe(0);
  });

  it("is refused by the database too: an illegal UPDATE aborts", async () => {
    const order = await pendingOrder();
    await expect(env.DB.prepare("UPDATE orders SET status = 'shipped' WHERE id = ? AND status = 'pending_payment'").bind(order.id).run()).rejects.toThrow(
      /order_status_illegal/,
    );
    expect(await orderStatus(order.id)).toBe("pending_payment");
  });
});
