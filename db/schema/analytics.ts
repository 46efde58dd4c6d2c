import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * First-party, aggregated page-view analytics: counts per page per day, nothing per person.
 * `visitors` counts browsers seen for the first time that day (known only from a date-valued cookie).
 */
export const pageViews = sqliteTable(
  "page_views",
  {
    day: text("day").notNull(),
    path: text("path").notNull(),
    views: integer("views").notNull().default(0),
    visitors: integer("visitors").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.path] })],
);
