import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { nicknameKey } from "../../worker/features/accounts/nickname.ts";
import { hashPassword } from "../../worker/features/accounts/password-hash.ts";
import { normalizePassword } from "../../worker/features/accounts/password-policy.ts";
import { memberInsert } from "../../worker/features/accounts/queries.ts";
import { frequentlyBought } from "../../worker/features/cart/queries.ts";
import { remindCarts } from "../../worker/features/cart/reminders.ts";
import { signCartLink } from "../../worker/features/cart/share-link.ts";
import { decodeBase64Url } from "../../worker/lib/base64url.ts";
import { database } from "../../worker/lib/db.ts";
import { newId } from "../../worker/lib/ids.ts";
import { codeFor, seedDemoShop, signInAs, textOf, Visitor } from "./support.ts";

const password = "kettle-lantern-garden-stroll";
let passwordHash = "";
let members = 0;

type Product = { id: string; slug: string; title: string; price: number };
let catalogue: Product[] = [];
let nextProduct = 0;

beforeAll(async () => {
  await seedDemoShop();
  passwordHash = await hashPassword(normalizePassword(password));
  const { results } = await env.DB.prepare(
    "SELECT p.id, p.slug, t.title, p.price_minor AS price FROM products p JOIN product_texts t ON t.product_id = p.id AND t.locale = 'en' ORDER BY p.id",
  ).all<Product>();
  catalogue = results;
});

/** A product of the demo shop no other test uses, with the stock (and price) the test needs. */
async function product(stock = 20, price?: number): Promise<Product> {
  const picked = catalogue[nextProduct++]!;
  const priced = { ...picked, price: price ?? picked.price };
  await env.DB.prepare("UPDATE products SET stock = ?2, price_minor = ?3 WHERE id = ?1").bind(picked.id, stock, priced.price).run();
  return priced;
}

/** A new member of their own (so no test sees another's cart), signed in through the form. */
async function member() {
  const n = ++members;
  const national = `139 ${String(1000 + n).padStart(4, "0")} ${String(2000 + n).padStart(4, "0")}`;
  const e164 = `+86${national.replace(/\s/g, "")}`;
  const id = newId("mbr");
  const insert = await memberInsert(database(env.DB), env.FIELD_KEY, {
    id,
    e164,
    nickname: `Cart tester ${n}`,
    nicknameKey: nicknameKey(`Cart tester ${n}`),
    passwordHash,
    avatarKey: "avatars/test.svg",
    locale: "en",
    subjectId: newId("sub"),
  });
  await insert.statement;
  const visitor = new Visitor({ country: "CN" });
  expect((await signInAs(visitor, { national, password })).status).toBe(303);
  return { id, national, e164, visitor };
}

const add = (visitor: Visitor, productId: string, quantity: string, extra: Record<string, string> = {}) =>
  visitor.post("/cart/items", { productId, quantity, ...extra });

async function quantityIn(memberId: string, productId: string): Promise<number | null> {
  const row = await env.DB.prepare("SELECT quantity FROM cart_items WHERE member_id = ? AND product_id = ?").bind(memberId, productId).first<{ quantity: number }>();
  return row?.quantity ?? null;
}

const cartRows = async (memberId: string) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM cart_items WHERE member_id = ?").bind(memberId).first<{ n: number }>())!.n;

const page = async (response: Response) => textOf(await response.text());

/** Posts like the island does: urlencoded, same origin, asking for JSON. */
const api = (visitor: Visitor, path: string, fields: Record<string, string>) =>
  visitor.request(path, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://shop.test", Accept: "application/json" },
    body: new URLSearchParams(fields),
  });

