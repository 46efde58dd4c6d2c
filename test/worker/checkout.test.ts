import { env } from "cloudflare:workers";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { demoMembers } from "../../db/seed/seed-members.ts";
import { stableId } from "../../worker/lib/ids.ts";
import { recomputeAllLevels } from "../../worker/features/levels/queries.ts";
import { completeDeliveredOrders } from "../../worker/features/orders/scheduled.ts";
import { claimCoupon, holdUnit, issueCoupon, startSale } from "../../worker/features/live/selling.ts";
import { moveOrder } from "../../worker/features/orders/queries.ts";
import { productWithStock } from "./order-support.ts";
import { seedDemoShop, signInAs, textOf, Visitor } from "./support.ts";

const [shopper, , staff] = demoMembers as [(typeof demoMembers)[number], (typeof demoMembers)[number], (typeof demoMembers)[number]];
let shopperId = "";

beforeAll(async () => {
  await seedDemoShop({ members: true });
  shopperId = await stableId("mbr", shopper.phone);
});

beforeEach(async () => {
  await env.DB.prepare("DELETE FROM cart_items").run();
});

async function signedIn(member = shopper) {
  const visitor = new Visitor({ country: "CN" });
  expect((await signInAs(visitor, member)).status).toBe(303);
  return visitor;
}

async function putInCart(memberId: string, productId: string, quantity: number) {
  const price = await env.DB.prepare("SELECT price_minor FROM products WHERE id = ?").bind(productId).first<number>("price_minor");
  await env.DB.prepare("INSERT INTO cart_items (member_id, product_id, quantity, price_seen_minor, added_at) VALUES (?, ?, ?, ?, ?)").bind(memberId, productId, quantity, price, Date.now()).run();
}

const newAddress = { address_id: "new", recipient: "Wang Fang", country: "CN", phone: "139 1234 5678", address: "88 Jiefang Road, Xihu District, Hangzhou", delivery_time: "evenings" };

/** Opens the checkout page and submits its form with `fields` on top of the hidden ones. */
async function checkout(visitor: Visitor, fields: Record<string, string>, path = "/checkout") {
  const page = await (await visitor.get(path)).text();
  return visitor.post("/checkout", { ...Visitor.formFields(page, "/checkout"), intent: "place", ...fields });
}

const regularProduct = async (stock = 20) => {
  const product = await productWithStock(stock);
  await env.DB.prepare("UPDATE products SET cross_border = 0 WHERE id = ?").bind(product.id).run();
  return product;
};

