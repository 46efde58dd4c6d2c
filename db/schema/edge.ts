import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Versions of what guest pages show, part of every cached page's key (worker/middleware/page-cache.ts):
 * `listings` (every page that lists products or shows: prices, sold-out badges, titles, live shows) and
 * `product:<slug>` (one product page: its stock). Bumped by triggers on the catalogue and the shows
 * (migration 0013), so every writer (an order, a staff edit, a cancelled order's restock) makes the pages
 * fresh without knowing about the cache. Old product rows are pruned nightly.
 */
export const pageVersions = sqliteTable("page_versions", {
  scope: text("scope").primaryKey(),
  version: integer("version").notNull(),
  changedAt: integer("changed_at", { mode: "timestamp_ms" }).notNull(),
});