describe("adding to the cart", () => {
  it("adds a product, merges a second add into the same line, and caps at the stock and at 99", async () => {
    const { id, visitor } = await member();
    const teapot = await product(5);
    const first = await add(visitor, teapot.id, "2");
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe("/cart?added=1");
    expect(await quantityIn(id, teapot.id)).toBe(2);

    await add(visitor, teapot.id, "2");
    expect(await quantityIn(id, teapot.id)).toBe(4);
    const capped = await add(visitor, teapot.id, "5");
    expect(capped.headers.get("location")).toBe("/cart?added=1&capped=1");
    expect(await quantityIn(id, teapot.id)).toBe(5);
    expect(await cartRows(id)).toBe(1);

    const cart = await page(await visitor.get(capped.headers.get("location")!));
    expect(cart).toContain(teapot.title);
    expect(cart).toContain("Added 1 product to your cart.");
    expect(cart).toContain("Some quantities were lowered to what is in stock");
    expect(cart).toContain("Check out");

    const plenty = await product(500);
    await add(visitor, plenty.id, "60");
    await add(visitor, plenty.id, "60");
    expect(await quantityIn(id, plenty.id)).toBe(99);
  });

  it("refuses a sold-out product with a clear message and writes nothing; its page offers no form", async () => {
    const { id, visitor } = await member();
    const gone = await product(0);
    const response = await add(visitor, gone.id, "1");
    expect(response.status).toBe(409);
    expect(await page(response)).toContain("This product is sold out.");
    expect(await cartRows(id)).toBe(0);

    const productPage = await (await visitor.get(`/p/${gone.slug}`)).text();
    expect(textOf(productPage)).toContain("Sold out: this product cannot be added to a cart right now.");
    expect(productPage).not.toContain('action="/cart/items"');
  });

  it("answers an unknown product 404 and bad input 422 with what was typed, writing nothing", async () => {
    const { id, visitor } = await member();
    expect((await add(visitor, "prd_zzzzzzzzzzzzzzzz", "1")).status).toBe(404);
    const cup = await product();
    const typed = await add(visitor, cup.id, "lots");
    expect(typed.status).toBe(422);
    const html = await typed.text();
    expect(textOf(html)).toContain("Enter a quantity from 1 to 99.");
    expect(html).toContain('value="lots"');
    expect(html).toContain(`value="${cup.id}"`);
    expect((await add(visitor, cup.id, "0")).status).toBe(422);
    expect((await add(visitor, cup.id, "100")).status).toBe(422);
    expect((await add(visitor, "'; DROP TABLE cart_items; --", "1")).status).toBe(422);
    expect(await cartRows(id)).toBe(0);

    // A `next` that leaves the shop is ignored.
    const away = await add(visitor, cup.id, "1", { next: "//evil.example/" });
    expect(away.headers.get("location")).toBe("/cart?added=1");
  });
});

describe("changing the cart", () => {
  it("sets and removes only the member's own lines; another member's product answers 404", async () => {
    const owner = await member();
    const other = await member();
    const vase = await product(10);
    await add(owner.visitor, vase.id, "2");

    expect((await other.visitor.post(`/cart/items/${vase.id}`, { intent: "set", quantity: "7" })).status).toBe(404);
    expect((await other.visitor.post(`/cart/items/${vase.id}`, { intent: "remove" })).status).toBe(404);
    expect(await quantityIn(owner.id, vase.id)).toBe(2);

    const set = await owner.visitor.post(`/cart/items/${vase.id}`, { intent: "set", quantity: "3" });
    expect(set.status).toBe(303);
    expect(set.headers.get("location")).toBe("/cart?updated=1");
    expect(await quantityIn(owner.id, vase.id)).toBe(3);

    const more = await owner.visitor.post(`/cart/items/${vase.id}`, { intent: "set", quantity: "40" });
    expect(more.headers.get("location")).toBe("/cart?updated=1&capped=1");
    expect(await quantityIn(owner.id, vase.id)).toBe(10);

    const wrong = await owner.visitor.post(`/cart/items/${vase.id}`, { intent: "set", quantity: "-1" });
    expect(wrong.status).toBe(422);
    const html = await wrong.text();
    expect(textOf(html)).toContain("Enter a quantity from 1 to 99.");
    expect(html).toContain('value="-1"');
    expect(await quantityIn(owner.id, vase.id)).toBe(10);

    const removed = await owner.visitor.post(`/cart/items/${vase.id}`, { intent: "remove" });
    expect(removed.headers.get("location")).toBe("/cart?removed=1");
    expect(await quantityIn(owner.id, vase.id)).toBeNull();
    const empty = await page(await owner.visitor.get("/cart?removed=1"));
    expect(empty).toContain("The product was removed from your cart.");
    expect(empty).toContain("Your cart is empty.");
  });

  it("shows the cart's count in the header for members, and no cart to guests", async () => {
    const { visitor } = await member();
    const [a, b] = [await product(), await product()];
    await add(visitor, a.id, "2");
    await add(visitor, b.id, "3");
    const home = await (await visitor.get("/")).text();
    expect(home).toMatch(/<a class="site-nav__cart" href="\/cart">Cart <span class="badge" data-cart-count[^>]*>5<\/span><\/a>/);
    const guest = await (await new Visitor().get("/")).text();
    expect(guest).not.toContain("data-cart-count");
  });

  it("answers the island in JSON with the new count and amounts, and field errors for bad input", async () => {
    const { id, visitor } = await member();
    const lamp = await product(8, 12_000);
    const added = await api(visitor, "/api/cart/items", { productId: lamp.id, quantity: "2" });
    expect(added.status).toBe(200);
    expect(await added.json()).toMatchObject({ count: 2, message: "Added. Your cart holds 2 items.", subtotal: "CN¥240" });

    const set = await api(visitor, `/api/cart/items/${lamp.id}`, { intent: "set", quantity: "3" });
    expect(await set.json()).toMatchObject({ count: 3, quantity: 3, lineTotal: "CN¥360", subtotal: "CN¥360" });
    expect(await quantityIn(id, lamp.id)).toBe(3);

    const bad = await api(visitor, "/api/cart/items", { productId: lamp.id, quantity: "x" });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ error: "invalid_input", fields: { quantity: ["cart.error.quantity"] }, message: "Enter a quantity from 1 to 99." });

    const soldOut = await product(0);
    const refused = await api(visitor, "/api/cart/items", { productId: soldOut.id, quantity: "1" });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ message: "This product is sold out." });

    const guest = await api(new Visitor(), "/api/cart/items", { productId: lamp.id, quantity: "1" });
    expect(guest.status).toBe(401);
    expect(await quantityIn(id, lamp.id)).toBe(3);
  });
});

