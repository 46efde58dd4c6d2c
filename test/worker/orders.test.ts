import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { placeOrder } from "../../worker/features/checkout/place-order.ts";
import { quote } from "../../worker/features/checkout/pricing.ts";
import { holdUnit, releaseLapsedHolds, startSale } from "../../worker/features/live/selling.ts";
import { levels } from "../../worker/features/levels/levels.ts";
import { cancelUnpaidOrders, moveOrder } from "../../worker/features/orders/queries.ts";
import { newId } from "../../worker/lib/ids.ts";
import { makeMembers, placeTestOrder, productWithStock, testDelivery } from "./order-support.ts";
import { seedDemoShop } from "./support.ts";

beforeAll(async () => {
  await seedDemoShop({ members: true });
});

const stockOf = async (productId: string) => (await env.DB.prepare("SELECT stock FROM products WHERE id = ?").bind(productId).first<number>("stock"))!;
const statusOf = async (orderId: string) => env.DB.prepare("SELECT status FROM orders WHERE id = ?").bind(orderId).first<string>("status");

describe("stock", () => {
  it("200 simultaneous orders for a product with 10 in stock make exactly 10 orders and leave 0, never less", async () => {
    const product = await productWithStock(10);
    const buyers = await makeMembers(200);
    const results = await Promise.allSettled(buyers.map((member) => placeTestOrder(member, product.id)));
    const placed = results.filter((result) => result.status === "fulfilled");
    expect(placed).toHaveLength(10);
    expect(results.filter((result) => result.status === "rejected").every((result) => String(result.reason).includes("sold_out"))).toBe(true);
    expect(await stockOf(product.id)).toBe(0);
    const orders = await env.DB.prepare("SELECT count(*) AS n FROM order_items WHERE product_id = ?").bind(product.id).first<number>("n");
    expect(orders).toBe(10);
  });

  it("an order for more than is left is refused whole: nothing is written", async () => {
    const product = await productWithStock(2);
    const [member] = await makeMembers(1);
    await expect(placeTestOrder(member!, product.id, { quantity: 3 })).rejects.toThrow("sold_out");
    expect(await stockOf(product.id)).toBe(2);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM orders WHERE member_id = ?").bind(member).first<number>("n")).toBe(0);
  });

  it("an unpaid order past its deadline is cancelled by the sweep and its stock goes back, once", async () => {
    const product = await productWithStock(5);
    const [member] = await makeMembers(1);
    const old = Date.now() - 31 * 60_000;
    const order = await placeTestOrder(member!, product.id, { quantity: 2, now: old });
    const fresh = await placeTestOrder(member!, product.id, { quantity: 1 });
    expect(await stockOf(product.id)).toBe(2);
    expect(await cancelUnpaidOrders(env.DB)).toBeGreaterThanOrEqual(1);
    expect(await cancelUnpaidOrders(env.DB)).toBe(0);
    expect(await statusOf(order.id)).toBe("cancelled");
    expect(await statusOf(fresh.id)).toBe("pending_payment");
    expect(await stockOf(product.id)).toBe(4);
    const events = await env.DB.prepare("SELECT status, actor FROM order_events WHERE order_id = ? ORDER BY id").bind(order.id).all();
    expect(events.results).toEqual([
      { status: "pending_payment", actor: "member" },
      { status: "cancelled", actor: "system" },
    ]);
  });
});

describe("status machine", () => {
  it("the database refuses a move the status machine does not allow, whoever writes it", async () => {
    const product = await productWithStock(3);
    const [member] = await makeMembers(1);
    const order = await placeTestOrder(member!, product.id);
    await expect(env.DB.prepare("UPDATE orders SET status = 'shipped' WHERE id = ?").bind(order.id).run()).rejects.toThrow("order_status_illegal");
    await expect(moveOrder(env.DB, order.id, "pending_payment", "completed", "staff")).rejects.toThrow("illegal");
    expect(await statusOf(order.id)).toBe("pending_payment");
  });

  it("two racing moves from the same status record one", async () => {
    const product = await productWithStock(3);
    const [member] = await makeMembers(1);
    const order = await placeTestOrder(member!, product.id);
    const moves = await Promise.all([moveOrder(env.DB, order.id, "pending_payment", "paid", "payment"), moveOrder(env.DB, order.id, "pending_payment", "cancelled", "member")]);
    expect(moves.filter(Boolean)).toHaveLength(1);
    const events = await env.DB.prepare("SELECT count(*) AS n FROM order_events WHERE order_id = ?").bind(order.id).first<number>("n");
    expect(events).toBe(2);
  });
});

