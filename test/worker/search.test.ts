import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { seedCategories, seedProducts } from "../../db/seed/catalog-data.ts";
import { browse, pageVersionsForgotten, register, seedDemoShop, textOf, Visitor } from "./support.ts";

beforeAll(async () => {
  await seedDemoShop();
});

/** The product slugs a search page lists, in order. */
async function slugsOf(path: string, language = "en"): Promise<string[]> {
  const html = await (await browse(path, { language })).text();
  return [...html.matchAll(/class="product-card__title"><a href="\/p\/([a-z0-9-]+)"/g)].map((match) => match[1]!);
}

const allSlugs = async (query: string) => {
  const slugs: string[] = [];
  for (let page = 1; page < 20; page++) {
    const found = await slugsOf(`/search?${query}&page=${page}`);
    if (found.length === 0) break;
    slugs.push(...found);
  }
  return slugs;
};

const words = (text: string): string[] => text.toLowerCase().match(/[a-z]{4,}/g) ?? [];

describe("ranking", () => {
  it("ranks products with the word in their title above those that only mention it", async () => {
    // A word some titles hold and other products only mention in their description.
    const word = [...new Set(seedProducts.flatMap((p) => words(p.title.en)))].find(
      (w) => seedProducts.some((p) => !words(p.title.en).includes(w) && words(p.description.en).includes(w)),
    )!;
    const inTitle = seedProducts.filter((p) => words(p.title.en).includes(word)).map((p) => p.slug);
    const found = await allSlugs(`q=${word}`);
    expect(found.slice(0, inTitle.length).sort()).toEqual([...inTitle].sort());
    expect(found.length).toBeGreaterThan(inTitle.length);
  });

  it("matches the beginning of a word as it is typed", async () => {
    expect(await slugsOf("/search?q=teap")).toContain("honey-glass-teapot");
    expect(await slugsOf("/search?q=Terracot%20mu")).toEqual(["terracotta-ceramic-mug"]);
  });

  it("finds the category's name and attribute values, not only titles", async () => {
    const kitchen = seedCategories.find((c) => c.slug === "home-kitchen")!;
    const found = await allSlugs(`q=${encodeURIComponent(kitchen.name.zh)}`);
    expect(found.sort()).toEqual(seedProducts.filter((p) => p.categorySlug === "home-kitchen").map((p) => p.slug).sort());
  });
});

describe("Chinese", () => {
  it("finds any run of characters inside titles and descriptions, from one character up", async () => {
    for (const query of ["茶壶", "壶", "玻璃茶壶", "蜂蜜黄玻璃茶壶"]) {
      expect(await slugsOf(`/search?q=${encodeURIComponent(query)}`, "zh-CN"), query).toContain("honey-glass-teapot");
    }
    // Titles show in the reader's language whichever language matched.
    expect(textOf(await (await browse(`/search?q=${encodeURIComponent("茶壶")}`)).text())).toContain("Honey Glass Teapot");
  });

  it("answers a long Chinese query (over D1's 50-byte pattern limit) with what matches part of it", async () => {
    // 17 characters, 51 bytes: one "word", as Chinese shoppers type. No product holds it all; mugs hold 马克杯.
    const phrase = "手工陶瓷马克杯礼盒装送朋友生日礼物";
    const response = await browse(`/search?q=${encodeURIComponent(phrase)}`, { language: "zh-CN" });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(textOf(html)).toContain(`没有商品同时包含“${phrase}”中的所有词`);
    const found = [...html.matchAll(/class="product-card__title"><a href="\/p\/([a-z0-9-]+)"/g)].map((m) => m[1]);
    expect(found[0]).toBe("terracotta-ceramic-mug");
    // Sorted by price, the same products from the cheapest; filtered to what no product matches, nothing.
    const cheapest = await slugsOf(`/search?q=${encodeURIComponent(phrase)}&sort=price_asc`, "zh-CN");
    const prices = cheapest.map((slug) => seedProducts.find((p) => p.slug === slug)!.priceMinor);
    expect(cheapest).toContain("terracotta-ceramic-mug");
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    const none = textOf(await (await browse(`/search?q=${encodeURIComponent(phrase)}&sort=price_asc&min=99999`, { language: "zh-CN" })).text());
    expect(none).toContain(`没有与 “${phrase}” 匹配的商品。`);
  });

  it("finds a long phrase that does occur, and answers eight long words at once", async () => {
    const product = seedProducts[0]!;
    expect(await slugsOf(`/search?q=${encodeURIComponent(product.description.zh.slice(0, 24))}`)).toEqual([product.slug]);
    const many = Array.from({ length: 12 }, (_, i) => `${"word".repeat(14)}${i}`).join(" ").slice(0, 100);
    expect((await browse(`/search?q=${encodeURIComponent(many)}`)).status).toBe(200);
    const long = "a".repeat(60);
    expect(textOf(await (await browse(`/search?q=${long}`)).text())).toContain(`Nothing matches “${long}”`);
  });
});

