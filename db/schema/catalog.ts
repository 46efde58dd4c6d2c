import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Locales the shop writes its own content in; the UI catalogue uses the same list. */
export const contentLocales = ["en", "zh-CN"] as const;
export type ContentLocale = (typeof contentLocales)[number];

export const categories = sqliteTable("categories", {
  id: text("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  position: integer("position").notNull(),
  /** Hue (0–359) used by the generated artwork; purely decorative. */
  hue: integer("hue").notNull(),
});

export const categoryTexts = sqliteTable(
  "category_texts",
  {
    categoryId: text("category_id")
      .notNull()
      .references(() => categories.id, { onDelete: "cascade" }),
    locale: text("locale", { enum: contentLocales }).notNull(),
    name: text("name").notNull(),
    description: text("description").notNull(),
  },
  (t) => [primaryKey({ columns: [t.categoryId, t.locale] })],
);

export type ProductAttribute = { name: string; value: string };
export type ProductImage = { key: string; width: number; height: number };

export const products = sqliteTable(
  "products",
  {
    id: text("id").primaryKey(),
    slug: text("slug").notNull().unique(),
    categoryId: text("category_id")
      .notNull()
      .references(() => categories.id),
    /** Price in integer minor units of `currency` (fen for CNY). */
    priceMinor: integer("price_minor").notNull(),
    /** The "was" price shown struck through when higher than `priceMinor`. */
    listPriceMinor: integer("list_price_minor").notNull(),
    currency: text("currency").notNull(),
    stock: integer("stock").notNull(),
    images: text("images", { mode: "json" }).$type<ProductImage[]>().notNull(),
    /** Ships from abroad: customs clearance may need the buyer's ID at checkout. */
    crossBorder: integer("cross_border", { mode: "boolean" }).notNull().default(false),
    featured: integer("featured", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("products_category_price").on(t.categoryId, t.priceMinor),
    index("products_category_created").on(t.categoryId, t.createdAt),
    index("products_featured").on(t.featured),
    index("products_created").on(t.createdAt),
    check("products_stock_not_negative", sql`${t.stock} >= 0`),
    check("products_price_not_negative", sql`${t.priceMinor} >= 0 AND ${t.listPriceMinor} >= 0`),
  ],
);

export const productTexts = sqliteTable(
  "product_texts",
  {
    productId: text("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    locale: text("locale", { enum: contentLocales }).notNull(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    attributes: text("attributes", { mode: "json" }).$type<ProductAttribute[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.locale] })],
);