describe("checkout", () => {
  it("sends guests to sign in, and an empty cart back to the cart", async () => {
    const guest = await new Visitor().get("/checkout");
    expect(guest.status).toBe(303);
    expect(guest.headers.get("Location")).toContain("/sign-in?next=%2Fcheckout");
    const member = await signedIn();
    const empty = await member.get("/checkout");
    expect(empty.headers.get("Location")).toBe("/cart");
  });

  it("shows every amount before placing, then places the order, reserves stock and empties the cart", async () => {
    const product = await regularProduct(20);
    await putInCart(shopperId, product.id, 2);
    const visitor = await signedIn();
    const page = await (await visitor.get("/checkout")).text();
    expect(textOf(page)).toContain("Subtotal");
    expect(textOf(page)).toContain("Total");
    const placed = await checkout(visitor, { ...newAddress, save_address: "on", note: "Leave it at the door" });
    expect(placed.status).toBe(303);
    const location = placed.headers.get("Location")!;
    expect(location).toMatch(/^\/orders\/\d{16}\?placed=1$/);
    expect(await env.DB.prepare("SELECT stock FROM products WHERE id = ?").bind(product.id).first<number>("stock")).toBe(18);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM cart_items WHERE member_id = ?").bind(shopperId).first<number>("n")).toBe(0);
    const order = textOf(await (await visitor.get(location)).text());
    expect(order).toContain("Waiting for payment");
    expect(order).toContain("Leave it at the door");
    expect(order).toContain("W*** ****");
    expect(order).not.toContain("Wang Fang");
    expect(order).not.toContain("88 Jiefang");
    expect(order).toContain("Evenings");
    // The address was saved to the address book (masked there too).
    const book = textOf(await (await visitor.get("/account/addresses")).text());
    expect(book).toContain("•• Jiefang Road");
  });

  it("keeps what was typed and writes nothing when the delivery details are incomplete", async () => {
    const product = await regularProduct(20);
    await putInCart(shopperId, product.id, 1);
    const visitor = await signedIn();
    const before = await env.DB.prepare("SELECT count(*) AS n FROM orders").first<number>("n");
    const response = await checkout(visitor, { ...newAddress, phone: "12", address: "x", note: "kept note" });
    expect(response.status).toBe(422);
    const page = await response.text();
    expect(page).toContain('value="Wang Fang"');
    expect(page).toContain("kept note");
    expect(textOf(page)).toContain("Enter the full address.");
    expect(await env.DB.prepare("SELECT count(*) AS n FROM orders").first<number>("n")).toBe(before);
  });

  it("asks for invoice details only when an invoice is wanted, and stores the taxpayer id encrypted", async () => {
    const product = await regularProduct(20);
    await putInCart(shopperId, product.id, 1);
    const visitor = await signedIn();
    const missing = await checkout(visitor, { ...newAddress, invoice: "on" });
    expect(missing.status).toBe(422);
    expect(textOf(await missing.text())).toContain("Enter the name to put on the invoice.");
    const placed = await checkout(visitor, { ...newAddress, invoice: "on", invoice_title: "Hangzhou Tea Co.", invoice_taxpayer: "91330100MA2XXXXX1X", invoice_email: "tax@example.com" });
    expect(placed.status).toBe(303);
    const number = new URL(placed.headers.get("Location")!, "https://shop.test").pathname.split("/")[2];
    const row = await env.DB.prepare("SELECT * FROM orders WHERE number = ?").bind(number).first<Record<string, unknown>>();
    expect(row!.invoice_title).toBe("Hangzhou Tea Co.");
    expect(JSON.stringify(row)).not.toContain("91330100MA2XXXXX1X");
    expect(JSON.stringify(row)).not.toContain("tax@example.com");
  });

  it("asks for the orderer's verified identity only when an item ships from abroad, and asks no customs ID inline", async () => {
    const product = await regularProduct(20);
    await env.DB.prepare("UPDATE products SET cross_border = 1 WHERE id = ?").bind(product.id).run();
    await putInCart(shopperId, product.id, 1);
    const visitor = await signedIn();
    const abroad = await (await visitor.get("/checkout")).text();
    expect(abroad).not.toContain('name="customs_id"');
    expect(abroad).toContain('href="/account/identity?reason=cross_border&amp;next=%2Fcheckout"');
    const sent = await checkout(visitor, newAddress);
    expect(sent.status).toBe(303);
    expect(sent.headers.get("Location")).toBe("/account/identity?reason=cross_border&next=%2Fcheckout");
    await env.DB.prepare("UPDATE products SET cross_border = 0 WHERE id = ?").bind(product.id).run();
    const domestic = await (await visitor.get("/checkout")).text();
    expect(domestic).not.toContain("/account/identity");
    expect((await checkout(visitor, newAddress)).status).toBe(303);
  });

  it("orders for someone else only with the orderer's confirmation that they agreed, recorded on the order", async () => {
    const product = await regularProduct(20);
    await putInCart(shopperId, product.id, 1);
    const visitor = await signedIn();
    const refused = await checkout(visitor, { ...newAddress, for_someone_else: "on" });
    expect(refused.status).toBe(422);
    const placed = await checkout(visitor, { ...newAddress, for_someone_else: "on", recipient_agreed: "on" });
    expect(placed.status).toBe(303);
    const number = new URL(placed.headers.get("Location")!, "https://shop.test").pathname.split("/")[2];
    const row = await env.DB.prepare("SELECT for_someone_else, recipient_consent_at FROM orders WHERE number = ?").bind(number).first<{ for_someone_else: number; recipient_consent_at: number }>();
    expect(row!.for_someone_else).toBe(1);
    expect(row!.recipient_consent_at).toBeGreaterThan(Date.now() - 60_000);
  });

  it("applies a coupon code, and says why one does not apply", async () => {
    const product = await regularProduct(20);
    await putInCart(shopperId, product.id, 1);
    const now = Date.now();
    await env.DB.prepare(
      "INSERT INTO coupons (id, code, kind, value, currency, min_spend_minor, starts_at, ends_at, per_member_limit, total_limit, scope, created_at) VALUES ('cpn_checkouttest00001', 'TEAPARTY', 'fixed', 700, 'CNY', 0, ?, ?, 1, 100, 'all', ?), ('cpn_checkouttest00002', 'BIGSPEND', 'fixed', 700, 'CNY', 99999999, ?, ?, 1, 100, 'all', ?)",
    )
      .bind(now - 1000, now + 3_600_000, now, now - 1000, now + 3_600_000, now)
      .run();
    const visitor = await signedIn();
    const tooSmall = await checkout(visitor, { ...newAddress, coupon_code: "bigspend", intent: "update" });
    expect(tooSmall.status).toBe(422);
    expect(textOf(await tooSmall.text())).toContain("minimum spend");
    const update = await checkout(visitor, { ...newAddress, coupon_code: "teaparty", intent: "update" });
    const updated = await update.text();
    expect(textOf(updated)).toContain("TEAPARTY");
    // Placing with the total shown after the update works; the order records the discount.
    const placed = await visitor.post("/checkout", { ...Visitor.formFields(updated, "/checkout"), ...newAddress, coupon_code: "teaparty", intent: "place" });
    expect(placed.status).toBe(303);
    const number = new URL(placed.headers.get("Location")!, "https://shop.test").pathname.split("/")[2];
    const discount = await env.DB.prepare("SELECT d.kind, d.label, d.amount_minor FROM order_discounts d JOIN orders o ON o.id = d.order_id WHERE o.number = ?").bind(number).first();
    expect(discount).toEqual({ kind: "coupon", label: "TEAPARTY", amount_minor: 700 });
  });

  it("does not place an order whose total changed since the member saw it", async () => {
    const product = await regularProduct(20);
    await putInCart(shopperId, product.id, 1);
    const visitor = await signedIn();
    const page = await (await visitor.get("/checkout")).text();
    // Not ¥10: crossing the free-shipping threshold drops the ¥10 shipping fee, and the total would not change.
    await env.DB.prepare("UPDATE products SET price_minor = price_minor + 1234 WHERE id = ?").bind(product.id).run();
    const response = await visitor.post("/checkout", { ...Visitor.formFields(page, "/checkout"), ...newAddress, intent: "place" });
    expect(response.status).toBe(409);
    expect(textOf(await response.text())).toContain("The total changed");
  });
});

