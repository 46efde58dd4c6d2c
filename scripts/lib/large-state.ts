/**
 * The local state with a catalogue of 100,000 products for the search benchmark, apart from `npm run
 * dev`'s and the other benchmarks' state. Built in three steps: wrangler applies the migrations and the
 * demo seed runs as usual (so the demo's pictures are in R2), then the generated catalogue
 * (db/seed/large-catalog.ts) is written straight into the local D1 file with node:sqlite in one
 * transaction: about 100 s, where `wrangler d1 execute --local --file` took 135 s for 4,000 products
 * (docs/performance.md).
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { seedProducts } from "../../db/seed/catalog-data.ts";
import { largeCategories, largeProducts } from "../../db/seed/large-catalog.ts";
import type { ShapeKind } from "../../db/seed/product-image.ts";
import { indexRow } from "../../worker/features/search/index-text.ts";
import { stableId } from "../../worker/lib/ids.ts";
import { persistedSecrets, prepareDatabase } from "./local-stack.ts";

export const largeState = ".wrangler/large";

const root = path.resolve(import.meta.dirname, "../..");
const markerFile = path.join(largeState, "large-catalog.json");

type Marker = { sources: string; products: number };

/**
 * A digest of everything the state is made from: the migrations, the seeds, the index's text rules and
 * this file. When any of them changes the state is stale (a new column, another segmentation…).
 */
function sourcesDigest(): string {
  const files = [
    ...readdirSync(path.join(root, "db/migrations")).filter((name) => name.endsWith(".sql")).map((name) => `db/migrations/${name}`),
    ...readdirSync(path.join(root, "db/seed")).filter((name) => name.endsWith(".ts")).map((name) => `db/seed/${name}`),
    "worker/features/search/segment.ts",
    "worker/features/search/index-text.ts",
    "scripts/lib/large-state.ts",
  ].sort();
  const hash = createHash("sha256");
  for (const file of files) hash.update(file).update(readFileSync(path.join(root, file)));
  return hash.digest("hex");
}

/** Whether the state holds `products` products made from the current sources. */
export function largeStateReady(products: number): boolean {
  if (!existsSync(markerFile)) return false;
  const marker = JSON.parse(readFileSync(markerFile, "utf8")) as Marker;
  return marker.sources === sourcesDigest() && marker.products === products;
}

/** The local D1 database file of a persisted state (miniflare keeps one SQLite file per database). */
function d1File(persistTo: string): string {
  const folder = path.join(persistTo, "v3/d1/miniflare-D1DatabaseObject");
  const files = readdirSync(folder).filter((name) => name.endsWith(".sqlite") && name !== "metadata.sqlite");
  if (files.length !== 1) throw new Error(`expected one D1 database in ${folder}, found ${files.length}`);
  return path.join(folder, files[0]!);
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

/** Builds the state from nothing (a partial or outdated one is removed first). */
export async function buildLargeState(products: number): Promise<void> {
  const started = performance.now();
  rmSync(largeState, { recursive: true, force: true });
  console.log(`migrating and seeding the demo shop in ${largeState}…`);
  await prepareDatabase(largeState, true, persistedSecrets(largeState));
  console.log(`  done in ${seconds(started)} s`);

  const generating = performance.now();
  const file = d1File(largeState);
  const db = new DatabaseSync(file);
  try {
    // The demo's pictures by what they show, for generated products of the same shape.
    const demoShapes = new Map(seedProducts.map((product) => [product.slug, product.art.shape]));
    const pictures = new Map<ShapeKind, string[]>();
    for (const row of db.prepare("SELECT slug, images FROM products").all()) {
      const shape = demoShapes.get(String(row.slug));
      if (shape) pictures.set(shape, [...(pictures.get(shape) ?? []), String(row.images)]);
    }
    const allPictures = [...pictures.values()].flat();
    const { count: demoCategories } = db.prepare("SELECT count(*) AS count FROM categories").get() as { count: number };

    const insertCategory = db.prepare("INSERT INTO categories (id, slug, position, hue) VALUES (?, ?, ?, ?)");
    const insertCategoryText = db.prepare("INSERT INTO category_texts (category_id, locale, name, description) VALUES (?, ?, ?, ?)");
    const insertProduct = db.prepare(
      `INSERT INTO products (id, slug, category_id, price_minor, list_price_minor, currency, stock, images, cross_border, featured, created_at)
       VALUES (?, ?, ?, ?, ?, 'CNY', ?, ?, ?, 0, ?)`,
    );
    const insertText = db.prepare("INSERT INTO product_texts (product_id, locale, title, description, attributes) VALUES (?, ?, ?, ?, ?)");
    // The index's rowid is the product's search key * 2, plus one for Chinese (migration 0011).
    const insertIndex = db.prepare(
      "INSERT INTO product_search (rowid, title, attributes, description) VALUES ((SELECT k * 2 + ? FROM search_products WHERE product_id = ?), ?, ?, ?)",
    );

    db.exec("BEGIN");
    const categoryIds = new Map<string, { id: string; name: { en: string; zh: string } }>();
    for (const [position, category] of largeCategories.entries()) {
      const id = await stableId("cat", category.slug);
      categoryIds.set(category.slug, { id, name: category.name });
      insertCategory.run(id, category.slug, demoCategories + position, category.hue);
      insertCategoryText.run(id, "en", category.name.en, category.description.en);
      insertCategoryText.run(id, "zh-CN", category.name.zh, category.description.zh);
    }
    let index = 0;
    for (const product of largeProducts(products)) {
      const id = await stableId("prd", product.slug);
      const category = categoryIds.get(product.categorySlug)!;
      const choices = pictures.get(product.shape) ?? allPictures;
      insertProduct.run(
        id,
        product.slug,
        category.id,
        product.priceMinor,
        product.listPriceMinor,
        product.stock,
        choices[index++ % choices.length]!,
        product.crossBorder ? 1 : 0,
        product.createdAt,
      );
      for (const [language, locale] of [["en", "en"], ["zh", "zh-CN"]] as const) {
        const text = { title: product.title[language], description: product.description[language], attributes: product.attributes[language] };
        insertText.run(id, locale, text.title, text.description, JSON.stringify(text.attributes));
        const row = indexRow({ productId: id, locale, ...text, categoryName: category.name[language] });
        insertIndex.run(locale === "zh-CN" ? 1 : 0, id, row.title, row.attributes, row.description);
      }
    }
    db.exec("COMMIT");

    const count = (table: string) => (db.prepare(`SELECT count(*) AS count FROM ${table}`).get() as { count: number }).count;
    console.log(
      `wrote ${products.toLocaleString("en")} products in ${largeCategories.length} new categories in ${seconds(generating)} s: ` +
        `${count("products").toLocaleString("en")} products, ${count("product_texts").toLocaleString("en")} texts, ` +
        `${count("product_search").toLocaleString("en")} index rows, ${count("categories")} categories in all`,
    );
  } finally {
    db.close();
  }
  writeFileSync(markerFile, JSON.stringify({ sources: sourcesDigest(), products } satisfies Marker));
  console.log(`D1 file ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB; state ready in ${seconds(started)} s`);
}