describe("filters, sort and pages", () => {
  it("narrows by category, price, stock and where the product ships from", async () => {
    const inKitchen = await allSlugs("category=home-kitchen&min=50&max=150");
    const expected = seedProducts.filter((p) => p.categorySlug === "home-kitchen" && p.priceMinor >= 5000 && p.priceMinor <= 15000);
    expect(inKitchen.sort()).toEqual(expected.map((p) => p.slug).sort());

    const inStock = await allSlugs("stock=1&origin=abroad");
    expect(inStock.sort()).toEqual(seedProducts.filter((p) => p.stock > 0 && p.crossBorder).map((p) => p.slug).sort());
    expect(seedProducts.some((p) => p.stock === 0 && p.crossBorder) || inStock.length > 0).toBe(true);
  });

  it("sorts by price and pages through the results without repeating one", async () => {
    const cheapestFirst = await allSlugs("stock=1&sort=price_asc");
    const prices = cheapestFirst.map((slug) => seedProducts.find((p) => p.slug === slug)!.priceMinor);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    expect(new Set(cheapestFirst).size).toBe(seedProducts.filter((p) => p.stock > 0).length);
    // The pages keep the filters in their links.
    const html = await (await browse("/search?stock=1&sort=price_asc")).text();
    expect(html).toContain('href="/search?stock=1&amp;sort=price_asc&amp;page=2"');
    // A page past the end (a stale link) says so and links back, with the real total.
    const past = textOf(await (await browse("/search?stock=1&page=99")).text());
    expect(past).toContain("There are fewer pages now");
    expect(past).toContain(`${cheapestFirst.length} products match these filters`);
  });
});

describe("near misses and empty results", () => {
  it("offers the spelling the catalogue knows when a word finds nothing", async () => {
    const text = textOf(await (await browse("/search?q=teapto")).text());
    expect(text).toContain("Did you mean: teapot");
    const zero = textOf(await (await browse("/search?q=qqqqxz")).text());
    expect(zero).toContain("Nothing matches “qqqqxz”");
    expect(zero).toContain("Browse the shelves");
    expect(zero).toContain("Popular right now");
  });

  it("treats wildcards and quotes as text, and says when there is nothing to search for", async () => {
    const html = await (await browse("/search?q=%25")).text();
    expect(textOf(html)).toContain("punctuation alone finds nothing");
    expect(html).toContain('value="%"');
    // FTS5 operators are words like any other: nothing holds "teapot", "or" and "not" together.
    const operators = await browse(`/search?q=${encodeURIComponent('"teapot* OR NOT')}`);
    expect(operators.status).toBe(200);
    expect(textOf(await operators.text())).toContain("Nothing matches every word of “\"teapot* OR NOT”");
    expect((await browse(`/search?q=${encodeURIComponent('tea" OR "x')}`)).status).toBe(200);
  });
});

describe("bad input", () => {
  it("answers 400 with the field's message and keeps what was typed", async () => {
    const cases: [string, string][] = [
      [`q=${"x".repeat(101)}`, "Search for at most 100 characters."],
      ["q=mug&min=abc", "Enter a price in yuan, like 88 or 88.50."],
      ["q=mug&min=200&max=100", "The highest price must not be below the lowest."],
      ["q=mug&category=Not%20a%20shelf", "Choose a category from the list."],
      ["q=mug&sort=random", "Choose an order from the list."],
      ["q=mug&origin=moon", "Choose where the product ships from in the list."],
      ["q=mug&page=0", "The page must be a whole number from 1 to 999."],
    ];
    for (const [query, message] of cases) {
      const response = await browse(`/search?${query}`);
      expect(response.status, query).toBe(400);
      const html = await response.text();
      expect(textOf(html), query).toContain(message);
      if (query.includes("min=abc")) expect(html).toContain('value="abc"');
    }
  });

  it("suggests titles as JSON, and refuses overlong input with field errors", async () => {
    const response = await browse("/api/search/suggest?q=teap");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ suggestions: [{ title: "Honey Glass Teapot", href: "/p/honey-glass-teapot" }] });
    const chinese = await browse(`/api/search/suggest?q=${encodeURIComponent("茶")}`, { language: "zh-CN" });
    expect((await chinese.json<{ suggestions: { href: string }[] }>()).suggestions.map((s) => s.href)).toContain("/p/honey-glass-teapot");
    expect(await (await browse("/api/search/suggest?q=t")).json()).toEqual({ suggestions: [] });
    const long = await browse(`/api/search/suggest?q=${"x".repeat(101)}`);
    expect(long.status).toBe(400);
    expect(await long.json()).toMatchObject({ fields: { q: expect.any(Array) } });
  });
});

