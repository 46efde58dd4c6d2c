import { check, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { sql } from "drizzle-orm";
import { members } from "./accounts.ts";
import { contentLocales, products } from "./catalog.ts";

export const showStatuses = ["scheduled", "live", "ended"] as const;
export type ShowStatus = (typeof showStatuses)[number];

export const liveShows = sqliteTable(
  "live_shows",
  {
    id: text("id").primaryKey(),
    slug: text("slug").notNull().unique(),
    status: text("status", { enum: showStatuses }).notNull(),
    /** The host's public stage name, never a personal account field. */
    hostName: text("host_name").notNull(),
    /** The member (role host) who runs the show. */
    hostMemberId: text("host_member_id").references(() => members.id, { onDelete: "set null" }),
    coverKey: text("cover_key").notNull(),
    startsAt: integer("starts_at", { mode: "timestamp_ms" }).notNull(),
    endedAt: integer("ended_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("live_shows_status_starts").on(t.status, t.startsAt),
    check("live_shows_status_known", sql`${t.status} IN ('scheduled', 'live', 'ended')`),
  ],
);

export const liveShowTexts = sqliteTable(
  "live_show_texts",
  {
    showId: text("show_id")
      .notNull()
      .references(() => liveShows.id, { onDelete: "cascade" }),
    locale: text("locale", { enum: contentLocales }).notNull(),
    title: text("title").notNull(),
    description: text("description").notNull(),
  },
  (t) => [primaryKey({ columns: [t.showId, t.locale] })],
);

/** Products presented in a show, in running order. */
export const liveShowProducts = sqliteTable(
  "live_show_products",
  {
    showId: text("show_id")
      .notNull()
      .references(() => liveShows.id, { onDelete: "cascade" }),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.showId, t.productId] })],
);
