import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { contentLocales } from "./catalog.ts";

export const materialities = ["material", "editorial"] as const;
export type Materiality = (typeof materialities)[number];

/** One published version of the privacy policy. Rows are never updated: a change is a new version. */
export const policyVersions = sqliteTable(
  "policy_versions",
  {
    version: integer("version").primaryKey(),
    effectiveAt: integer("effective_at", { mode: "timestamp_ms" }).notNull(),
    publishedAt: integer("published_at", { mode: "timestamp_ms" }).notNull(),
    materiality: text("materiality", { enum: materialities }).notNull(),
    /** Short "what changed", per locale. */
    summary: text("summary", { mode: "json" }).$type<Record<(typeof contentLocales)[number], string>>().notNull(),
    /** The cookie categories the policy describes; a new one means visitors must be asked again. */
    cookieCategories: text("cookie_categories", { mode: "json" }).$type<string[]>().notNull(),
    /**
     * SHA-256 of the version as authored (texts before the cookie table is filled in, summary, dates,
     * cookies): re-publishing the same draft is a no-op, a changed draft under the same number is refused.
     * Empty for versions published before this column existed.
     */
    sourceHash: text("source_hash").notNull().default(""),
  },
  (t) => [check("policy_versions_materiality_known", sql`${t.materiality} IN ('material', 'editorial')`)],
);

export const policyTexts = sqliteTable(
  "policy_texts",
  {
    version: integer("version")
      .notNull()
      .references(() => policyVersions.version),
    locale: text("locale", { enum: contentLocales }).notNull(),
    /** The full text (a small markdown subset), cookie section included. */
    content: text("content").notNull(),
    /** SHA-256 of `content`, hex: what consent records point to. */
    contentHash: text("content_hash").notNull(),
  },
  (t) => [primaryKey({ columns: [t.version, t.locale] })],
);

/** Every distinct banner / settings text ever shown, by its hash, so "what the person saw" can be read back. */
export const consentTexts = sqliteTable("consent_texts", {
  hash: text("hash").primaryKey(),
  locale: text("locale", { enum: contentLocales }).notNull(),
  source: text("source").notNull(),
  text: text("text").notNull(),
  firstShownAt: integer("first_shown_at", { mode: "timestamp_ms" }).notNull(),
});

/** `agreed`: a member agreed to the privacy policy version (at registration). */
export const consentEvents = ["given", "refused", "changed", "withdrawn", "gpc_applied", "expired", "agreed"] as const;
export type ConsentEvent = (typeof consentEvents)[number];
export const consentSources = ["banner", "settings", "gpc", "system", "registration"] as const;
export type ConsentSource = (typeof consentSources)[number];

/**
 * The consent ledger: append-only and hash-chained. `seq` is the chain position; each row's `hash`
 * covers its content and the previous row's hash, and the primary key on `seq` makes a second append
 * on the same head fail, so the chain cannot fork under concurrency.
 */
export const consentRecords = sqliteTable(
  "consent_records",
  {
    seq: integer("seq").primaryKey(),
    id: text("id").notNull().unique(),
    subjectId: text("subject_id").notNull(),
    event: text("event", { enum: consentEvents }).notNull(),
    /** Category → granted, necessary included. */
    categories: text("categories", { mode: "json" }).$type<Record<string, boolean>>().notNull(),
    jurisdiction: text("jurisdiction").notNull(),
    legalBasis: text("legal_basis").notNull(),
    policyVersion: integer("policy_version")
      .notNull()
      .references(() => policyVersions.version),
    policyHash: text("policy_hash").notNull(),
    textHash: text("text_hash")
      .notNull()
      .references(() => consentTexts.hash),
    locale: text("locale", { enum: contentLocales }).notNull(),
    source: text("source", { enum: consentSources }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    retainUntil: integer("retain_until", { mode: "timestamp_ms" }).notNull(),
    prevHash: text("prev_hash").notNull().unique(),
    hash: text("hash").notNull().unique(),
  },
  (t) => [
    index("consent_records_subject").on(t.subjectId, t.seq),
    check("consent_records_event_known", sql`${t.event} IN ('given', 'refused', 'changed', 'withdrawn', 'gpc_applied', 'expired', 'agreed')`),
    check("consent_records_source_known", sql`${t.source} IN ('banner', 'settings', 'gpc', 'system', 'registration')`),
  ],
);

/** Notices owed to members about a policy version; the outbox fans each out to every member once. */
export const pendingNotices = sqliteTable("pending_notices", {
  id: text("id").primaryKey(),
  version: integer("version")
    .notNull()
    .references(() => policyVersions.version),
  audience: text("audience").notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  /** When every member owed the notice had a message in the outbox. */
  queuedAt: integer("queued_at", { mode: "timestamp_ms" }),
});
