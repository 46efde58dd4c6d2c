import type { Db } from "../../worker/lib/db.ts";
import { stableId } from "../../worker/lib/ids.ts";
import {
  categories,
  categoryTexts,
  liveShowProducts,
  liveShows,
  coupons,
  liveShowTexts,
  products,
  productImageFeatures,
  productTexts,
  type ProductImage,
} from "../schema/index.ts";
import { imageFeatures } from "../../worker/features/image-search/features.ts";
import { indexStatements } from "../../worker/features/search/index-text.ts";
import { seedCategories, seedProducts, seedShows } from "./catalog-data.ts";
import { demoLoop } from "./media/demo-loop.ts";
import { productScene, renderPixels, renderScene, type Artwork, type Scene } from "./product-image.ts";

export type SeedOptions = {
  /** Render and upload the product and show pictures (the slow part); on by default. */
  images?: boolean;
  /**
   * The bytes of db/seed/media/demo-loop.webm, the live demo show's looping video. The caller reads the
   * file (the seed also runs inside workerd, which has no file system); without it no video is stored.
   */
  demoLoop?: Uint8Array<ArrayBuffer>;
};

export type SeedReport = { categories: number; products: number; shows: number; imagesUploaded: number; videosUploaded: number };

const productImageSize = 480;
/** Bump when the artwork renderer changes, so new pictures get new (cache-busting) keys. */
const artworkVersion = 1;

/**
 * What the visual search compares, for a product's first picture: computed from a small rendering of the
 * same scene (cheaper than decoding the stored PNG, and there even when pictures are not uploaded).
 */
function firstPictureFeatures(art: Omit<Artwork, "width" | "height" | "variant">) {
  const side = 64;
  const scene = productScene({ width: side, height: side, ...art, variant: 0 });
  return imageFeatures({ width: side, height: side, channels: 3, data: renderPixels(scene) });
}

