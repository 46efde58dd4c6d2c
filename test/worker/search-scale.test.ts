import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { countCap, scoreCap } from "../../worker/features/search/queries.ts";
import { browse, seedDemoShop, textOf } from "./support.ts";

/** More products holding one word than a search ranks or a listing counts. */
const extra = Math.max(scoreCap, countCap) + 100;

beforeAll(async () => {
  await seedDemoShop();
  // Generated in SQL: the demo catalogue's first category, ¥1,000 + i each, the word "zephyr" in every title.
  const numbers = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${extra})`;
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO products (id, slug, category_id, price_minor, list_price_minor, currency, stock, images, cross_border, featured, created_at)
       ${numbers} SELECT 'zephyr-' || i, 'zephyr-lamp-' || i, (SELECT id FROM categories ORDER BY position LIMIT 1), 100000 + i * 100, 100000 + i * 100, 'CNY', 3, '[]', 0, 0, 1700000000000 + i FROM n`,
    ),
    env.DB.prepare(
      `INSERT INTO product_texts (product_id, locale, title, description, attributes)
       ${numbers} SELECT 'zephyr-' || i, locale, 'Zephyr lamp ' || i, 'A lamp.', '[]' FROM n, (SELECT 'en' AS locale UNION ALL SELECT 'zh-CN')`,
    ),
    env.DB.prepare(
      `INSERT INTO product_search (rowid, title, attributes, description)
       SELECT k * 2, 'zephyr lamp', '', 'a lamp' FROM search_products WHERE product_id LIKE 'zephyr-%'`,
    ),
  ]);
});

const statusOf = async (path: string) => {
  const html = await (await browse(path)).text();
  return { html, status: textOf(/<p role="status">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? "") };
};

describe("a word or filter that matches thousands", () => {
  it("ranks the newest matches up to the cap, says there are more, and pages as far as it ranked", async () => {
    const first = await statusOf("/search?q=zephyr");
    expect(first.status).toBe(`More than ${scoreCap.toLocaleString("en")} results for “zephyr”, the best first`);
    const lastPage = Math.ceil(scoreCap / 12);
    expect(textOf(first.html)).toContain(`Page 1 of ${lastPage}`);
    // The last page holds the rest of the newest `scoreCap` products; older ones are not ranked.
    const last = await (await browse(`/search?q=zephyr&page=${lastPage}`)).text();
    expect(last).not.toContain(`rel="next"`);
    const numbers = [...last.matchAll(/href="\/p\/zephyr-lamp-(\d+)"/g)].map((match) => Number(match[1]));
    expect(new Set(numbers).size).toBe(scoreCap - (lastPage - 1) * 12);
    expect(Math.min(...numbers)).toBeGreaterThan(extra - scoreCap);
  });

  it("counts a listing up to its cap and says there are more", async () => {
    const { status } = await statusOf("/search?stock=1&sort=price_desc");
    expect(status).toBe(`More than ${countCap.toLocaleString("en")} products match these filters`);
  });

  it("counts exactly below the caps, filters applied before ranking", async () => {
    const { status, html } = await statusOf(`/search?q=zephyr&min=${1000 + extra - 29}`);
    expect(status).toBe("30 results for “zephyr”");
    expect(html).toContain(`/p/zephyr-lamp-${extra - 29}"`);
  });
});
