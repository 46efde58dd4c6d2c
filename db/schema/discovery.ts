import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { members } from "./accounts.ts";
import { categories, products } from "./catalog.ts";

/**
 * The search index itself is an FTS5 table, `product_search`, written by hand in migration 0011 (drizzle
 * has no virtual tables): contentless, one row per product and language with rowid `k * 2 + (zh-CN)`,
 * filled in the same batch as the product's texts (`worker/features/search/index-text.ts`), removed by a
 * trigger when the texts go.
 */

/**
 * What a search filters and sorts on, one narrow row per product under a stable integer key `k` (the
 * index's rowids derive from it). Kept equal to `products` by triggers (migration 0011), so a search
 * that matches 20,000 products reads 20,000 small rows, not the products with their pictures.
 */
export const searchProducts = sqliteTable(
  "search_products",
  {
    k: integer("k").primaryKey(),
    productId: text("product_id")
      .notNull()
      .unique()
      .references(() => products.id, { onDelete: "cascade" }),
    categoryId: text("category_id")
      .notNull()
      .references(() => categories.id),
    priceMinor: integer("price_minor").notNull(),
    stock: integer("stock").notNull(),
    crossBorder: integer("cross_border", { mode: "boolean" }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("search_products_category_price").on(t.categoryId, t.priceMinor),
    index("search_products_price").on(t.priceMinor),
    index("search_products_created").on(t.createdAt),
  ],
);

/**
 * What the visual search compares: features of a product's first picture, computed when it is seeded or
 * uploaded. `histogram` is 64 colour bins (4×4×4 RGB) as hex bytes summing to about 255; `hash` a 64-bit
 * difference hash as 16 hex digits; `dominant` the fullest bin, indexed, so a search reads only the
 * products whose main colour is near the photo's.
 */
export const productImageFeatures = sqliteTable(
  "product_image_features",
  {
    productId: text("product_id")
      .primaryKey()
      .references(() => products.id, { onDelete: "cascade" }),
    imageKey: text("image_key").notNull(),
    histogram: text("histogram").notNull(),
    hash: text("hash").notNull(),
    dominant: integer("dominant").notNull(),
  },
  (t) => [index("product_image_features_dominant").on(t.dominant)],
);

/**
 * A member's search history (policy §3.2: terms, times and counts, and only that), kept while
 * `members.keep_search_history` is on and they have not chosen to keep it on their device only.
 */
export const searchHistory = sqliteTable(
  "search_history",
  {
    memberId: text("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    /** The query as searched, trimmed and with runs of spaces folded; at most 100 characters. */
    term: text("term").notNull(),
    count: integer("count").notNull().default(1),
    firstAt: integer("first_at", { mode: "timestamp_ms" }).notNull(),
    lastAt: integer("last_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.term] }), index("search_history_member_last").on(t.memberId, t.lastAt)],
);

/**
 * An image search a member chose to save (policy §3.2: an uploaded photo is not kept otherwise). The
 * picture is in R2 under a random key; its features are kept so the search can be run again.
 */
export const savedImageSearches = sqliteTable(
  "saved_image_searches",
  {
    id: text("id").primaryKey(),
    memberId: text("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    imageKey: text("image_key").notNull(),
    histogram: text("histogram").notNull(),
    hash: text("hash").notNull(),
    dominant: integer("dominant").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("saved_image_searches_member").on(t.memberId, t.createdAt)],
);
