import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { nicknameKey } from "../../worker/features/accounts/nickname.ts";
import { hashPassword } from "../../worker/features/accounts/password-hash.ts";
import { normalizePassword } from "../../worker/features/accounts/password-policy.ts";
import { memberInsert } from "../../worker/features/accounts/queries.ts";
import { moveOrder } from "../../worker/features/orders/queries.ts";
import { database } from "../../worker/lib/db.ts";
import { newId } from "../../worker/lib/ids.ts";
import { placeTestOrder } from "./order-support.ts";
import { captureConsole, seedDemoShop, signInAs, textOf, Visitor } from "./support.ts";

type Product = { id: string; slug: string; title: string; categoryId: string; category: string; categoryName: string; price: number; stock: number };

const password = "paper-lantern-tea-garden";
let passwordHash = "";
let catalogue: Product[] = [];
let members = 0;

beforeAll(async () => {
  await seedDemoShop();
  passwordHash = await hashPassword(normalizePassword(password));
  const { results } = await env.DB.prepare(
    `SELECT p.id, p.slug, t.title, p.category_id AS categoryId, c.slug AS category, ct.name AS categoryName, p.price_minor AS price, p.stock
     FROM products p JOIN product_texts t ON t.product_id = p.id AND t.locale = 'en'
     JOIN categories c ON c.id = p.category_id JOIN category_texts ct ON ct.category_id = c.id AND ct.locale = 'en'
     ORDER BY p.id`,
  ).all<Product>();
  catalogue = results;
});

/** Products of one category with enough stock to be ordered (each test uses a category of its own). */
const inCategory = (slug: string) => catalogue.filter((product) => product.category === slug && product.stock >= 10);

/** A new member signed in on a browser of their own; `birthMonth` makes a minor. */
async function member(options: { birthMonth?: string } = {}) {
  const n = ++members;
  const national = `137 ${String(3000 + n).padStart(4, "0")} ${String(4000 + n).padStart(4, "0")}`;
  const id = newId("mbr");
  const insert = await memberInsert(database(env.DB), env.FIELD_KEY, {
    id,
    e164: `+86${national.replace(/\s/g, "")}`,
    nickname: `Recommendations tester ${n}`,
    nicknameKey: nicknameKey(`Recommendations tester ${n}`),
    passwordHash,
    avatarKey: "avatars/test.svg",
    locale: "en",
    subjectId: newId("sub"),
    birthMonth: options.birthMonth ?? null,
    guardian: options.birthMonth ? "approved" : "not_needed",
  });
  await insert.statement;
  const visitor = new Visitor({ country: "CN" });
  expect((await signInAs(visitor, { national, password })).status).toBe(303);
  return { id, visitor };
}

/** The personalisation switch of the privacy centre. */
async function switchPersonalisation(visitor: Visitor, on: boolean) {
  const response = await visitor.choose("/account/privacy", on ? "personalization_on" : "personalization_off", {}, "center");
  expect(response.status).toBe(303);
}

async function paidOrder(memberId: string, productIds: string[]) {
  const placed = await placeTestOrder(memberId, productIds);
  expect(await moveOrder(env.DB, placed.id, "pending_payment", "paid", "payment")).toBe(true);
  return placed;
}

/** History, cart and orders, written as the shop writes them. */
async function giveHistory(memberId: string, history: { products?: Product[]; categories?: string[]; cart?: Product[] }) {
  const now = Date.now();
  const statements = [
    ...(history.products ?? []).map((product, index) =>
      env.DB.prepare("INSERT INTO member_history (member_id, kind, subject_id, at) VALUES (?, 'product', ?, ?)").bind(memberId, product.id, now - index),
    ),
    ...(history.categories ?? []).map((categoryId) =>
      env.DB.prepare("INSERT INTO member_history (member_id, kind, subject_id, at) VALUES (?, 'category', ?, ?)").bind(memberId, categoryId, now),
    ),
    ...(history.cart ?? []).map((product) =>
      env.DB.prepare("INSERT INTO cart_items (member_id, product_id, quantity, price_seen_minor, added_at) VALUES (?, ?, 1, ?, ?)").bind(
        memberId,
        product.id,
        product.price,
        now,
      ),
    ),
  ];
  if (statements.length > 0) await env.DB.batch(statements);
}

/** The section headed by the h2 with `id`, or null when the page has none. */
function section(html: string, id: string): string | null {
  const start = html.indexOf(`aria-labelledby="${id}"`);
  return start < 0 ? null : html.slice(start, html.indexOf("</section>", start));
}

