import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { seedCategories, seedProducts } from "../../db/seed/catalog-data.ts";
import { demoMembers } from "../../db/seed/seed-members.ts";
import { stableId } from "../../worker/lib/ids.ts";
import { freshMs, prunePageVersions } from "../../worker/middleware/page-cache.ts";
import { pageVersionsForgotten, register, seedDemoShop, setCookieNames, signInAs, textOf, Visitor } from "./support.ts";

beforeAll(async () => {
  await seedDemoShop({ members: true });
});


const cacheStatus = (response: Response) => response.headers.get("X-Page-Cache");

/**
 * Opens `path` until the cache answers (the first render is stored in the background, after the
 * response): the first response (its page as `firstHtml`) and the first cached one.
 */
async function cached(visitor: Visitor, path: string): Promise<{ first: Response; firstHtml: string; hit: Response }> {
  const first = await visitor.get(path);
  const firstHtml = await first.text();
  for (let attempt = 0; attempt < 50; attempt++) {
    const next = await visitor.get(path);
    if (cacheStatus(next) === "HIT") return { first, firstHtml, hit: next };
    await next.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${path} was never served from the cache`);
}

const securityHeaders = ["Content-Security-Policy", "Strict-Transport-Security", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options", "Cross-Origin-Opener-Policy", "Permissions-Policy"];

// Products no other test here changes, so each test starts from its own cold pages.
const [scarf, teapot, lamp, bowl, vase, mug] = seedProducts.filter((product) => product.stock > 5 && !product.crossBorder);

afterEach(() => {
  vi.useRealTimers();
});

describe("guest pages at the edge", () => {
  it("serves a guest the same page again from the cache, with the same headers and nobody's cookies", async () => {
    const guest = new Visitor();
    const { first, hit } = await cached(guest, `/p/${scarf!.slug}`);
    expect(cacheStatus(first)).toBe("MISS");
    expect(await hit.text()).toContain(scarf!.title.en);
    for (const name of securityHeaders) expect(hit.headers.get(name), name).toBe(first.headers.get(name));
    expect(hit.headers.get("Content-Language")).toBe("en");
    expect(hit.headers.get("X-Request-Id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(hit.headers.get("X-Request-Id")).not.toBe(first.headers.get("X-Request-Id"));
    expect(hit.headers.getSetCookie()).toEqual([]);
    // The consent layer still runs on a cached page: a cookie this guest may no longer keep is expired.
    const stale = new Visitor();
    stale.cookies.set("lantern_av", "2026-01-01");
    const again = await stale.get(`/p/${scarf!.slug}`);
    expect(cacheStatus(again)).toBe("HIT");
    expect(new Set(setCookieNames(again))).toEqual(new Set(["lantern_av"]));
    for (const header of again.headers.getSetCookie()) expect(header).toMatch(/Max-Age=0/i);
  });

  it("says how long the search took only on the page that searched, not on its cached copies", async () => {
    const { first, hit } = await cached(new Visitor(), "/search?q=teapot");
    expect(first.headers.get("Server-Timing")).toMatch(/^search;dur=/);
    expect(hit.headers.get("Server-Timing")).toBeNull();
  });

  it("keeps a page per language, consent state and Global Privacy Control, and nothing of the visitor", async () => {
    const path = `/c/${seedCategories[0]!.slug}`;
    const { hit: english } = await cached(new Visitor(), path);
    expect(textOf(await english.text())).toContain(seedCategories[0]!.name.en);

    const chinese = new Visitor({ language: "zh-CN" });
    const { first: firstChinese, firstHtml: chinesePage } = await cached(chinese, path);
    expect(cacheStatus(firstChinese)).toBe("MISS");
    expect(textOf(chinesePage)).toContain(seedCategories[0]!.name.zh);

    const withGpc = new Visitor({ gpc: true });
    expect(cacheStatus(await withGpc.get(path))).toBe("MISS");

    // Having answered, the banner is gone: another page than the first visit's.
    const answered = new Visitor();
    await answered.choose("/", "reject_all");
    const { first: firstAnswered, hit: answeredHit } = await cached(answered, path);
    expect(cacheStatus(firstAnswered)).toBe("MISS");
    expect(await answeredHit.text()).not.toContain('action="/consent"');
    expect(await (await new Visitor().get(path)).text()).toContain('action="/consent"');
  });

  it("gives every guest a consent form of their own, even on a cached page", async () => {
    const path = `/p/${teapot!.slug}`;
    const first = new Visitor();
    const { hit } = await cached(first, path);
    const second = new Visitor();
    const secondPage = await second.get(path);
    expect(cacheStatus(secondPage)).toBe("HIT");
    const subjects = [Visitor.formFields(await hit.text(), "/consent").subject, Visitor.formFields(await secondPage.text(), "/consent").subject];
    for (const subject of subjects) expect(subject).toMatch(/^offer_[0-9a-z]{16}$/);
    expect(new Set(subjects).size).toBe(2);
    // Both answer from their cached pages: two people in the ledger, not one.
    for (const visitor of [first, second]) await visitor.choose(path, "accept_all");
    const { results } = await env.DB.prepare("SELECT subject_id FROM consent_records ORDER BY seq DESC LIMIT 2").all<{ subject_id: string }>();
    expect(new Set(results.map((row) => row.subject_id)).size).toBe(2);
  });

  it("keeps one page for a campaign's visitors: tracking parameters neither split the cache nor show on the page", async () => {
    const path = `/p/${mug!.slug}`;
    const { first, firstHtml } = await cached(new Visitor(), `${path}?utm_source=newsletter&utm_campaign=spring&fbclid=IwAR-first-click`);
    expect(cacheStatus(first)).toBe("MISS");
    expect(firstHtml).toContain(mug!.title.en);
    // The language and consent forms bring a visitor back to the page, not to the click id.
    expect(firstHtml).not.toContain("IwAR-first-click");
    expect(firstHtml).not.toContain("utm_");
    const other = await new Visitor().get(`${path}?gclid=Cj0K-second-click`);
    expect(cacheStatus(other)).toBe("HIT");
    expect(await other.text()).not.toContain("Cj0K-second-click");
    expect(cacheStatus(await new Visitor().get(path))).toBe("HIT");
    // What a page does read still makes another page.
    const shelf = `/c/${mug!.categorySlug}`;
    const { hit } = await cached(new Visitor(), `${shelf}?sort=price_asc&utm_medium=email`);
    expect(cacheStatus(hit)).toBe("HIT");
    expect(cacheStatus(await new Visitor().get(`${shelf}?sort=price_asc`))).toBe("HIT");
    expect(cacheStatus(await new Visitor().get(`${shelf}?sort=price_desc&utm_medium=email`))).toBe("MISS");
  });

  it("shows a price or stock change made elsewhere within a second, and a stock change only on its own page", async () => {
    const productPath = `/p/${lamp!.slug}`;
    const shelfPath = `/c/${lamp!.categorySlug}`;
    const guest = new Visitor();
    await cached(guest, productPath);
    await cached(guest, shelfPath);

    await env.DB.prepare("UPDATE products SET stock = stock - 1 WHERE slug = ?").bind(lamp!.slug).run();
    await pageVersionsForgotten();
    expect(cacheStatus(await guest.get(productPath))).toBe("MISS");
    expect(cacheStatus(await guest.get(shelfPath))).toBe("HIT");

    const price = lamp!.priceMinor + 1234;
    await env.DB.prepare("UPDATE products SET price_minor = ? WHERE slug = ?").bind(price, lamp!.slug).run();
    await pageVersionsForgotten();
    const shown = `¥${(price / 100).toLocaleString("en", { minimumFractionDigits: 2 })}`;
    for (const path of [productPath, shelfPath]) {
      const page = await guest.get(path);
      expect(cacheStatus(page), path).toBe("MISS");
      expect(textOf(await page.text()), path).toContain(shown);
    }
  });

  it("keeps the shows page for guests too, and a show's change is on it within a second", async () => {
    const guest = new Visitor();
    const { firstHtml, hit } = await cached(guest, "/live");
    const show = await env.DB.prepare(
      "SELECT s.id, t.title FROM live_shows s JOIN live_show_texts t ON t.show_id = s.id AND t.locale = 'en' WHERE s.status = 'scheduled' ORDER BY s.id LIMIT 1",
    ).first<{ id: string; title: string }>();
    expect(textOf(firstHtml)).toContain(show!.title);
    expect(textOf(await hit.text())).toContain(show!.title);

    const renamed = `${show!.title}, moved to the evening`;
    await env.DB.prepare("UPDATE live_show_texts SET title = ? WHERE show_id = ? AND locale = 'en'").bind(renamed, show!.id).run();
    await pageVersionsForgotten();
    const page = await guest.get("/live");
    expect(cacheStatus(page)).toBe("MISS");
    expect(textOf(await page.text())).toContain(renamed);
  });

  it("shows an order's stock change on the very next page, where the shop took the order", async () => {
    const productPath = `/p/${vase!.slug}`;
    await env.DB.prepare("UPDATE products SET stock = 2 WHERE slug = ?").bind(vase!.slug).run();
    const guest = new Visitor();
    const { hit } = await cached(guest, productPath);
    expect(textOf(await hit.text())).toContain("Only 2 left");
    const [shopper] = demoMembers;
    const buyer = new Visitor({ country: "CN" });
    expect((await signInAs(buyer, shopper!)).status).toBe(303);
    const productId = await env.DB.prepare("SELECT id FROM products WHERE slug = ?").bind(vase!.slug).first<string>("id");
    await env.DB.prepare("DELETE FROM cart_items").run();
    await env.DB.prepare("INSERT INTO cart_items (member_id, product_id, quantity, price_seen_minor, added_at) VALUES (?, ?, ?, ?, ?)")
      .bind(await stableId("mbr", shopper!.phone), productId, 1, vase!.priceMinor, Date.now())
      .run();
    const checkout = await (await buyer.get("/checkout")).text();
    const address = { address_id: "new", recipient: "Wang Fang", country: "CN", phone: "139 1234 5678", address: "88 Jiefang Road, Xihu District, Hangzhou", delivery_time: "evenings" };
    expect((await buyer.post("/checkout", { ...Visitor.formFields(checkout, "/checkout"), ...address, intent: "place" })).status).toBe(303);

    const page = await guest.get(productPath);
    expect(cacheStatus(page)).toBe("MISS");
    expect(textOf(await page.text())).toContain("Only 1 left");
  });

  it("serves a page past its freshness once more while it renders it again behind the visitor", async () => {
    const path = `/c/${teapot!.categorySlug}`;
    const guest = new Visitor();
    await cached(guest, path);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + freshMs + 1_000);
    const stale = await guest.get(path);
    expect(cacheStatus(stale)).toBe("STALE");
    expect(textOf(await stale.text())).toContain(seedCategories.find((category) => category.slug === teapot!.categorySlug)!.name.en);
    // The render in the background replaces the copy: the next visitors get a fresh page again.
    const { hit } = await cached(guest, path);
    expect(cacheStatus(hit)).toBe("HIT");
  });

  it("never caches for members or for guests who asked for a personalised shop", async () => {
    const path = `/p/${bowl!.slug}`;
    const member = new Visitor();
    expect((await register(member, { phone: "139 0013 7701", nickname: "Cache Tester", password: "correct-horse-battery-staple" })).status).toBe(303);
    for (let i = 0; i < 2; i++) {
      const page = await member.get(path);
      expect(cacheStatus(page)).toBe("BYPASS");
      expect(page.headers.get("Cache-Control")).toBe("private, no-store");
    }
    const personal = new Visitor();
    await personal.choose("/", "accept_all");
    for (let i = 0; i < 2; i++) expect(cacheStatus(await personal.get(path))).toBe("BYPASS");
  });

  it("forgets product page versions nobody can still hold, nightly, and keeps the rest", async () => {
    const now = Date.now();
    await env.DB.batch([
      env.DB.prepare("INSERT OR REPLACE INTO page_versions (scope, version, changed_at) VALUES ('product:long-gone', 7, ?)").bind(now - 2 * 86_400_000),
      env.DB.prepare("INSERT OR REPLACE INTO page_versions (scope, version, changed_at) VALUES ('product:just-now', 3, ?)").bind(now - 60_000),
    ]);
    expect(await prunePageVersions(env.DB, now)).toBeGreaterThanOrEqual(1);
    const { results } = await env.DB.prepare("SELECT scope FROM page_versions WHERE scope IN ('product:long-gone', 'product:just-now', 'listings')").all<{ scope: string }>();
    expect(results.map((row) => row.scope).sort()).toEqual(["listings", "product:just-now"]);
  });
});
