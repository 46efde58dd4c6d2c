/**
 * Keeps the search index (`product_search`, migration 0011) in step with the catalogue: whoever writes a
 * product's texts puts these statements in the same batch, so the index never disagrees with the page.
 * Removing the texts removes the row (a trigger).
 */
import { eq, sql } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { ContentLocale, ProductAttribute } from "../../../db/schema/index.ts";
import type { Db } from "../../lib/db.ts";
import { segment } from "./segment.ts";

/**
 * The FTS5 table as drizzle sees it, for batched writes. Deliberately outside db/schema: drizzle-kit
 * would otherwise generate it as a plain table (migration 0011 creates the real one by hand).
 */
export const productSearch = sqliteTable("product_search", {
  rowid: integer("rowid").notNull(),
  title: text("title").notNull(),
  attributes: text("attributes").notNull(),
  description: text("description").notNull(),
});

/** A product's row in one language: `k * 2`, plus one for Chinese (`k` from `search_products`). */
export const indexRowid = (productId: string, locale: ContentLocale) =>
  sql<number>`(SELECT k * 2 + ${locale === "zh-CN" ? 1 : 0} FROM search_products WHERE product_id = ${productId})`;

export type IndexedText = {
  productId: string;
  locale: ContentLocale;
  title: string;
  description: string;
  attributes: ProductAttribute[];
  /** The category's name in the same language: "teapot" finds what is filed under Teapots. */
  categoryName: string;
};

/** The columns of one index row, as stored (segmented). */
export function indexRow(text: IndexedText) {
  const attributes = [text.categoryName, ...text.attributes.map((attribute) => `${attribute.name} ${attribute.value}`)].join(" · ");
  return { title: segment(text.title), attributes: segment(attributes), description: segment(text.description) };
}

/** Replaces a product's index row in one language (two statements for the caller's batch, after the product's own insert). */
export function indexStatements(db: Db, text: IndexedText) {
  const row = indexRow(text);
  return [
    db.delete(productSearch).where(eq(productSearch.rowid, indexRowid(text.productId, text.locale))),
    db.insert(productSearch).values({ rowid: indexRowid(text.productId, text.locale), ...row }),
  ] as const;
}