describe("placing an order", () => {
  it("the same checkout submitted twice places one order", async () => {
    const product = await productWithStock(5);
    const [member] = await makeMembers(1);
    const request = await orderRequest(member!, product.id, 1);
    const [first, second] = await Promise.all([placeOrder(env.DB, env.FIELD_KEY, request), placeOrder(env.DB, env.FIELD_KEY, request)]);
    expect(first.ok && second.ok && first.number === second.number).toBe(true);
    expect(await stockOf(product.id)).toBe(4);
  });

  it("delivery details are stored encrypted, never in clear", async () => {
    const product = await productWithStock(5);
    const [member] = await makeMembers(1);
    const order = await placeTestOrder(member!, product.id);
    const row = await env.DB.prepare("SELECT * FROM orders WHERE id = ?").bind(order.id).first<Record<string, unknown>>();
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(testDelivery.name);
    expect(stored).not.toContain(testDelivery.phone);
    expect(stored).not.toContain("Jiefang");
  });

  it("a coupon with one use left is spent by one of two simultaneous orders; cancelling gives it back", async () => {
    const product = await productWithStock(10);
    const members = await makeMembers(2);
    const couponId = newId("cpn");
    const now = Date.now();
    await env.DB.prepare(
      "INSERT INTO coupons (id, code, kind, value, currency, min_spend_minor, starts_at, ends_at, per_member_limit, total_limit, scope, created_at) VALUES (?, ?, 'fixed', 500, 'CNY', 0, ?, ?, 1, 1, 'all', ?)",
    )
      .bind(couponId, `ONE${now}`, now - 1000, now + 3_600_000, now)
      .run();
    const results = await Promise.all(
      members.map(async (member) => {
        const request = await orderRequest(member, product.id, 1, { id: couponId });
        return placeOrder(env.DB, env.FIELD_KEY, request);
      }),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.find((result) => !result.ok)).toEqual({ ok: false, reason: "coupon_unavailable" });
    expect(await env.DB.prepare("SELECT used FROM coupons WHERE id = ?").bind(couponId).first<number>("used")).toBe(1);
    const winner = results.find((result) => result.ok)!;
    if (!winner.ok) throw new Error("unreachable");
    await moveOrder(env.DB, winner.id, "pending_payment", "cancelled", "member");
    expect(await env.DB.prepare("SELECT used FROM coupons WHERE id = ?").bind(couponId).first<number>("used")).toBe(0);
  });

  it("a flash-sale unit is bought once, at the sale's price, from the product's stock; a cancelled order lets it go", async () => {
    const show = await env.DB.prepare(
      "SELECT s.id, s.live_at, p.id AS product, p.price_minor FROM live_shows s JOIN live_show_products sp ON sp.show_id = s.id JOIN products p ON p.id = sp.product_id WHERE s.status = 'live' AND p.stock > 0 LIMIT 1",
    ).first<{ id: string; live_at: number; product: string; price_minor: number }>();
    const now = Date.now();
    const sale = await startSale(env.DB, { showId: show!.id, productId: show!.product, priceMinor: show!.price_minor - 100, quantity: 5, seconds: 60, liveAt: show!.live_at, now });
    const [member] = await makeMembers(1);
    const hold = await holdUnit(env.DB, { id: sale!.id, showId: show!.id }, member!, now);
    const stockBefore = await stockOf(show!.product);
    const line = { productId: show!.product, title: "Sale", imageKey: "", unitPriceMinor: hold!.priceMinor, quantity: 1, holdId: hold!.id, saleId: sale!.id };
    const request = { ...(await orderRequest(member!, show!.product, 1)), lines: [line], showId: show!.id };
    expect((await placeOrder(env.DB, env.FIELD_KEY, request)).ok).toBe(true);
    expect(await stockOf(show!.product)).toBe(stockBefore - 1);
    const again = await placeOrder(env.DB, env.FIELD_KEY, { ...request, checkoutKey: newId("chk") });
    expect(again).toEqual({ ok: false, reason: "hold_gone" });
    const cheaper = await placeOrder(env.DB, env.FIELD_KEY, { ...request, checkoutKey: newId("chk"), lines: [{ ...line, unitPriceMinor: 1 }] });
    expect(cheaper).toEqual({ ok: false, reason: "hold_gone" });
    // Cancelling the unpaid order lets go of the unit: once the hold's time is up it goes back to the sale.
    const placed = (await env.DB.prepare("SELECT order_id FROM flash_sale_holds WHERE id = ?").bind(hold!.id).first<string>("order_id"))!;
    expect(await moveOrder(env.DB, placed, "pending_payment", "cancelled", "member")).toBe(true);
    expect(await env.DB.prepare("SELECT order_id FROM flash_sale_holds WHERE id = ?").bind(hold!.id).first("order_id")).toBeNull();
    await releaseLapsedHolds(env.DB, now + 16 * 60_000);
    expect(await env.DB.prepare("SELECT sold FROM flash_sales WHERE id = ?").bind(sale!.id).first<number>("sold")).toBe(0);
  });
});

async function orderRequest(memberId: string, productId: string, quantity: number, coupon?: { id: string }) {
  const product = (await env.DB.prepare("SELECT price_minor, category_id FROM products WHERE id = ?").bind(productId).first<{ price_minor: number; category_id: string }>())!;
  const level = levels[0]!;
  const lines = [{ productId, title: "Test", imageKey: "", unitPriceMinor: product.price_minor, quantity, holdId: null, saleId: null }];
  const rule = coupon ? { source: "coupon" as const, id: coupon.id, label: "ONE", kind: "fixed" as const, value: 500, minSpendMinor: 0, scope: { kind: "all" as const } } : null;
  return {
    memberId,
    checkoutKey: newId("chk"),
    currency: "CNY",
    lines,
    quote: quote(lines.map((line) => ({ ...line, categoryId: product.category_id, fromSale: false })), level, level.id, rule),
    level: level.id,
    delivery: testDelivery,
    recipientConsentAt: null,
    invoice: null,
    customsId: null,
    note: null,
    showId: null,
    fromCart: false,
    now: Date.now(),
  };
}