/** An image key derived from what the picture depicts, so it is known without rendering it. */
async function artworkKey(prefix: string, scene: Scene): Promise<string> {
  const text = JSON.stringify({ artworkVersion, ...scene });
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  const hex = [...digest.subarray(0, 6)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${prefix}.${hex}.png`;
}

/** Renders and stores a picture unless it is already in R2 (or uploads are off); returns its key. */
async function storeArtwork(bucket: R2Bucket | null, prefix: string, scene: Scene): Promise<{ key: string; uploaded: boolean }> {
  const key = await artworkKey(prefix, scene);
  if (!bucket || (await bucket.head(key))) return { key, uploaded: false };
  await bucket.put(key, await renderScene(scene), {
    httpMetadata: { contentType: "image/png", cacheControl: "public, max-age=31536000, immutable" },
  });
  return { key, uploaded: true };
}

/**
 * Stores the demo show's looping video under the key its manifest names, unless it is already there.
 * The key comes from the bytes' hash, so bytes that do not match the manifest are refused (they would
 * be served under another video's URL, which caches keep for a year).
 */
async function storeDemoLoop(bucket: R2Bucket, bytes: Uint8Array<ArrayBuffer>): Promise<boolean> {
  if (await bucket.head(demoLoop.key)) return false;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const hex = [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
  if (hex !== demoLoop.sha256) throw new Error("db/seed/media/demo-loop.webm does not match its manifest: run `node scripts/build-demo-video.ts`");
  await bucket.put(demoLoop.key, bytes, {
    httpMetadata: { contentType: demoLoop.contentType, cacheControl: "public, max-age=31536000, immutable" },
  });
  return true;
}

/**
 * Seeds the demo shop. Idempotent: ids are derived from slugs, rows are inserted only when missing
 * and images are content-addressed, so a second run changes nothing.
 */
export async function seedShop(db: Db, bucket: R2Bucket, options: SeedOptions = {}): Promise<SeedReport> {
  const withImages = options.images ?? true;
  let imagesUploaded = 0;
  const videosUploaded = options.demoLoop && (await storeDemoLoop(bucket, options.demoLoop)) ? 1 : 0;

  const categoryIds = new Map<string, string>();
  for (const category of seedCategories) categoryIds.set(category.slug, await stableId("cat", category.slug));
  const productIds = new Map<string, string>();
  for (const product of seedProducts) productIds.set(product.slug, await stableId("prd", product.slug));

  const statements = [];
  for (const [position, category] of seedCategories.entries()) {
    const id = categoryIds.get(category.slug)!;
    statements.push(
      db.insert(categories).values({ id, slug: category.slug, position, hue: category.hue }).onConflictDoNothing(),
      db
        .insert(categoryTexts)
        .values([
          { categoryId: id, locale: "en", name: category.name.en, description: category.description.en },
          { categoryId: id, locale: "zh-CN", name: category.name.zh, description: category.description.zh },
        ])
        .onConflictDoNothing(),
    );
  }

  for (const product of seedProducts) {
    const id = productIds.get(product.slug)!;
    const images: ProductImage[] = [];
    for (let variant = 0; variant < product.imageCount; variant++) {
      const scene = productScene({ width: productImageSize, height: productImageSize, ...product.art, variant });
      const stored = await storeArtwork(withImages ? bucket : null, `products/${product.slug}-${variant + 1}`, scene);
      if (stored.uploaded) imagesUploaded++;
      images.push({ key: stored.key, width: scene.width, height: scene.height });
    }
    statements.push(
      db
        .insert(products)
        .values({
          id,
          slug: product.slug,
          categoryId: categoryIds.get(product.categorySlug)!,
          priceMinor: product.priceMinor,
          listPriceMinor: product.listPriceMinor,
          currency: product.currency,
          stock: product.stock,
          images,
          crossBorder: product.crossBorder,
          featured: product.featured,
          createdAt: new Date(product.createdAt),
        })
        .onConflictDoNothing(),
      db
        .insert(productTexts)
        .values([
          {
            productId: id,
            locale: "en",
            title: product.title.en,
            description: product.description.en,
            attributes: product.attributes.en,
          },
          {
            productId: id,
            locale: "zh-CN",
            title: product.title.zh,
            description: product.description.zh,
            attributes: product.attributes.zh,
          },
        ])
        .onConflictDoNothing(),
      db
        .insert(productImageFeatures)
        .values({ productId: id, imageKey: images[0]!.key, ...firstPictureFeatures(product.art) })
        .onConflictDoNothing(),
      ...(["en", "zh"] as const).flatMap((language) =>
        indexStatements(db, {
          productId: id,
          locale: language === "en" ? "en" : "zh-CN",
          title: product.title[language],
          description: product.description[language],
          attributes: product.attributes[language],
          categoryName: seedCategories.find((category) => category.slug === product.categorySlug)!.name[language],
        }),
      ),
    );
  }

  for (const show of seedShows) {
    const id = await stableId("shw", show.slug);
    // The cover shows the first products of the show side by side on the host's table.
    const featured = show.productSlugs.slice(0, 3).map((slug) => seedProducts.find((p) => p.slug === slug)!.art);
    const cover: Scene = {
      width: 960,
      height: 540,
      backgroundHue: show.hue,
      objects: featured.map((art, index) => ({
        shape: art.shape,
        hue: art.hue,
        x: (index - (featured.length - 1) / 2) * 1.1,
        y: 0.08,
        scale: 0.72,
      })),
    };
    const stored = await storeArtwork(withImages ? bucket : null, `shows/${show.slug}`, cover);
    if (stored.uploaded) imagesUploaded++;
    const coverKey = stored.key;
    statements.push(
      db
        .insert(liveShows)
        .values({
          id,
          slug: show.slug,
          status: show.status,
          hostName: show.hostName,
          coverKey,
          startsAt: new Date(show.startsAt),
          endedAt: show.endedAt === null ? null : new Date(show.endedAt),
          liveAt: show.status === "scheduled" ? null : new Date(show.startsAt),
          // The demo show plays the looping sample, so the page looks live without a camera.
          streamKind: show.status === "live" ? "demo" : "none",
        })
        .onConflictDoNothing(),
      db
        .insert(liveShowTexts)
        .values([
          { showId: id, locale: "en", title: show.title.en, description: show.description.en },
          { showId: id, locale: "zh-CN", title: show.title.zh, description: show.description.zh },
        ])
        .onConflictDoNothing(),
      ...show.productSlugs.map((slug, position) =>
        db
          .insert(liveShowProducts)
          .values({ showId: id, productId: productIds.get(slug)!, position })
          .onConflictDoNothing(),
      ),
    );
  }

  // Demo shop coupons (README): one for everything, one for a category, valid through 2027.
  const kitchen = categoryIds.get(seedCategories[0]!.slug)!;
  for (const coupon of [
    { code: "WELCOME10", kind: "percent" as const, value: 10, minSpendMinor: 10_000, scope: "all" as const, scopeCategoryId: null },
    { code: "KITCHEN20", kind: "fixed" as const, value: 2_000, minSpendMinor: 15_000, scope: "category" as const, scopeCategoryId: kitchen },
  ]) {
    statements.push(
      db
        .insert(coupons)
        .values({
          id: await stableId("cpn", coupon.code),
          ...coupon,
          currency: "CNY",
          startsAt: new Date("2026-01-01T00:00:00+08:00"),
          endsAt: new Date("2028-01-01T00:00:00+08:00"),
          perMemberLimit: 1,
          totalLimit: 10_000,
          createdAt: new Date("2026-01-01T00:00:00+08:00"),
        })
        .onConflictDoNothing(),
    );
  }

  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
  return {
    categories: seedCategories.length,
    products: seedProducts.length,
    shows: seedShows.length,
    imagesUploaded,
    videosUploaded,
  };
}
