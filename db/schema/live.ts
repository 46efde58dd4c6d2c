import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { sql } from "drizzle-orm";
import { members } from "./accounts.ts";
import { contentLocales, products } from "./catalog.ts";

export const showStatuses = ["scheduled", "live", "ended"] as const;
export type ShowStatus = (typeof showStatuses)[number];

/**
 * Where a show's video comes from: nothing (the cover and "waiting for the host"), the demo loop,
 * a Cloudflare Stream live input (production), or the host's camera over WebRTC with the room as the
 * signalling channel (local, small audiences).
 */
export const streamKinds = ["none", "demo", "stream", "webrtc"] as const;
export type StreamKind = (typeof streamKinds)[number];

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
    /** When the show went live: the zero of the show clock every room event carries. */
    liveAt: integer("live_at", { mode: "timestamp_ms" }),
    streamKind: text("stream_kind", { enum: streamKinds }).notNull().default("none"),
    /** The Cloudflare Stream live input's uid when `stream_kind` is `stream`. */
    streamInput: text("stream_input"),
  },
  (t) => [
    index("live_shows_status_starts").on(t.status, t.startsAt),
    index("live_shows_host").on(t.hostMemberId),
    check("live_shows_status_known", sql`${t.status} IN ('scheduled', 'live', 'ended')`),
    check("live_shows_stream_kind_known", sql`${t.streamKind} IN ('none', 'demo', 'stream', 'webrtc')`),
  ],
);

/** A show's own rows (texts, products, sales, coupons, timeline) go with it. */
const showRef = () =>
  text("show_id")
    .notNull()
    .references(() => liveShows.id, { onDelete: "cascade" });
/** A member's holds and claims go with their account. */
const memberRef = () =>
  text("member_id")
    .notNull()
    .references(() => members.id, { onDelete: "cascade" });

export const liveShowTexts = sqliteTable(
  "live_show_texts",
  {
    showId: showRef(),
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
    showId: showRef(),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.showId, t.productId] })],
);

/**
 * A flash sale on a pinned product: a special price for a limited quantity over a countdown. `sold` can
 * only rise through a statement that checks the quantity and the time, so no race oversells it.
 */
export const flashSales = sqliteTable(
  "flash_sales",
  {
    id: text("id").primaryKey(),
    showId: showRef(),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    priceMinor: integer("price_minor").notNull(),
    quantity: integer("quantity").notNull(),
    sold: integer("sold").notNull().default(0),
    /** Show clock (ms since the show went live) of the start and end: what every viewer counts down to. */
    startsAtShow: integer("starts_at_show").notNull(),
    endsAtShow: integer("ends_at_show").notNull(),
    /** The same moments in wall-clock time, for the worker's checks. */
    startsAt: integer("starts_at", { mode: "timestamp_ms" }).notNull(),
    endsAt: integer("ends_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("flash_sales_show").on(t.showId, t.startsAt),
    check("flash_sales_quantity", sql`${t.quantity} > 0 AND ${t.sold} >= 0 AND ${t.sold} <= ${t.quantity}`),
    check("flash_sales_price", sql`${t.priceMinor} > 0`),
    check("flash_sales_window", sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/**
 * A unit of a flash sale held for a member at the sale's price until they pay (one per member and
 * sale). An unpaid hold lapses and its unit goes back to the sale.
 */
export const flashSaleHolds = sqliteTable(
  "flash_sale_holds",
  {
    id: text("id").primaryKey(),
    saleId: text("sale_id")
      .notNull()
      .references(() => flashSales.id, { onDelete: "cascade" }),
    memberId: memberRef(),
    priceMinor: integer("price_minor").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    /** The order that bought the unit: a held unit in an order no longer lapses (the order's own timeout applies). */
    orderId: text("order_id"),
  },
  (t) => [uniqueIndex("flash_sale_holds_member").on(t.saleId, t.memberId), index("flash_sale_holds_expiry").on(t.expiresAt)],
);

/** A coupon the host issues in the room: a percentage off, for a limited number of members, until it ends. */
export const showCoupons = sqliteTable(
  "show_coupons",
  {
    id: text("id").primaryKey(),
    showId: showRef(),
    percentOff: integer("percent_off").notNull(),
    quantity: integer("quantity").notNull(),
    claimed: integer("claimed").notNull().default(0),
    endsAt: integer("ends_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("show_coupons_show").on(t.showId),
    check("show_coupons_percent", sql`${t.percentOff} BETWEEN 1 AND 90`),
    check("show_coupons_quantity", sql`${t.quantity} > 0 AND ${t.claimed} >= 0 AND ${t.claimed} <= ${t.quantity}`),
  ],
);

/** Coupons members took in a show; checkout spends them (once). */
export const couponClaims = sqliteTable(
  "coupon_claims",
  {
    couponId: text("coupon_id")
      .notNull()
      .references(() => showCoupons.id, { onDelete: "cascade" }),
    memberId: memberRef(),
    claimedAt: integer("claimed_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
    /** The order that spent it; a cancelled order gives it back (trigger in migration 0007). */
    orderId: text("order_id"),
  },
  (t) => [primaryKey({ columns: [t.couponId, t.memberId] }), index("coupon_claims_member").on(t.memberId)],
);

/** A show's final statistics, written once when it ends (aggregates only: no viewer is named). */
export const showStats = sqliteTable("show_stats", {
  showId: text("show_id")
    .primaryKey()
    .references(() => liveShows.id, { onDelete: "cascade" }),
  durationMs: integer("duration_ms").notNull(),
  peakViewers: integer("peak_viewers").notNull(),
  uniqueViewers: integer("unique_viewers").notNull(),
  likes: integer("likes").notNull(),
  messages: integer("messages").notNull(),
  productClicks: integer("product_clicks").notNull(),
  orders: integer("orders").notNull(),
  revenueMinor: integer("revenue_minor").notNull(),
});

export const timelineKinds = ["chat", "pin", "sale", "coupon", "poll", "giveaway"] as const;
export type TimelineKind = (typeof timelineKinds)[number];

/**
 * What happened in a show, on the show clock, kept for its replay: chat lines (nickname and avatar, as
 * they were public in the room, never the account), pins, sales, coupons, polls and giveaways. Lines a
 * moderator removed are not kept.
 */
export const showTimeline = sqliteTable(
  "show_timeline",
  {
    showId: showRef(),
    seq: integer("seq").notNull(),
    at: integer("at").notNull(),
    kind: text("kind", { enum: timelineKinds }).notNull(),
    /** The chat author's per-show pseudonym, so an erased member's lines can be found and removed. */
    viewer: text("viewer"),
    /** The event as the room sent it (JSON). */
    payload: text("payload").notNull(),
  },
  (t) => [primaryKey({ columns: [t.showId, t.seq] }), index("show_timeline_viewer").on(t.showId, t.viewer)],
);

/**
 * Members erased while a show's room may still hold their chat (the show is live, or ended but not yet
 * archived): the SHA-256 of their per-show pseudonym, so the archive leaves their lines out. Only a hash:
 * nothing here can be matched to anyone, not even the pseudonym.
 */
export const erasedViewers = sqliteTable(
  "erased_viewers",
  {
    showId: showRef(),
    viewerHash: text("viewer_hash").notNull(),
  },
  (t) => [primaryKey({ columns: [t.showId, t.viewerHash] })],
);