describe("guests", () => {
  it("are sent to sign in from the product page and come back with the item added", async () => {
    const { id, national } = await member();
    const kettle = await product(6);
    const guest = new Visitor({ country: "CN" });
    const productPage = await (await guest.get(`/p/${kettle.slug}`)).text();
    expect(productPage).toContain('action="/cart/items"');
    expect(textOf(productPage)).toContain("You will be asked to sign in first");

    const response = await add(guest, kettle.id, "2");
    expect(response.status).toBe(303);
    const signIn = new URL(response.headers.get("location")!, "https://shop.test");
    expect(signIn.pathname).toBe("/sign-in");
    const next = signIn.searchParams.get("next")!;
    expect(next).toMatch(/^\/cart\/add\?t=/);
    expect(await cartRows(id)).toBe(0);

    const signedIn = await signInAs(guest, { national, password }, next);
    expect(signedIn.headers.get("location")).toBe(next);
    const back = await guest.get(next);
    expect(back.status).toBe(303);
    expect(back.headers.get("location")).toBe("/cart?added=1");
    expect(await quantityIn(id, kettle.id)).toBe(2);
    expect(await page(await guest.get("/cart?added=1"))).toContain(kettle.title);
  });
});

/** The JSON inside a signed token (its first part). */
function tokenPayload(token: string): unknown {
  return JSON.parse(new TextDecoder().decode(decodeBase64Url(token.split(".")[0]!)!));
}

