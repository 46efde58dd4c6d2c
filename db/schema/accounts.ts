import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { contentLocales } from "./catalog.ts";

export const memberRoles = ["shopper", "host", "staff", "admin"] as const;
export type MemberRole = (typeof memberRoles)[number];

export const noticeChannels = ["sms", "email"] as const;
export type NoticeChannel = (typeof noticeChannels)[number];

/**
 * A member of the shop. Contact details are kept encrypted (`*_enc`, AES-GCM with the field key) and
 * found through keyed hashes (`*_hash`, HMAC), so the table alone reveals no phone or email.
 */
/** Where a member stands with guardian consent: adults need none; minors wait, then are approved or declined. */
export const guardianStates = ["not_needed", "pending", "approved", "declined"] as const;
export type GuardianState = (typeof guardianStates)[number];

export const members = sqliteTable(
  "members",
  {
    id: text("id").primaryKey(),
    phoneHash: text("phone_hash").notNull().unique(),
    phoneEnc: text("phone_enc").notNull(),
    /** The public name shown in live rooms, reviews and the header. */
    nickname: text("nickname").notNull(),
    /** Case- and look-alike-folded nickname: unique, so nobody can pass for someone else. */
    nicknameKey: text("nickname_key").notNull().unique(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: memberRoles }).notNull().default("shopper"),
    emailEnc: text("email_enc"),
    emailHash: text("email_hash"),
    emailVerifiedAt: integer("email_verified_at", { mode: "timestamp_ms" }),
    /** R2 key of the avatar (uploaded and re-encoded, or generated); never derived from the member id. */
    avatarKey: text("avatar_key").notNull(),
    /** Where account notices (policy changes…) go; email only once verified. */
    noticeChannel: text("notice_channel", { enum: noticeChannels }).notNull().default("sms"),
    locale: text("locale", { enum: contentLocales }).notNull(),
    /** Pseudonymous id the member's consent records are filed under (the ledger never holds the member id). */
    subjectId: text("subject_id").notNull().unique(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    passwordChangedAt: integer("password_changed_at", { mode: "timestamp_ms" }).notNull(),
    /** Whether the member's actions (shows watched…) are kept in their history; they can switch it off and clear it. */
    keepHistory: integer("keep_history", { mode: "boolean" }).notNull().default(true),
    /** Whether the member's searches are kept (on the server, or on their device with `searchHistoryOnDevice`); pausing keeps what is there. */
    keepSearchHistory: integer("keep_search_history", { mode: "boolean" }).notNull().default(true),
    /** "Keep my search history on this device only": nothing about searching is stored server-side. */
    searchHistoryOnDevice: integer("search_history_on_device", { mode: "boolean" }).notNull().default(false),
    /** Whether the shop may remind the member of price drops and coupons for what is in their cart (policy §4.1). */
    shoppingReminders: integer("shopping_reminders", { mode: "boolean" }).notNull().default(true),
    /** Year and month of birth ("2012-05"), asked at registration; nothing finer is kept (policy §9). */
    birthMonth: text("birth_month"),
    /** Members under the age of consent need a guardian's yes before anything beyond browsing (guardian_consents). */
    guardian: text("guardian", { enum: guardianStates }).notNull().default("not_needed"),
    /** The member asked to close the account: erased at `closing_due_at` unless they cancel before. */
    closingRequestedAt: integer("closing_requested_at", { mode: "timestamp_ms" }),
    closingDueAt: integer("closing_due_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("members_email_hash").on(t.emailHash),
    check("members_role_known", sql`${t.role} IN ('shopper', 'host', 'staff', 'admin')`),
    check("members_notice_channel_known", sql`${t.noticeChannel} IN ('sms', 'email')`),
    check("members_guardian_known", sql`${t.guardian} IN ('not_needed', 'pending', 'approved', 'declined')`),
    index("members_closing_due").on(t.closingDueAt),
  ],
);

/** Consent subject ids of the devices a member used as a guest, so their records join the member's history. */
export const memberSubjects = sqliteTable(
  "member_subjects",
  {
    memberId: text("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    subjectId: text("subject_id").notNull(),
    linkedAt: integer("linked_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.subjectId] }), index("member_subjects_subject").on(t.subjectId)],
);

/** Signed-in browsers. Only a SHA-256 of the cookie's token is stored, so a database leak signs nobody in. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    memberId: text("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    /** "Chrome on macOS": enough to recognise a device in the list, nothing more of the user agent. */
    device: text("device").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    lastSeenAt: integer("last_seen_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    /** When the member last proved it was them on this session (sign-in, or a code): sensitive changes need it recent. */
    confirmedAt: integer("confirmed_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("sessions_member").on(t.memberId)],
);

/** `confirm`: a signed-in member proves it is them with a code instead of their password. */
export const codePurposes = ["register", "sign_in", "reset", "change_phone", "verify_email", "confirm"] as const;
export type CodePurpose = (typeof codePurposes)[number];

/**
 * One-time codes. The code itself is never stored: only an HMAC of it. `payload_enc` holds what the
 * step after the code needs (a registration's nickname and password hash…), encrypted.
 */
export const oneTimeCodes = sqliteTable(
  "one_time_codes",
  {
    id: text("id").primaryKey(),
    purpose: text("purpose", { enum: codePurposes }).notNull(),
    /** Keyed hash of the phone or email the code was sent to. */
    targetHash: text("target_hash").notNull(),
    codeHash: text("code_hash").notNull(),
    payloadEnc: text("payload_enc"),
    /** The masked destination, for "we sent a code to +86 ••• •••• 8001". */
    maskedTarget: text("masked_target").notNull(),
    memberId: text("member_id").references(() => members.id, { onDelete: "cascade" }),
    attempts: integer("attempts").notNull().default(0),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    consumedAt: integer("consumed_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("one_time_codes_target").on(t.targetHash, t.createdAt),
    check("one_time_codes_purpose_known", sql`${t.purpose} IN ('register', 'sign_in', 'reset', 'change_phone', 'verify_email', 'confirm')`),
    check("one_time_codes_attempts_capped", sql`${t.attempts} <= 5`),
  ],
);

/** Failed sign-ins per phone (registered or not, so the answer never tells which), for back-off. */
export const signInFailures = sqliteTable("sign_in_failures", {
  targetHash: text("target_hash").primaryKey(),
  failures: integer("failures").notNull(),
  lastFailedAt: integer("last_failed_at", { mode: "timestamp_ms" }).notNull(),
  lockedUntil: integer("locked_until", { mode: "timestamp_ms" }).notNull(),
});

export const outboxStatuses = ["pending", "sending", "delivered", "dead"] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

/**
 * The notification outbox. A row is written in the same batch as the change it reports; the queue
 * carries only its id. Delivery claims the row with a conditional update, so a redelivered queue
 * message never sends twice; the parameters (which may hold a code) are encrypted and erased once
 * delivered. A row that ran out of attempts stays as the dead-letter record.
 */
export const outbox = sqliteTable(
  "outbox",
  {
    id: text("id").primaryKey(),
    channel: text("channel", { enum: noticeChannels }).notNull(),
    template: text("template").notNull(),
    locale: text("locale", { enum: contentLocales }).notNull(),
    /** The member it is for; the recipient is read from the account at delivery time. */
    memberId: text("member_id").references(() => members.id, { onDelete: "cascade" }),
    /** For people who are not members yet (a registration code): the encrypted phone or email. */
    recipientEnc: text("recipient_enc"),
    /** Template parameters that are not secret (a policy version). */
    params: text("params", { mode: "json" }).$type<Record<string, string | number>>(),
    /** Secret template parameters (a one-time code), encrypted, erased once delivered. */
    paramsEnc: text("params_enc"),
    /** One message per key ever (e.g. one notice per policy version per member). */
    dedupeKey: text("dedupe_key").unique(),
    status: text("status", { enum: outboxStatuses }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    leaseUntil: integer("lease_until", { mode: "timestamp_ms" }),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
    lastError: text("last_error"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    deliveredAt: integer("delivered_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("outbox_status_next").on(t.status, t.nextAttemptAt),
    index("outbox_member").on(t.memberId, t.createdAt),
    check("outbox_status_known", sql`${t.status} IN ('pending', 'sending', 'delivered', 'dead')`),
    check("outbox_channel_known", sql`${t.channel} IN ('sms', 'email')`),
    // Until it is delivered (or given up on) a message must say whom it is for.
    check("outbox_has_recipient", sql`${t.status} IN ('delivered', 'dead') OR ${t.memberId} IS NOT NULL OR ${t.recipientEnc} IS NOT NULL`),
  ],
);

/**
 * Development only: what the dev SMS and email adapters "sent", readable at /dev/outbox so a developer
 * can read the code they were sent. Never written when APP_ENV is production.
 */
export const devInbox = sqliteTable("dev_inbox", {
  id: text("id").primaryKey(),
  channel: text("channel", { enum: noticeChannels }).notNull(),
  recipient: text("recipient").notNull(),
  body: text("body").notNull(),
  deliveredAt: integer("delivered_at", { mode: "timestamp_ms" }).notNull(),
});

export const historyKinds = ["product", "category", "show", "order"] as const;
export type HistoryKind = (typeof historyKinds)[number];

/**
 * A member's action history (policy §3.1): products viewed, categories visited, shows watched and orders
 * placed, so the shop can bring them back to it and recommend from it. Only written while
 * `members.keep_history` is on (pausing keeps what is there); one row per member and thing, with the latest time.
 */
export const memberHistory = sqliteTable(
  "member_history",
  {
    memberId: text("member_id")
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: historyKinds }).notNull(),
    subjectId: text("subject_id").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.kind, t.subjectId] }), index("member_history_member_at").on(t.memberId, t.at)],
);