describe("the index", () => {
  it("follows price and stock changes for filters, as an order or a staff edit makes them", async () => {
    const product = seedProducts.find((p) => p.slug === "honey-glass-teapot")!;
    expect(await slugsOf("/search?q=teapot&stock=1")).toContain(product.slug);
    await env.DB.prepare("UPDATE products SET stock = 0, price_minor = 100 WHERE slug = ?").bind(product.slug).run();
    await pageVersionsForgotten();
    expect(textOf(await (await browse("/search?q=teapot&stock=1")).text())).toContain("Nothing matches “teapot”");
    expect(await slugsOf("/search?q=teapot&max=1")).toEqual([product.slug]);
    await env.DB.prepare("UPDATE products SET stock = ?, price_minor = ? WHERE slug = ?").bind(product.stock, product.priceMinor, product.slug).run();
  });

  it("says how long the search took inside the worker", async () => {
    expect((await browse("/search?q=mug")).headers.get("server-timing")).toMatch(/^search;dur=\d+(\.\d)?$/);
  });

  it("follows the catalogue: a product whose texts are gone is no longer found", async () => {
    const product = seedProducts.find((p) => p.slug === "plum-camp-mug")!;
    expect(await slugsOf("/search?q=plum%20camp")).toEqual([product.slug]);
    await env.DB.prepare("DELETE FROM product_texts WHERE product_id = (SELECT id FROM products WHERE slug = ?)").bind(product.slug).run();
    await pageVersionsForgotten();
    expect(await slugsOf("/search?q=plum%20camp")).not.toContain(product.slug);
    const { rows } = (await env.DB.prepare(
      "SELECT count(*) AS rows FROM product_search WHERE product_search MATCH 'plum' AND rowid >> 1 = (SELECT k FROM search_products WHERE product_id = (SELECT id FROM products WHERE slug = ?))",
    )
      .bind(product.slug)
      .first<{ rows: number }>())!;
    expect(rows).toBe(0);
  });
});

/** Every table and column that holds `needle` somewhere in the database (the index's own tables aside). */
async function whereIs(needle: string): Promise<string[]> {
  const tables = (
    await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'product_search%'").all<{
      name: string;
    }>()
  ).results;
  const found: string[] = [];
  for (const { name } of tables) {
    const columns = (await env.DB.prepare(`SELECT name FROM pragma_table_info('${name}')`).all<{ name: string }>()).results;
    for (const column of columns) {
      const hits = await env.DB.prepare(`SELECT count(*) AS n FROM "${name}" WHERE instr(CAST("${column.name}" AS TEXT), ?) > 0`).bind(needle).first<number>("n");
      if (hits) found.push(`${name}.${column.name}`);
    }
  }
  return found;
}

describe("what a search leaves behind (policy §3.2)", () => {
  it("stores nothing about a guest's search, and for a member only the term, its count and times", async () => {
    const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
    const guestTerm = "zebrawood ladle";
    expect((await browse(`/search?q=${encodeURIComponent(guestTerm)}`)).status).toBe(200);
    await settle();
    expect(await whereIs("zebrawood")).toEqual([]);

    const visitor = new Visitor({ country: "CN" });
    expect((await register(visitor, { phone: "13755599001", nickname: "Quiet searcher", password: "paper kites over the night market" })).status).toBe(303);
    const memberTerm = "斑马木汤勺";
    for (let i = 0; i < 2; i++) expect((await visitor.get(`/search?q=${encodeURIComponent(memberTerm)}`)).status).toBe(200);
    await settle();
    expect(await whereIs("斑马木")).toEqual(["search_history.term"]);
    const row = await env.DB.prepare("SELECT * FROM search_history WHERE term = ?").bind(memberTerm).first<Record<string, unknown>>();
    expect(Object.keys(row!).sort()).toEqual(["count", "first_at", "last_at", "member_id", "term"]);
    expect(row!.count).toBe(2);
  });
});