describe("share links", () => {
  it("carry only products and quantities (no member, no prices) and show today's prices to anyone", async () => {
    const sharer = await member();
    const [bowl, tray] = [await product(10, 5_000), await product(10, 7_500)];
    await add(sharer.visitor, bowl.id, "2");
    await add(sharer.visitor, tray.id, "1");
    const shared = await sharer.visitor.post("/cart/share", {});
    expect(shared.status).toBe(303);
    const location = new URL(shared.headers.get("location")!, "https://shop.test");
    const token = location.searchParams.get("share")!;
    const payload = tokenPayload(token);
    expect(payload).toEqual({ kind: "cart", items: expect.arrayContaining([[bowl.id, 2], [tray.id, 1]]), exp: expect.any(Number) });
    expect(JSON.stringify(payload)).not.toContain(sharer.id);
    expect(JSON.stringify(payload)).not.toContain("5000");
    expect(JSON.stringify(payload)).not.toContain("7500");
    expect(await (await sharer.visitor.get(`${location.pathname}${location.search}`)).text()).toContain(`value="https://shop.test/cart/shared/${token}"`);

    // The price changes after sharing: whoever opens the link sees today's.
    await env.DB.prepare("UPDATE products SET price_minor = 4200 WHERE id = ?").bind(bowl.id).run();
    const guest = new Visitor({ country: "CN" });
    const opened = await guest.get(`/cart/shared/${token}`);
    expect(opened.status).toBe(200);
    const text = textOf(await opened.text());
    expect(text).toContain(bowl.title);
    expect(text).toContain("CN¥42");
    expect(text).not.toContain("CN¥50");
    expect(text).toContain("Add all to my cart");

    // A guest's "add all" goes through sign-in and comes back with everything added.
    const friend = await member();
    const addAll = await guest.post("/cart/add", { t: token });
    const next = new URL(addAll.headers.get("location")!, "https://shop.test").searchParams.get("next")!;
    expect(next).toBe(`/cart/add?${new URLSearchParams({ t: token })}`);
    await signInAs(guest, { national: friend.national, password }, next);
    expect((await guest.get(next)).headers.get("location")).toBe("/cart?added=2");
    expect(await quantityIn(friend.id, bowl.id)).toBe(2);
    expect(await quantityIn(friend.id, tray.id)).toBe(1);
    // The sharer's cart is untouched.
    expect(await quantityIn(sharer.id, bowl.id)).toBe(2);
  });

  it("refuses expired, forged and foreign links and adds nothing from them", async () => {
    const { id, visitor } = await member();
    const cup = await product();
    const items = [{ productId: cup.id, quantity: 1 }];
    const expired = await signCartLink(env.LINK_SECRET, items, 7 * 86_400, Date.now() - 8 * 86_400_000);
    const foreign = await signCartLink("another-secret-that-is-long-enough", items, 3600);
    const valid = await signCartLink(env.LINK_SECRET, items, 3600);
    const [body, signature] = valid.split(".");
    const forged = `${body!.slice(0, -2)}AA.${signature}`;
    for (const token of [expired, foreign, forged, "not-a-token"]) {
      const opened = await visitor.get(`/cart/shared/${token}`);
      expect(opened.status).toBe(404);
      expect(await page(opened)).toContain("This cart link does not work");
      expect((await visitor.post("/cart/add", { t: token })).status).toBe(404);
    }
    expect(await cartRows(id)).toBe(0);
  });
});

async function outboxFor(memberId: string, template: string) {
  const { results } = await env.DB.prepare("SELECT id, dedupe_key, params FROM outbox WHERE member_id = ? AND template = ?").bind(memberId, template).all<{
    id: string;
    dedupe_key: string;
    params: string;
  }>();
  return results;
}

describe("reminders", () => {
  it("tell a member once when a carted product's price drops, on their phone", async () => {
    const { id, e164, visitor } = await member();
    const scarf = await product(10, 20_000);
    await add(visitor, scarf.id, "1");
    await env.DB.prepare("UPDATE products SET price_minor = 15000 WHERE id = ?").bind(scarf.id).run();

    await remindCarts(env);
    const messages = await outboxFor(id, "cart_price_drop");
    expect(messages).toHaveLength(1);
    expect(JSON.parse(messages[0]!.params)).toEqual({ title: scarf.title, price: "CN¥150", was: "CN¥200" });
    const seen = await env.DB.prepare("SELECT price_seen_minor AS seen FROM cart_items WHERE member_id = ?").bind(id).first<{ seen: number }>();
    expect(seen!.seen).toBe(15_000);

    const delivered = await codeFor(e164, { containing: "now costs" });
    expect(delivered).toContain(`“${scarf.title}” in your cart now costs CN¥150 (it was CN¥200)`);
    expect(delivered).toContain("/cart");

    await remindCarts(env);
    expect(await outboxFor(id, "cart_price_drop")).toHaveLength(1);
  });

  it("are not sent to a member who switched them off on the account page", async () => {
    const { id, visitor } = await member();
    const off = await visitor.post("/account/reminders", { reminders: "off" });
    expect(off.headers.get("location")).toBe("/account?saved=reminders#reminders");
    const account = await (await visitor.get("/account?saved=reminders")).text();
    expect(textOf(account)).toContain("Price-drop and coupon reminders for my cart");
    expect(account).toMatch(/value="off" checked/);

    const hat = await product(10, 9_000);
    await add(visitor, hat.id, "1");
    await env.DB.prepare("UPDATE products SET price_minor = 8000 WHERE id = ?").bind(hat.id).run();
    await remindCarts(env);
    expect(await outboxFor(id, "cart_price_drop")).toHaveLength(0);
    const row = await env.DB.prepare("SELECT shopping_reminders AS on_ FROM members WHERE id = ?").bind(id).first<{ on_: number }>();
    expect(row!.on_).toBe(0);
  });

  it("tell each member once when a coupon that just started applies to their cart", async () => {
    const fits = await member();
    const short = await member();
    const silent = await member();
    const rug = await product(10, 30_000);
    await add(fits.visitor, rug.id, "1");
    await add(short.visitor, rug.id, "1");
    await add(silent.visitor, rug.id, "2");
    await silent.visitor.post("/account/reminders", { reminders: "off" });
    // The second member's cart falls short of the minimum spend.
    await env.DB.prepare("UPDATE cart_items SET quantity = 1 WHERE product_id = ?").bind(rug.id).run();
    const now = Date.now();
    const couponId = newId("cpn");
    await env.DB.prepare(
      `INSERT INTO coupons (id, code, kind, value, currency, min_spend_minor, starts_at, ends_at, per_member_limit, total_limit, scope, scope_product_id, created_at)
       VALUES (?1, 'RUG20', 'percent', 20, 'CNY', 50000, ?2, ?3, 1, 100, 'product', ?4, ?2)`,
    )
      .bind(couponId, now - 60_000, now + 86_400_000, rug.id)
      .run();
    await add(fits.visitor, rug.id, "1");

    const written = await remindCarts(env, now);
    const messages = await outboxFor(fits.id, "cart_coupon");
    expect(messages).toHaveLength(1);
    expect(written).toContain(messages[0]!.id);
    expect(messages[0]!.dedupe_key).toBe(`cart_coupon:${couponId}:${fits.id}`);
    expect(JSON.parse(messages[0]!.params)).toMatchObject({ code: "RUG20", amount: "CN¥120" });
    expect(await outboxFor(short.id, "cart_coupon")).toHaveLength(0);
    expect(await outboxFor(silent.id, "cart_coupon")).toHaveLength(0);

    await remindCarts(env, now + 60_000);
    expect(await outboxFor(fits.id, "cart_coupon")).toHaveLength(1);
  });
});

