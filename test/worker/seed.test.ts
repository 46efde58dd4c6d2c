import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { seedShop } from "../../db/seed/seed-shop.ts";
import { database } from "../../worker/lib/db.ts";

const tables = ["categories", "category_texts", "products", "product_texts", "product_image_features", "live_shows", "live_show_texts", "live_show_products"];

async function snapshot() {
  const dump: Record<string, unknown[]> = {};
  for (const table of tables) dump[table] = (await env.DB.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all()).results;
  const objects = await env.MEDIA.list({ limit: 1000 });
  return { dump, objects: objects.objects.map((o) => `${o.key}:${o.etag}`).sort() };
}

describe("demo seed", () => {
  it("fills D1 and R2, and a second run changes nothing", async () => {
    const first = await seedShop(database(env.DB), env.MEDIA);
    expect(first).toEqual({ categories: 6, products: 72, shows: 3, imagesUploaded: 72 * 3 + 3, videosUploaded: 0 });
    const before = await snapshot();
    expect(before.dump.products).toHaveLength(72);
    // The visual search has features of every product's first picture.
    expect(before.dump.product_image_features).toHaveLength(72);
    expect(before.objects).toHaveLength(219);

    const second = await seedShop(database(env.DB), env.MEDIA);
    expect(second.imagesUploaded).toBe(0);
    expect(await snapshot()).toEqual(before);
  });

  it("stores every picture the catalogue points to, as a PNG", async () => {
    const rows = (await env.DB.prepare("SELECT images FROM products").all<{ images: string }>()).results;
    const keys = rows.flatMap((row) => (JSON.parse(row.images) as { key: string }[]).map((image) => image.key));
    expect(keys).toHaveLength(216);
    for (const key of keys.slice(0, 12)) {
      const object = await env.MEDIA.get(key);
      expect(object?.httpMetadata?.contentType, key).toBe("image/png");
      expect([...new Uint8Array(await object!.arrayBuffer()).subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    }
  });
});
