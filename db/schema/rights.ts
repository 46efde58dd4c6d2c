import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { members } from "./accounts.ts";

const memberRef = () =>
  text("member_id")
    .notNull()
    .references(() => members.id, { onDelete: "cascade" });
const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });

export const exportStatuses = ["queued", "ready", "failed"] as const;
export type ExportStatus = (typeof exportStatuses)[number];

/**
 * A member's request for a copy of their data (policy: right of access and portability). A queue job
 * assembles the archive into R2 under a random key; the member downloads it through a signed link that
 * works only for them and expires. The row (and the R2 object) go with the account.
 */
export const dataExports = sqliteTable(
  "data_exports",
  {
    id: text("id").primaryKey(),
    memberId: memberRef(),
    status: text("status", { enum: exportStatuses }).notNull(),
    requestedAt: timestamp("requested_at").notNull(),
    readyAt: timestamp("ready_at"),
    /** After this the archive is deleted from R2 and the link stops working. */
    expiresAt: timestamp("expires_at"),
    objectKey: text("object_key"),
    bytes: integer("bytes"),
  },
  (t) => [index("data_exports_member").on(t.memberId, t.requestedAt), check("data_exports_status_known", sql`${t.status} IN ('queued', 'ready', 'failed')`)],
);

export const guardianStatuses = ["pending", "approved", "declined"] as const;
export type GuardianStatus = (typeof guardianStatuses)[number];

/**
 * A guardian's decision for a member under the age of consent (policy §9): who (their phone, encrypted,
 * and its lookup hash), when, and which policy version they read. The link they open carries a random
 * token stored only as its hash.
 */
export const guardianConsents = sqliteTable(
  "guardian_consents",
  {
    id: text("id").primaryKey(),
    memberId: memberRef(),
    guardianPhoneEnc: text("guardian_phone_enc").notNull(),
    guardianPhoneHash: text("guardian_phone_hash").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    status: text("status", { enum: guardianStatuses }).notNull(),
    policyVersion: integer("policy_version"),
    policyHash: text("policy_hash"),
    createdAt: timestamp("created_at").notNull(),
    expiresAt: timestamp("expires_at").notNull(),
    decidedAt: timestamp("decided_at"),
  },
  (t) => [
    index("guardian_consents_member").on(t.memberId, t.createdAt),
    check("guardian_consents_status_known", sql`${t.status} IN ('pending', 'approved', 'declined')`),
    check("guardian_consents_decided", sql`${t.status} = 'pending' OR (${t.decidedAt} IS NOT NULL AND ${t.policyVersion} IS NOT NULL)`),
  ],
);

export const verificationReasons = ["cross_border", "high_value", "dispute"] as const;
export type VerificationReason = (typeof verificationReasons)[number];

/**
 * A member's verified identity (policy §2.3), asked only when a feature needs it and deletable by the
 * member. Real name and ID number are encrypted; the key id written in each value says which key.
 */
export const identityVerifications = sqliteTable(
  "identity_verifications",
  {
    memberId: text("member_id")
      .primaryKey()
      .references(() => members.id, { onDelete: "cascade" }),
    realNameEnc: text("real_name_enc").notNull(),
    idNumberEnc: text("id_number_enc").notNull(),
    /** The feature that asked for it first. */
    reason: text("reason", { enum: verificationReasons }).notNull(),
    verifier: text("verifier").notNull(),
    verifiedAt: timestamp("verified_at").notNull(),
  },
  (t) => [check("identity_verifications_reason_known", sql`${t.reason} IN ('cross_border', 'high_value', 'dispute')`)],
);