describe("frequently bought", () => {
  async function order(memberId: string, status: string, lines: { id: string; quantity: number }[]) {
    const orderId = newId("ord");
    const now = Date.now();
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO orders (id, number, member_id, status, currency, subtotal_minor, discount_minor, shipping_minor, total_minor, level,
           recipient_enc, address_enc, phone_enc, delivery_time, checkout_key, created_at, pay_by)
         VALUES (?1, ?1, ?2, ?3, 'CNY', 100, 0, 0, 100, 'member', 'x', 'x', 'x', 'any', ?1, ?4, ?4)`,
      ).bind(orderId, memberId, status, now),
      ...lines.map((line) =>
        env.DB.prepare("INSERT INTO order_items (order_id, product_id, title, image_key, unit_price_minor, quantity) VALUES (?, ?, 'then', 'x', 100, ?)").bind(
          orderId,
          line.id,
          line.quantity,
        ),
      ),
    ]);
  }

  it("lists what the member bought in two or more real orders, with buy again", async () => {
    const { id, visitor } = await member();
    const someoneElse = await member();
    const [tea, honey, jam, soap] = [await product(), await product(), await product(), await product()];
    await order(id, "paid", [{ id: tea.id, quantity: 1 }, { id: honey.id, quantity: 1 }]);
    await order(id, "completed", [{ id: tea.id, quantity: 2 }, { id: jam.id, quantity: 1 }]);
    await order(id, "delivered", [{ id: tea.id, quantity: 1 }, { id: jam.id, quantity: 1 }]);
    // Cancelled and unpaid orders were not bought.
    await order(id, "cancelled", [{ id: honey.id, quantity: 1 }]);
    await order(id, "pending_payment", [{ id: honey.id, quantity: 1 }]);
    await order(someoneElse.id, "paid", [{ id: soap.id, quantity: 1 }]);
    await order(someoneElse.id, "paid", [{ id: soap.id, quantity: 1 }]);

    const frequent = await frequentlyBought(database(env.DB), id, 10);
    expect(frequent.map((item) => [item.id, item.orders])).toEqual([
      [tea.id, 3],
      [jam.id, 2],
    ]);

    const view = await page(await visitor.get("/cart?view=frequent"));
    expect(view).toContain(tea.title);
    expect(view).toContain("bought in 3 orders");
    expect(view).not.toContain(honey.title);
    expect(view).not.toContain(soap.title);
    expect(view).toContain("Buy again");

    const again = await add(visitor, jam.id, "1", { next: "/cart?view=frequent" });
    expect(again.headers.get("location")).toBe("/cart?view=frequent");
    expect(await quantityIn(id, jam.id)).toBe(1);
  });
});
