import { beforeAll, describe, expect, it } from "vitest";
import { seedProducts } from "../../db/seed/catalog-data.ts";
import { formatMoney } from "../../worker/lib/money.ts";
import { browse, seedDemoShop, textOf } from "./support.ts";

beforeAll(async () => {
  await seedDemoShop();
});

const discounted = seedProducts.find((p) => p.listPriceMinor > p.priceMinor && p.stock > 5)!;
const soldOut = seedProducts.find((p) => p.stock === 0)!;
const crossBorder = seedProducts.find((p) => p.crossBorder)!;

describe("home page", () => {
  it("shows featured products, every category and the live show", async () => {
    const response = await browse("/");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    const text = textOf(await response.text());
    expect(text).toContain("Featured products");
    for (const name of ["Home & Kitchen", "Fashion", "Beauty & Care", "Electronics", "Food & Tea", "Outdoors"]) {
      expect(text).toContain(name);
    }
    expect(text).toContain("Spring tea tasting with Master Lin");
    expect(text).toContain("Live now");
    expect(text).toContain("Kiln opening");
  });

  it("ships no JavaScript when the page has no island", async () => {
    const html = await (await browse("/")).text();
    expect(html).not.toContain("<script");
  });
});

describe("category listing", () => {
  it("lists eight products per page with working previous/next links", async () => {
    const first = await (await browse("/c/home-kitchen")).text();
    expect(textOf(first)).toContain("12 products");
    expect(first.match(/class="product-card"/g)).toHaveLength(8);
    expect(first).toContain('href="/c/home-kitchen?sort=newest&amp;page=2"');
    expect(textOf(first)).toContain("Page 1 of 2");

    const second = await (await browse("/c/home-kitchen?sort=newest&page=2")).text();
    expect(second.match(/class="product-card"/g)).toHaveLength(4);
    expect(textOf(second)).toContain("Page 2 of 2");
  });

  it("sorts by price both ways", async () => {
    const prices = (html: string) =>
      [...html.matchAll(/class="price__now">([^<]+)</g)].map((m) => Number(m[1]!.replace(/[^\d.]/g, "")));
    const ascending = prices(await (await browse("/c/electronics?sort=price_asc")).text());
    const descending = prices(await (await browse("/c/electronics?sort=price_desc")).text());
    expect(ascending.length).toBe(8);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    const all = seedProducts.filter((p) => p.categorySlug === "electronics").map((p) => p.priceMinor / 100);
    expect(ascending[0]).toBe(Math.min(...all));
    expect(descending[0]).toBe(Math.max(...all));
  });

  it("answers a clear 400 page for an unknown sort and 404 for an unknown category", async () => {
    const bad = await browse("/c/electronics?sort=cheapest");
    expect(bad.status).toBe(400);
    expect(textOf(await bad.text())).toContain("Something in that request wasn't right");
    expect((await browse("/c/no-such-category")).status).toBe(404);
    expect((await browse("/c/electronics?page=0")).status).toBe(400);
  });
});

describe("product page", () => {
  it("shows the gallery, the discounted price, stock and specifications", async () => {
    const response = await browse(`/p/${discounted.slug}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const text = textOf(html);
    expect(text).toContain(discounted.title.en);
    expect(text).toContain(formatMoney({ minor: discounted.priceMinor, currency: "CNY" }, "en"));
    expect(text).toContain(`Was ${formatMoney({ minor: discounted.listPriceMinor, currency: "CNY" }, "en")}`);
    expect(text).toMatch(/Save \d+%/);
    expect(text).toContain("In stock");
    expect(text).toContain("Specifications");
    expect(text).toContain(discounted.attributes.en[1]!.value);
    expect(html.match(/class="gallery__slide"/g)).toHaveLength(3);
    expect(html).toMatch(/<img src="\/media\/products\/[a-z0-9-]+-1\.[0-9a-f]{12}\.png"/);
  });

  it("says when a product is sold out, and when it ships from abroad", async () => {
    expect(textOf(await (await browse(`/p/${soldOut.slug}`)).text())).toContain("Out of stock");
    expect(textOf(await (await browse(`/p/${crossBorder.slug}`)).text())).toContain("Ships from abroad");
  });

  it("answers 404 with a page a shopper understands", async () => {
    const response = await browse("/p/not-a-real-product");
    expect(response.status).toBe(404);
    const text = textOf(await response.text());
    expect(text).toContain("We couldn't find that page");
    expect(text).toContain("Back to the shop");
  });
});

describe("live show page", () => {
  it("shows the show, its products and a server-marked viewer counter island", async () => {
    const response = await browse("/live/spring-tea-tasting");
    expect(response.status).toBe(200);
    const html = await response.text();
    // No ticket in the page: the island fetches one, so the page holds nothing per visitor.
    expect(html).not.toMatch(/"ticket"/);
    const text = textOf(html);
    expect(text).toContain("Spring tea tasting with Master Lin");
    expect(text).toContain("In this show");
    expect(html).toContain('<shop-island data-island="viewer-counter"');
    expect(html).toMatch(/<script type="module" src="\/assets\/hydrate-[A-Z0-9]+\.js"><\/script>/);
    expect(text).toContain("Turn on JavaScript to see how many people are watching.");
  });

  it("has no room (and no script) for a show that has not started", async () => {
    const html = await (await browse("/live/kiln-opening")).text();
    expect(textOf(html)).toContain("This show hasn't started yet");
    expect(html).not.toContain("shop-island");
    expect(html).not.toContain("<script");
  });
});