describe("buying from a live show", () => {
  const liveShow = async () =>
    (await env.DB.prepare(
      "SELECT s.id, s.slug, s.live_at, p.id AS product, p.price_minor FROM live_shows s JOIN live_show_products sp ON sp.show_id = s.id JOIN products p ON p.id = sp.product_id WHERE s.status = 'live' AND p.stock > 0 ORDER BY sp.position LIMIT 1",
    ).first<{ id: string; slug: string; live_at: number; product: string; price_minor: number }>())!;

  it("a flash-sale unit held in a show checks out at the sale's price, and the order remembers the show", async () => {
    const show = await liveShow();
    await env.DB.prepare("UPDATE flash_sales SET ends_at = starts_at + 1 WHERE show_id = ?").bind(show.id).run();
    const now = Date.now();
    const sale = (await startSale(env.DB, { showId: show.id, productId: show.product, priceMinor: show.price_minor - 500, quantity: 3, seconds: 120, liveAt: show.live_at, now }))!;
    const hold = (await holdUnit(env.DB, { id: sale.id, showId: show.id }, shopperId, now))!;
    const visitor = await signedIn();
    const holdPage = await (await visitor.get(`/live/${show.slug}/sales/${sale.id}`)).text();
    expect(holdPage).toContain(`/checkout?hold=${hold.id}`);
    const response = await checkout(visitor, newAddress, `/checkout?hold=${hold.id}`);
    expect(response.status).toBe(303);
    const number = new URL(response.headers.get("Location")!, "https://shop.test").pathname.split("/")[2];
    const order = await env.DB.prepare("SELECT o.show_id, i.unit_price_minor, i.sale_id FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.number = ?").bind(number).first();
    expect(order).toEqual({ show_id: show.id, unit_price_minor: show.price_minor - 500, sale_id: sale.id });
    expect(await env.DB.prepare("SELECT order_id IS NOT NULL AS ordered FROM flash_sale_holds WHERE id = ?").bind(hold.id).first<number>("ordered")).toBe(1);
    expect(textOf(await (await visitor.get(`/live/${show.slug}/sales/${sale.id}`)).text())).toContain("You ordered");
    // The unit cannot be checked out twice.
    expect((await visitor.get(`/checkout?hold=${hold.id}`)).headers.get("Location")).toBe("/orders");
  });

  it("a coupon taken in a show takes its percentage off at checkout, once", async () => {
    const show = await liveShow();
    const now = Date.now();
    const coupon = (await issueCoupon(env.DB, { showId: show.id, percentOff: 20, quantity: 5, minutes: 10, now }))!;
    expect(await claimCoupon(env.DB, { id: coupon.id, showId: show.id }, shopperId, now)).toBe(true);
    const product = await regularProduct(20);
    await putInCart(shopperId, product.id, 1);
    const visitor = await signedIn();
    const page = await (await visitor.get("/checkout")).text();
    expect(textOf(page)).toContain("20% off from Master Lin");
    const update = await (await visitor.post("/checkout", { ...Visitor.formFields(page, "/checkout"), ...newAddress, show_coupon: coupon.id, intent: "update" })).text();
    const placed = await visitor.post("/checkout", { ...Visitor.formFields(update, "/checkout"), ...newAddress, show_coupon: coupon.id, intent: "place" });
    expect(placed.status).toBe(303);
    const number = new URL(placed.headers.get("Location")!, "https://shop.test").pathname.split("/")[2];
    const discount = await env.DB.prepare("SELECT d.kind, d.amount_minor, o.show_id FROM order_discounts d JOIN orders o ON o.id = d.order_id WHERE o.number = ?").bind(number).first();
    expect(discount).toEqual({ kind: "show_coupon", amount_minor: Math.floor((product.priceMinor * 20) / 100), show_id: show.id });
    await putInCart(shopperId, product.id, 1);
    const after = textOf(await (await visitor.get("/checkout")).text());
    expect(after).toContain("Checkout");
    expect(after).not.toContain("20% off from Master Lin");
  });
});

