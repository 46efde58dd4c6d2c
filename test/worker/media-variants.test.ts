import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { products } from "../../db/schema/index.ts";
import { productScene, renderScene } from "../../db/seed/product-image.ts";
import { database } from "../../worker/lib/db.ts";
import { browse, seedDemoShop } from "./support.ts";

/** A picture as the seed stores one: 480px, content-addressed key. */
const key = "products/variant-test-1.abcdef012345.png";
const smallKey = "products/variant-test-small-1.abcdef012345.png";
let png: Uint8Array;

const bytesOf = async (response: Response) => new Uint8Array(await response.arrayBuffer());
const widthOf = async (bytes: Uint8Array<ArrayBuffer>) => {
  const info = await env.IMAGES.info(new Response(bytes).body!);
  return "width" in info ? info.width : null;
};
const ascii = (bytes: Uint8Array) => String.fromCharCode(...bytes);

beforeAll(async () => {
  png = await renderScene(productScene({ width: 480, height: 480, shape: "mug", hue: 20, backgroundHue: 200, variant: 0 }));
  const small = await renderScene(productScene({ width: 96, height: 96, shape: "lamp", hue: 60, backgroundHue: 30, variant: 0 }));
  await env.MEDIA.put(key, png, { httpMetadata: { contentType: "image/png" } });
  await env.MEDIA.put(smallKey, small, { httpMetadata: { contentType: "image/png" } });
  await seedDemoShop();
});

describe("image variants", () => {
  it("serves a smaller WebP at the width asked for, cached like the original and stored in R2", async () => {
    const response = await browse(`/media/w/160/${key}.webp`, { headers: { Accept: "image/webp,*/*" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/webp");
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(response.headers.get("etag")).toMatch(/^"[0-9a-f]+"$/);
    const webp = await bytesOf(response);
    expect(ascii(webp.subarray(8, 12))).toBe("WEBP");
    expect(await widthOf(webp)).toBe(160);
    expect(webp.byteLength).toBeLessThan(png.byteLength);
    expect(response.headers.get("content-length")).toBe(String(webp.byteLength));

    const stored = await env.MEDIA.get(`variants/160/${key}.webp`);
    expect(stored?.httpMetadata?.contentType).toBe("image/webp");
    expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(webp);
  });

  it("serves AVIF, smaller than the original", async () => {
    const response = await browse(`/media/w/320/${key}.avif`, { headers: { Accept: "image/avif,*/*" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/avif");
    const avif = await bytesOf(response);
    expect(ascii(avif.subarray(4, 12))).toBe("ftypavif");
    expect(avif.byteLength).toBeLessThan(png.byteLength);
    expect(await env.MEDIA.head(`variants/320/${key}.avif`)).not.toBeNull();
  });

  it("is made once: later requests are answered from R2 even with the original gone", async () => {
    const variantKey = "products/variant-once-1.abcdef012345.png";
    await env.MEDIA.put(variantKey, png, { httpMetadata: { contentType: "image/png" } });
    const first = await bytesOf(await browse(`/media/w/320/${variantKey}.webp`));
    await env.MEDIA.delete(variantKey);
    // A new query string misses the edge cache, so this answer can only come from the stored variant.
    const again = await browse(`/media/w/320/${variantKey}.webp?again`);
    expect(again.status).toBe(200);
    expect(await bytesOf(again)).toEqual(first);
    // Another width of the same picture would need the original: it is gone, so there is none.
    expect((await browse(`/media/w/160/${variantKey}.webp`)).status).toBe(404);
  });

  it("answers 304 to a revalidation with the variant's ETag", async () => {
    const etag = (await browse(`/media/w/480/${key}.webp`)).headers.get("etag")!;
    const response = await browse(`/media/w/480/${key}.webp?revalidate`, { headers: { "If-None-Match": etag } });
    expect(response.status).toBe(304);
    expect(response.headers.get("etag")).toBe(etag);
  });

  it("never enlarges: asked wider than the original, the variant keeps the original's width", async () => {
    const response = await browse(`/media/w/1280/${smallKey}.webp`);
    expect(response.status).toBe(200);
    expect(await widthOf(await bytesOf(response))).toBe(96);
  });

  it("answers 404, and stores nothing, for widths and formats not on the list, vector or missing originals", async () => {
    await env.MEDIA.put("avatars/variant-test.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>", { httpMetadata: { contentType: "image/svg+xml" } });
    const refused = [
      `/media/w/200/${key}.webp`,
      `/media/w/0160/${key}.webp`,
      `/media/w/-160/${key}.webp`,
      `/media/w/160/${key}.jpg`,
      `/media/w/160/${key}.gif`,
      `/media/w/160/${key}`,
      "/media/w/160/avatars/variant-test.svg.webp",
      "/media/w/160/products/missing-1.000000000000.png.webp",
      "/media/w/160/../secret.png.webp",
    ];
    for (const path of refused) expect((await browse(path)).status, path).toBe(404);
    const stored = await env.MEDIA.list({ prefix: "variants/" });
    expect(stored.objects.map((object) => object.key).filter((name) => /200|0160|svg|missing|secret|\.jpg|\.gif/.test(name))).toEqual([]);
  });
});

describe("pages offer the variants", () => {
  const productWithPictures = async () => {
    const rows = await database(env.DB).select({ slug: products.slug, images: products.images }).from(products).where(eq(products.featured, true));
    return rows.find((row) => row.images.length > 1)!;
  };

  it("the product page's gallery has AVIF and WebP sources sized for the layout, over the original", async () => {
    const product = await productWithPictures();
    const page = await (await browse(`/p/${product.slug}`)).text();
    const [first, second] = product.images;
    const srcset = (format: string) =>
      [160, 320, 480].map((width) => `/media/w/${width}/${first!.key}.${format} ${width}w`).join(", ");
    expect(first!.width).toBe(480);
    expect(page).toContain(`<source type="image/avif" srcset="${srcset("avif")}" sizes="(max-width: 860px) calc(100vw - 40px), 576px"/>`);
    expect(page).toContain(`<source type="image/webp" srcset="${srcset("webp")}" sizes="(max-width: 860px) calc(100vw - 40px), 576px"/>`);
    // The original stays the <img>, with its size (no layout shift) and as the page's main picture.
    expect(page).toMatch(new RegExp(`<img src="/media/${first!.key}" alt="[^"]+" width="480" height="480" loading="eager" fetchpriority="high"/>`));
    // Thumbnails ask for 72px: the browser takes the 160w copy.
    expect(page).toContain(`sizes="72px"`);
    expect(page).toContain(`/media/w/160/${second!.key}.avif 160w`);
    expect(page).not.toContain("640w");
  });

  it("product cards and the home page's show cover offer variants", async () => {
    const home = await (await browse("/")).text();
    expect(home).toMatch(/<source type="image\/avif" srcset="\/media\/w\/160\/products\/[^"]+\.png\.avif 160w, [^"]+ 480w" sizes="\(max-width: 675px\) 50vw/);
    expect(home).toMatch(/<source type="image\/webp" srcset="[^"]*\/media\/w\/960\/shows\/[^"]+\.png\.webp 960w" sizes="\(max-width: 860px\) calc\(100vw - 88px\), 496px"/);
    // Preact writes an empty alt as a bare `alt`: the cover is decoration beside the hero's text.
    expect(home).toMatch(/<img src="\/media\/shows\/[^"]+\.png" alt width="960" height="540" fetchpriority="high"\/>/);
  });
});