/** The cards of a piece of page: product slug and the reason it gives. */
const cards = (html: string) =>
  [...html.matchAll(/<a href="\/p\/([^"]+)">[\s\S]*?class="product-card__why">([^<]+)</g)].map((match) => ({ slug: match[1]!, why: textOf(match[2]!) }));

/** What the home page recommends: everything between the recently viewed products and the live shows. */
function recommendationsBlock(html: string): string {
  const start = ["home-for-you", "home-popular", "home-new"].map((id) => html.indexOf(`aria-labelledby="${id}"`)).filter((at) => at >= 0);
  expect(start.length).toBeGreaterThan(0);
  return html.slice(Math.min(...start), html.indexOf('aria-labelledby="home-live"'));
}

const home = async (visitor: Visitor) => {
  const response = await visitor.get("/");
  expect(response.status).toBe(200);
  return recommendationsBlock(await response.text());
};

describe("product page", () => {
  it("shows similar products: same category, nearest price, in stock first, never the product itself", async () => {
    const [product, ...others] = inCategory("home-kitchen");
    const distance = (other: Product) => Math.abs(other.price - product!.price);
    const nearest = [...others].sort((a, b) => distance(a) - distance(b))[0]!;
    await env.DB.prepare("UPDATE products SET stock = 0 WHERE id = ?").bind(nearest.id).run();

    const html = await (await new Visitor().get(`/p/${product!.slug}`)).text();
    const similar = cards(section(html, "product-similar")!);
    const expected = catalogue
      .filter((other) => other.category === "home-kitchen" && other.id !== product!.id && other.id !== nearest.id && other.stock > 0)
      .sort((a, b) => distance(a) - distance(b) || (a.id < b.id ? -1 : 1))
      .slice(0, 4)
      .map((other) => other.slug);
    expect(similar.map((card) => card.slug)).toEqual(expected);
    expect(similar.every((card) => card.why === "Same category, similar price")).toBe(true);
    expect(textOf(html)).toContain("Similar products");

    const chinese = textOf(await (await new Visitor({ language: "zh-CN" }).get(`/p/${product!.slug}`)).text());
    expect(chinese).toContain("相似商品");
    expect(chinese).toContain("同类商品，价格相近");
  });

  it("shows what was bought together in real orders, most orders first, and hides the section when there is none", async () => {
    const [product, twice, once, unpaid, lonely] = inCategory("electronics");
    const buyer = await member();
    await paidOrder(buyer.id, [product!.id, twice!.id]);
    await paidOrder(buyer.id, [product!.id, twice!.id, once!.id]);
    await placeTestOrder(buyer.id, [product!.id, unpaid!.id]); // never paid: not bought

    const html = await (await new Visitor().get(`/p/${product!.slug}`)).text();
    expect(cards(section(html, "product-together")!)).toEqual([
      { slug: twice!.slug, why: "Bought together in 2 orders" },
      { slug: once!.slug, why: "Bought together in 1 order" },
    ]);
    expect(textOf(html)).toContain("Often bought together");

    const alone = await (await new Visitor().get(`/p/${lonely!.slug}`)).text();
    expect(section(alone, "product-together")).toBeNull();
    expect(textOf(alone)).not.toContain("Often bought together");
  });
});

