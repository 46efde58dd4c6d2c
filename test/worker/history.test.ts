/**
 * Browsing and search history (policy §3.1, §3.2): what members do is kept while they keep history, shown
 * to them by day, deleted item by item or all at once, paused without losing anything; searches are kept
 * as terms, counts and times, or on the device only. Guests leave nothing on the server.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { formatDate } from "../../worker/lib/dates.ts";
import { placeTestOrder } from "./order-support.ts";
import { register, seedDemoShop, textOf, Visitor } from "./support.ts";

beforeAll(async () => {
  await seedDemoShop();
});

const password = "paper kites over the night market";
let nextPhone = 13_755_510_000;

/** A member registered through the pages, signed in on their visitor. */
async function newMember(nickname: string, birthMonth?: string) {
  const visitor = new Visitor({ country: "CN" });
  expect((await register(visitor, { phone: String(nextPhone++), nickname, password, birthMonth })).status).toBe(303);
  const id = (await env.DB.prepare("SELECT id FROM members WHERE nickname = ?").bind(nickname).first<string>("id"))!;
  return { visitor, id };
}

type Row = { kind: string; subject: string };
const historyOf = async (memberId: string) =>
  (await env.DB.prepare("SELECT kind, subject_id AS subject FROM member_history WHERE member_id = ? ORDER BY kind, subject_id").bind(memberId).all<Row>()).results;
const termsOf = async (memberId: string) =>
  (await env.DB.prepare("SELECT term, count, first_at, last_at FROM search_history WHERE member_id = ? ORDER BY term").bind(memberId).all<{ term: string; count: number; first_at: number; last_at: number }>())
    .results;
