import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { seedCategories, seedProducts, seedShows } from "../../db/seed/catalog-data.ts";
import { productScene, renderScene } from "../../db/seed/product-image.ts";

describe("demo catalogue", () => {
  it("has at least 60 products in at least 6 categories, with unique slugs", () => {
    expect(seedCategories.length).toBeGreaterThanOrEqual(6);
    expect(seedProducts.length).toBeGreaterThanOrEqual(60);
    expect(new Set(seedProducts.map((p) => p.slug)).size).toBe(seedProducts.length);
    for (const category of seedCategories) {
      expect(seedProducts.filter((p) => p.categorySlug === category.slug).length).toBeGreaterThan(0);
    }
  });

  it("has sane prices, discounts and stock", () => {
    for (const product of seedProducts) {
      expect(Number.isInteger(product.priceMinor) && product.priceMinor > 0).toBe(true);
      expect(product.listPriceMinor).toBeGreaterThanOrEqual(product.priceMinor);
      expect(product.stock).toBeGreaterThanOrEqual(0);
    }
    expect(seedProducts.some((p) => p.listPriceMinor > p.priceMinor)).toBe(true);
    expect(seedProducts.some((p) => p.stock === 0)).toBe(true);
    expect(seedProducts.some((p) => p.crossBorder)).toBe(true);
  });

  it("has one live show whose products all exist", () => {
    expect(seedShows.filter((s) => s.status === "live")).toHaveLength(1);
    const slugs = new Set(seedProducts.map((p) => p.slug));
    for (const show of seedShows) for (const slug of show.productSlugs) expect(slugs.has(slug)).toBe(true);
  });
});

function readPng(png: Uint8Array) {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: { type: string; data: Uint8Array }[] = [];
  for (let offset = 8; offset < png.length; ) {
    const length = view.getUint32(offset);
    const type = new TextDecoder().decode(png.subarray(offset + 4, offset + 8));
    chunks.push({ type, data: png.subarray(offset + 8, offset + 8 + length) });
    offset += 12 + length;
  }
  return chunks;
}

describe("generated product pictures", () => {
  it("are real PNG files of the requested size", async () => {
    const png = await renderScene(productScene({ width: 64, height: 48, shape: "mug", hue: 10, backgroundHue: 200, variant: 0 }));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const chunks = readPng(png);
    expect(chunks.map((c) => c.type)).toEqual(["IHDR", "IDAT", "IEND"]);
    const header = new DataView(chunks[0]!.data.buffer, chunks[0]!.data.byteOffset);
    expect([header.getUint32(0), header.getUint32(4)]).toEqual([64, 48]);
    // Decompressed: one filter byte plus 3 bytes per pixel on every row.
    expect(inflateSync(chunks[1]!.data).length).toBe(48 * (1 + 64 * 3));
  });

  it("are deterministic and differ between products", async () => {
    const art = { width: 32, height: 32, shape: "bottle" as const, hue: 40, backgroundHue: 100, variant: 1 };
    const a = await renderScene(productScene(art));
    const b = await renderScene(productScene(art));
    const c = await renderScene(productScene({ ...art, shape: "bag" }));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
  });
});