describe("a member's orders", () => {
  async function placed(visitor: Visitor) {
    const product = await regularProduct(20);
    await putInCart(shopperId, product.id, 1);
    const response = await checkout(visitor, newAddress);
    const number = new URL(response.headers.get("Location")!, "https://shop.test").pathname.split("/")[2]!;
    const id = (await env.DB.prepare("SELECT id FROM orders WHERE number = ?").bind(number).first<string>("id"))!;
    return { number, id, product };
  }

  it("are listed for their member only; another member's order number is not found", async () => {
    const visitor = await signedIn();
    const order = await placed(visitor);
    expect(textOf(await (await visitor.get("/orders")).text())).toContain(order.number.slice(0, 4));
    const other = await signedIn(staff);
    expect((await other.get(`/orders/${order.number}`)).status).toBe(404);
    expect((await other.post(`/orders/${order.number}/cancel`, {})).status).toBe(404);
    expect(await env.DB.prepare("SELECT status FROM orders WHERE id = ?").bind(order.id).first<string>("status")).toBe("pending_payment");
  });

  it("an unpaid order can be cancelled, and its stock goes back", async () => {
    const visitor = await signedIn();
    const order = await placed(visitor);
    const response = await visitor.post(`/orders/${order.number}/cancel`, {});
    expect(response.headers.get("Location")).toBe(`/orders/${order.number}?done=cancelled`);
    expect(await env.DB.prepare("SELECT stock FROM products WHERE id = ?").bind(order.product.id).first<number>("stock")).toBe(20);
    expect(textOf(await (await visitor.get(`/orders/${order.number}`)).text())).toContain("Cancelled");
  });

  it("confirming receipt completes the order and raises the member's level; the nightly job completes the forgotten ones", async () => {
    const visitor = await signedIn();
    const order = await placed(visitor);
    await env.DB.prepare("UPDATE orders SET total_minor = 25000, subtotal_minor = 25000, discount_minor = 0, shipping_minor = 0 WHERE id = ?").bind(order.id).run();
    for (const [from, to] of [["pending_payment", "paid"], ["paid", "shipped"], ["shipped", "delivered"]] as const) {
      expect(await moveOrder(env.DB, order.id, from, to, "system")).toBe(true);
    }
    const received = await visitor.post(`/orders/${order.number}/receive`, {});
    expect(received.status).toBe(303);
    expect(await env.DB.prepare("SELECT status FROM orders WHERE id = ?").bind(order.id).first<string>("status")).toBe("completed");
    const account = textOf(await (await visitor.get("/levels")).text());
    expect(account).toContain("You spent CN¥250 over 1 completed orders");
    expect(account).toMatch(/Silver\s*Your level/);

    const later = await placed(visitor);
    for (const [from, to] of [["pending_payment", "paid"], ["paid", "shipped"], ["shipped", "delivered"]] as const) await moveOrder(env.DB, later.id, from, to, "system");
    await env.DB.prepare("UPDATE orders SET delivered_at = ? WHERE id = ?").bind(Date.now() - 8 * 86_400_000, later.id).run();
    expect(await completeDeliveredOrders(env.DB)).toBe(1);
    expect(await recomputeAllLevels(env.DB)).toBeGreaterThanOrEqual(1);
    expect(await env.DB.prepare("SELECT orders FROM member_levels WHERE member_id = ?").bind(shopperId).first<number>("orders")).toBe(2);
  });

  it("publishes the levels with their thresholds and rights to everyone", async () => {
    const page = textOf(await (await new Visitor().get("/levels")).text());
    for (const name of ["Member", "Silver", "Gold", "Platinum"]) expect(page).toContain(name);
    expect(page).toContain("free shipping on every order");
  });
});