const allRows = async () => ({
  history: (await env.DB.prepare("SELECT count(*) AS n FROM member_history").first<number>("n"))!,
  searches: (await env.DB.prepare("SELECT count(*) AS n FROM search_history").first<number>("n"))!,
});
/** Writes happen after the response: give one that must not happen the time to. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
const sorted = (rows: Row[]) => [...rows].sort((a, b) => a.kind.localeCompare(b.kind) || a.subject.localeCompare(b.subject));

async function products(count: number) {
  return (
    await env.DB.prepare(
      `SELECT p.id, p.slug, en.title, zh.title AS zh FROM products p
       JOIN product_texts en ON en.product_id = p.id AND en.locale = 'en'
       JOIN product_texts zh ON zh.product_id = p.id AND zh.locale = 'zh-CN'
       WHERE p.stock > 5 AND en.title NOT LIKE '%&%' AND en.title NOT LIKE '%''%' ORDER BY p.slug LIMIT ?`,
    )
      .bind(count)
      .all<{ id: string; slug: string; title: string; zh: string }>()
  ).results;
}

async function category() {
  return (await env.DB.prepare("SELECT c.id, c.slug, t.name FROM categories c JOIN category_texts t ON t.category_id = c.id AND t.locale = 'en' ORDER BY c.position LIMIT 1").first<{
    id: string;
    slug: string;
    name: string;
  }>())!;
}

describe("browsing history", () => {
  it("records the products a member views and the categories they visit, under today, in the reader's language; guests leave nothing", async () => {
    const [product] = await products(1);
    const shelf = await category();

    const before = await allRows();
    const guest = new Visitor({ country: "CN" });
    await guest.choose("/", "accept_all");
    expect((await guest.get(`/p/${product!.slug}`)).status).toBe(200);
    expect((await guest.get(`/c/${shelf.slug}`)).status).toBe(200);
    await settle();
    expect((await allRows()).history).toBe(before.history);

    const { visitor, id } = await newMember("History Reader");
    expect((await visitor.get(`/p/${product!.slug}`)).status).toBe(200);
    expect((await visitor.get(`/c/${shelf.slug}`)).status).toBe(200);
    await expect.poll(() => historyOf(id)).toEqual(sorted([{ kind: "product", subject: product!.id }, { kind: "category", subject: shelf.id }]));

    const html = await (await visitor.get("/account/history")).text();
    const page = textOf(html);
    expect(page).toContain(`Today, ${formatDate(new Date(), "en")}`);
    expect(page).toContain(`Product ${product!.title}`);
    expect(page).toContain(`Category ${shelf.name}`);
    expect(html).toContain(`href="/p/${product!.slug}"`);
    expect(html).toContain(`href="/c/${shelf.slug}"`);
    // Each delete button says what it deletes.
    expect(html).toContain(`aria-label="Delete “${product!.title}” (Product) from your history"`);
    // Read in Chinese, the same history names the product in Chinese.
    visitor.options.language = "zh-CN";
    const chinese = textOf(await (await visitor.get("/account/history")).text());
    expect(chinese).toContain(`今天，${formatDate(new Date(), "zh-CN")}`);
    expect(chinese).toContain(product!.zh);
  });

  it("records nothing while paused, keeps what was there, and records again once resumed", async () => {
    const [first, second] = await products(2);
    const shelf = await category();
    const { visitor, id } = await newMember("Pause Tester");
    await visitor.get(`/p/${first!.slug}`);
    await expect.poll(() => historyOf(id)).toEqual([{ kind: "product", subject: first!.id }]);

    const paused = await visitor.post("/account/history/keep", { keep: "off" });
    expect(paused.status).toBe(303);
    expect(paused.headers.get("location")).toBe("/account/history?done=paused");
    const page = textOf(await (await visitor.get("/account/history?done=paused")).text());
    expect(page).toContain("History paused. What was here is still here.");
    expect(page).toContain("Your history is paused: nothing new is added");
    expect(page).toContain("Resume history");
    expect(page).toContain(first!.title);

    await visitor.get(`/p/${second!.slug}`);
    await visitor.get(`/c/${shelf.slug}`);
    await settle();
    expect(await historyOf(id)).toEqual([{ kind: "product", subject: first!.id }]);

    expect((await visitor.post("/account/history/keep", { keep: "on" })).status).toBe(303);
    await visitor.get(`/p/${second!.slug}`);
    await expect.poll(() => historyOf(id)).toEqual(sorted([{ kind: "product", subject: first!.id }, { kind: "product", subject: second!.id }]));
  });

  it("deletes one item, or clears all, of the member's own history only: another member's item in the form changes nothing", async () => {
    const [shared, theirs] = await products(2);
    const shelf = await category();
    const mine = await newMember("Tidy Browser");
    const other = await newMember("Other Browser");
    await mine.visitor.get(`/p/${shared!.slug}`);
    await mine.visitor.get(`/c/${shelf.slug}`);
    await other.visitor.get(`/p/${shared!.slug}`);
    await other.visitor.get(`/p/${theirs!.slug}`);
    await expect.poll(() => historyOf(mine.id)).toHaveLength(2);
    await expect.poll(() => historyOf(other.id)).toHaveLength(2);
    const othersBefore = await historyOf(other.id);

    const deleted = await mine.visitor.post("/account/history/delete", { kind: "product", subject: shared!.id });
    expect(deleted.status).toBe(303);
    expect(await historyOf(mine.id)).toEqual([{ kind: "category", subject: shelf.id }]);
    expect(textOf(await (await mine.visitor.get(deleted.headers.get("location")!)).text())).toContain("Deleted from your history.");

    // The other member's item, named in the form: not theirs to delete.
    expect((await mine.visitor.post("/account/history/delete", { kind: "product", subject: theirs!.id })).status).toBe(303);
    expect(await historyOf(other.id)).toEqual(othersBefore);

    expect((await mine.visitor.post("/account/history/clear", {})).status).toBe(303);
    expect(await historyOf(mine.id)).toEqual([]);
    expect(textOf(await (await mine.visitor.get("/account/history")).text())).toContain("Nothing here yet.");
    expect(await historyOf(other.id)).toEqual(othersBefore);
  });

  it("adds an order when it is placed, in the same write, but not while history is paused", async () => {
    const [product] = await products(1);
    const { visitor, id } = await newMember("Order Keeper");
    const placed = await placeTestOrder(id, product!.id);
    // Written with the order itself: no waiting.
    expect(await historyOf(id)).toEqual([{ kind: "order", subject: placed.id }]);
    const html = await (await visitor.get("/account/history")).text();
    expect(textOf(html)).toContain(`Order ${placed.number.replace(/(.{4})(?=.)/g, "$1 ")}`);
    expect(html).toContain(`href="/orders/${placed.number}"`);

    await visitor.post("/account/history/keep", { keep: "off" });
    const later = await placeTestOrder(id, product!.id);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM orders WHERE id = ?").bind(later.id).first<number>("n")).toBe(1);
    expect(await historyOf(id)).toEqual([{ kind: "order", subject: placed.id }]);
  });

  it("keeps nothing for a member waiting for a guardian's consent, who may still browse", async () => {
    const [product] = await products(1);
    const { visitor, id } = await newMember("Young Browser", "2016-01");
    expect((await visitor.get(`/p/${product!.slug}`)).status).toBe(200);
    expect((await visitor.get("/search?q=teapot")).status).toBe(200);
    await settle();
    expect(await historyOf(id)).toEqual([]);
    expect(await termsOf(id)).toEqual([]);
  });
});

describe("search history", () => {
  it("keeps a member's terms with how often and when, shows them on the search page, and keeps them while paused", async () => {
    const { visitor, id } = await newMember("Search Counter");
    expect((await visitor.get("/search?q=teapot")).status).toBe(200);
    await expect.poll(async () => (await termsOf(id)).map((row) => row.count)).toEqual([1]);
    await visitor.get("/search?q=teapot");
    await visitor.get("/search?q=cast%20%20iron%20kettle");
    await expect.poll(async () => (await termsOf(id)).map(({ term, count }) => ({ term, count }))).toEqual([
      { term: "cast iron kettle", count: 1 },
      { term: "teapot", count: 2 },
    ]);
    const teapot = (await termsOf(id)).find((row) => row.term === "teapot")!;
    expect(teapot.last_at).toBeGreaterThan(teapot.first_at);

    const manage = textOf(await (await visitor.get("/account/search-history")).text());
    expect(manage).toContain("Search Times Last searched");
    expect(manage).toMatch(/cast iron kettle 1 .*teapot 2 /);
    const searchPage = await (await visitor.get("/search?q=lamp")).text();
    expect(textOf(searchPage)).toContain("Your recent searches");
    expect(searchPage).toContain('href="/search?q=teapot"');
    expect(searchPage).toContain('href="/account/search-history"');

    expect((await visitor.post("/account/search-history/keep", { keep: "off" })).status).toBe(303);
    await expect.poll(async () => (await termsOf(id)).map((row) => row.term)).toEqual(["cast iron kettle", "lamp", "teapot"]);
    await visitor.get("/search?q=teapot");
    await visitor.get("/search?q=vase");
    await settle();
    expect((await termsOf(id)).map(({ term, count }) => `${term}×${count}`)).toEqual(["cast iron kettle×1", "lamp×1", "teapot×2"]);
    const paused = textOf(await (await visitor.get("/account/search-history")).text());
    expect(paused).toContain("Search history is paused");
    expect(paused).toContain("teapot");
  });

  it("on this device only: switching deletes what the server kept, nothing more is stored, and the search page hands over to the browser", async () => {
    const { visitor, id } = await newMember("Device Keeper");
    await visitor.get("/search?q=teapot");
    await expect.poll(() => termsOf(id)).toHaveLength(1);

    const saved = await visitor.post("/account/search-history/device", { device: "on" });
    expect(saved.status).toBe(303);
    expect(await termsOf(id)).toEqual([]);
    const settings = await env.DB.prepare("SELECT keep_search_history, search_history_on_device FROM members WHERE id = ?").bind(id).first();
    expect(settings).toEqual({ keep_search_history: 1, search_history_on_device: 1 });
    expect(textOf(await (await visitor.get("/account/search-history")).text())).toContain("Your searches are kept only in the browsers you use");

    const page = await (await visitor.get("/search?q=teapot")).text();
    expect(islandProps(page)).toMatchObject({ mode: "keep", query: "teapot", manageHref: "/account/search-history" });
    expect(textOf(page)).not.toContain("Your recent searches");
    await settle();
    expect(await termsOf(id)).toEqual([]);

    expect((await visitor.post("/account/search-history/device", { device: "off" })).status).toBe(303);
    await visitor.get("/search?q=kettle");
    await expect.poll(async () => (await termsOf(id)).map((row) => row.term)).toEqual(["kettle"]);
    // Back with the account, the browser is told to drop what it kept.
    expect(islandProps(await (await visitor.get("/search?q=kettle")).text())).toMatchObject({ mode: "forget", query: "" });
  });

  it("deletes one term, or clears all, of the member's own searches only", async () => {
    const mine = await newMember("Term Tidier");
    const other = await newMember("Term Keeper");
    for (const q of ["teapot", "kettle"]) await mine.visitor.get(`/search?q=${q}`);
    for (const q of ["teapot", "lamp"]) await other.visitor.get(`/search?q=${q}`);
    await expect.poll(() => termsOf(mine.id)).toHaveLength(2);
    await expect.poll(() => termsOf(other.id)).toHaveLength(2);
    const othersBefore = await termsOf(other.id);

    expect((await mine.visitor.post("/account/search-history/delete", { term: "teapot" })).status).toBe(303);
    expect((await termsOf(mine.id)).map((row) => row.term)).toEqual(["kettle"]);
    expect((await mine.visitor.post("/account/search-history/delete", { term: "lamp" })).status).toBe(303);
    expect((await mine.visitor.post("/account/search-history/clear", {})).status).toBe(303);
    expect(await termsOf(mine.id)).toEqual([]);
    expect(textOf(await (await mine.visitor.get("/account/search-history?done=cleared")).text())).toContain("Your search history is cleared.");
    expect(await termsOf(other.id)).toEqual(othersBefore);
  });

  it("guests: the browser keeps recent searches only with personalisation allowed; the server keeps nothing", async () => {
    const before = await allRows();
    const guest = new Visitor({ country: "CN" });
    expect(islandProps(await (await guest.get("/search?q=teapot")).text())).toMatchObject({ mode: "forget", query: "" });
    await guest.choose("/", "accept_all");
    expect(islandProps(await (await guest.get("/search?q=teapot")).text())).toMatchObject({ mode: "keep", query: "teapot", manageHref: null });
    const refusing = new Visitor({ country: "CN" });
    await refusing.choose("/", "reject_all");
    expect(islandProps(await (await refusing.get("/search?q=teapot")).text())).toMatchObject({ mode: "forget" });
    await settle();
    expect(await allRows()).toEqual(before);
  });
});

describe("managing history", () => {
  it("answers bad form input with 400 and changes nothing; guests are sent to sign in", async () => {
    const [product] = await products(1);
    const { visitor, id } = await newMember("Careful Clicker");
    await visitor.get(`/p/${product!.slug}`);
    await visitor.get("/search?q=teapot");
    await expect.poll(() => historyOf(id)).toHaveLength(1);
    await expect.poll(() => termsOf(id)).toHaveLength(1);
    const settings = () => env.DB.prepare("SELECT keep_history, keep_search_history, search_history_on_device FROM members WHERE id = ?").bind(id).first();
    const before = { history: await historyOf(id), terms: await termsOf(id), settings: await settings() };

    const bad: [string, Record<string, string>][] = [
      ["/account/history/delete", { kind: "bookmark", subject: product!.id }],
      ["/account/history/delete", { kind: "product", subject: "' OR 1=1 --" }],
      ["/account/history/delete", {}],
      ["/account/history/keep", { keep: "maybe" }],
      ["/account/search-history/keep", {}],
      ["/account/search-history/device", { device: "yes" }],
      ["/account/search-history/delete", { term: "" }],
      ["/account/search-history/delete", { term: "t".repeat(101) }],
    ];
    for (const [path, fields] of bad) expect((await visitor.post(path, fields)).status, `${path} ${JSON.stringify(fields)}`).toBe(400);
    expect({ history: await historyOf(id), terms: await termsOf(id), settings: await settings() }).toEqual(before);

    const guest = new Visitor({ country: "CN" });
    for (const path of ["/account/history/clear", "/account/search-history/clear"]) {
      const answer = await guest.post(path, {});
      expect(answer.status).toBe(303);
      expect(answer.headers.get("location")).toMatch(/^\/sign-in\?next=/);
    }
    expect((await guest.get("/account/search-history")).status).toBe(303);
    expect({ history: await historyOf(id), terms: await termsOf(id) }).toEqual({ history: before.history, terms: before.terms });
  });
});

/** The props of the search page's device-history island. */
function islandProps(html: string): Record<string, unknown> {
  const props = html.match(/data-island="search-history" data-props="([^"]+)"/)?.[1];
  expect(props).toBeDefined();
  return JSON.parse(props!.replace(/&quot;/g, '"').replace(/&amp;/g, "&")) as Record<string, unknown>;
}