describe("For you", () => {
  const fashion = () => inCategory("fashion");
  const tea = () => inCategory("food-tea");
  const beauty = () => inCategory("beauty");

  /** A member who viewed two fashion products and visited Fashion, has a beauty product in the cart and bought two teas. */
  async function richMember(options: { birthMonth?: string } = {}) {
    const [viewed1, viewed2] = fashion();
    const [carted] = beauty();
    const [tea1, tea2, teaOthers] = tea();
    const rich = await member(options);
    await giveHistory(rich.id, { products: [viewed1!, viewed2!], categories: [viewed1!.categoryId], cart: [carted!] });
    await paidOrder(rich.id, [tea1!.id, tea2!.id]);
    const other = await member();
    await paidOrder(other.id, [tea1!.id, teaOthers!.id]);
    return { ...rich, viewed: [viewed1!, viewed2!], carted: carted!, bought: [tea1!, tea2!], boughtByOthers: teaOthers! };
  }

  it("recommends from history, cart and orders, saying why, and never what the member has or bought", async () => {
    const rich = await richMember();
    await switchPersonalisation(rich.visitor, true);
    const block = await home(rich.visitor);
    expect(textOf(block)).toContain("For you");
    expect(textOf(block)).toContain("Picked from what you viewed, your cart and your orders.");
    expect(block).toContain('href="/account/privacy#personalization"');

    const picks = cards(block);
    expect(picks.length).toBe(8);
    const reasons = picks.map((card) => card.why);
    expect(reasons).toContain(`Bought together with ${rich.bought[0]!.title}`);
    expect(picks).toContainEqual({ slug: rich.boughtByOthers.slug, why: `Bought together with ${rich.bought[0]!.title}` });
    expect(reasons).toContain(`Because ${rich.carted.title} is in your cart`);
    expect(reasons.some((why) => rich.viewed.some((viewed) => why === `Because you viewed ${viewed.title}`))).toBe(true);
    expect(reasons).toContain("You often look at Fashion");
    const own = new Set([...rich.viewed, rich.carted, ...rich.bought].map((product) => product.slug));
    expect(picks.filter((card) => own.has(card.slug))).toEqual([]);
  });

  it("switched off, shows a member with a rich history exactly what a brand-new member sees: popular and new", async () => {
    const rich = await richMember();
    await switchPersonalisation(rich.visitor, true);
    const personal = await home(rich.visitor);

    await switchPersonalisation(rich.visitor, false);
    const off = await home(rich.visitor);
    const newcomer = await member();
    const fresh = await home(newcomer.visitor);
    const guest = await home(new Visitor());

    expect(off).toBe(fresh);
    expect(off).toBe(guest);
    expect(off).not.toBe(personal);
    expect(textOf(off)).not.toContain("For you");
    const popular = cards(section(off, "home-popular")!);
    expect(popular.length).toBeGreaterThan(0);
    expect(popular.every((card) => /^In \d+ orders? in the last 30 days$/.test(card.why))).toBe(true);
    const newest = cards(section(off, "home-new")!);
    expect(newest.length).toBe(4);
    expect(newest.every((card) => card.why.startsWith("Added on "))).toBe(true);
  });

  it("switched off, runs without reading the member's history at all", async () => {
    const rich = await richMember();
    await switchPersonalisation(rich.visitor, false);
    const before = await home(rich.visitor);
    const errors = captureConsole("error");
    await env.DB.prepare("ALTER TABLE member_history RENAME TO member_history_hidden").run();
    try {
      // With the table gone, any read of it would fail the page.
      expect(await home(rich.visitor)).toBe(before);
      await switchPersonalisation(rich.visitor, true);
      expect((await rich.visitor.get("/")).status).toBe(500);
    } finally {
      await env.DB.prepare("ALTER TABLE member_history_hidden RENAME TO member_history").run();
      errors.restore();
    }
    expect(cards(await home(rich.visitor)).length).toBe(8);
  });

  it("is not personalised for a browser sending Global Privacy Control, even after a yes given without it", async () => {
    const rich = await richMember();
    await switchPersonalisation(rich.visitor, true);
    expect(textOf(await home(rich.visitor))).toContain("For you");
    rich.visitor.options.gpc = true;
    const withSignal = await home(rich.visitor);
    // A newcomer's page is rendered now; a guest's may come from the edge cache, its "bought in N orders"
    // up to half a minute behind the orders placed above.
    const newcomer = await home((await member()).visitor);
    expect(withSignal).toBe(newcomer);

    const guest = new Visitor({ gpc: true });
    guest.cookies.set("lantern_recent", fashion()[0]!.slug);
    expect(await home(guest)).toBe(newcomer);
  });

  it("is never personalised for minors, whatever they and their guardian chose", async () => {
    const minor = await richMember({ birthMonth: `${new Date().getUTCFullYear() - 12}-01` });
    await switchPersonalisation(minor.visitor, true);
    const block = await home(minor.visitor);
    expect(textOf(block)).not.toContain("For you");
    expect(block).toBe(await home((await member()).visitor));
  });

  it("recommends to guests who allow personalisation from what they viewed on this device", async () => {
    const guest = new Visitor();
    await switchPersonalisation(guest, true);
    expect(textOf(await home(guest))).not.toContain("For you"); // nothing viewed yet
    const viewed = beauty()[1]!;
    await guest.get(`/p/${viewed.slug}`);
    const block = await home(guest);
    expect(textOf(block)).toContain("Picked from what you viewed on this device.");
    const picks = cards(section(block, "home-for-you")!);
    expect(picks.length).toBeGreaterThan(0);
    expect(picks).toContainEqual({ slug: expect.any(String), why: `Because you viewed ${viewed.title}` });
    expect(picks.map((card) => card.slug)).not.toContain(viewed.slug);
    const category = catalogue.filter((product) => product.category === "beauty").map((product) => product.slug);
    expect(picks.filter((card) => card.why.startsWith("Because you viewed")).every((card) => category.includes(card.slug))).toBe(true);
  });
});
