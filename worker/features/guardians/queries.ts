/**
 * Guardian consent in the database: where a member stands, their requests to a guardian, and the
 * guardian's decision, written with the member's standing in one batch.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import { guardianConsents, members, oneTimeCodes, type GuardianState } from "../../../db/schema/index.ts";
import { boundStatement, type Db } from "../../lib/db.ts";
import { decryptField, encryptField } from "../../lib/field-crypto.ts";
import { sha256Hex } from "../../lib/hash.ts";
import { challengePayload } from "../accounts/one-time-codes.ts";
import type { OutboxMessage } from "../outbox/outbox.ts";
import { outboxInsert } from "../outbox/outbox.ts";
import { isMinor } from "./age.ts";

/** A request's link works for a week; the code sent with it, like every one-time code, for ten minutes. */
export const requestTtlMs = 7 * 86_400_000;

/**
 * One-time codes' purposes are a CHECK list in the database, which has no `guardian` yet. Until a
 * migration adds it, guardian codes are `confirm` challenges that belong to no member (so no member's
 * own confirmation can spend them) and name their request in the encrypted payload.
 */
export const guardianCodePurpose = "confirm";
export type GuardianCodePayload = { guardianRequest: string };

export const guardianPhoneContext = (id: string) => `guardian_consents.guardian_phone:${id}`;
/** The link's token is random; only its SHA-256 is stored, so the table alone opens no request. */
export const requestTokenHash = (token: string) => sha256Hex(token);

export type Standing = { guardian: GuardianState; birthMonth: string | null; nickname: string; locale: "en" | "zh-CN"; phoneHash: string };

export async function memberStanding(db: Db, memberId: string): Promise<Standing | null> {
  const [row] = await db
    .select({ guardian: members.guardian, birthMonth: members.birthMonth, nickname: members.nickname, locale: members.locale, phoneHash: members.phoneHash })
    .from(members)
    .where(eq(members.id, memberId))
    .limit(1);
  return row ?? null;
}

/**
 * Browsing and searching only: a member under the age of consent whose guardian has not (or not yet)
 * agreed. Growing up lifts it; members from before birth months were asked are adults.
 */
export const isLimited = (standing: Pick<Standing, "guardian" | "birthMonth">, now: Date, age: number) =>
  (standing.guardian === "pending" || standing.guardian === "declined") && (standing.birthMonth === null || isMinor(standing.birthMonth, now, age));

/** The member's newest request, with the number it went to decrypted (for masking). */
export async function latestRequest(db: Db, fieldKey: string, memberId: string) {
  const [row] = await db.select().from(guardianConsents).where(eq(guardianConsents.memberId, memberId)).orderBy(desc(guardianConsents.createdAt)).limit(1);
  if (!row) return null;
  return { ...row, phone: await decryptField(fieldKey, row.guardianPhoneEnc, guardianPhoneContext(row.id)) };
}
export type GuardianRequest = NonNullable<Awaited<ReturnType<typeof latestRequest>>>;

/**
 * A new request: the member's earlier pending requests stop working (their links now answer "not
 * valid"), the new one waits for the guardian, and a member who was declined waits again. Statements
 * for one batch.
 */
export async function requestStatements(db: Db, fieldKey: string, input: { id: string; memberId: string; e164: string; phoneHash: string; tokenHash: string }, now: number) {
  return [
    db
      .update(guardianConsents)
      .set({ expiresAt: new Date(now) })
      .where(and(eq(guardianConsents.memberId, input.memberId), eq(guardianConsents.status, "pending"), sql`${guardianConsents.expiresAt} > ${now}`)),
    db.insert(guardianConsents).values({
      id: input.id,
      memberId: input.memberId,
      guardianPhoneEnc: await encryptField(fieldKey, input.e164, guardianPhoneContext(input.id)),
      guardianPhoneHash: input.phoneHash,
      tokenHash: input.tokenHash,
      status: "pending",
      createdAt: new Date(now),
      expiresAt: new Date(now + requestTtlMs),
    }),
    db.update(members).set({ guardian: "pending" }).where(and(eq(members.id, input.memberId), eq(members.guardian, "declined"))),
  ] as const;
}

/** The request a link names, with the minor's nickname; null for a token nobody was sent. */
export async function requestByToken(db: Db, token: string) {
  const [row] = await db
    .select({ request: guardianConsents, nickname: members.nickname, locale: members.locale, channel: members.noticeChannel })
    .from(guardianConsents)
    .innerJoin(members, eq(members.id, guardianConsents.memberId))
    .where(eq(guardianConsents.tokenHash, await requestTokenHash(token)))
    .limit(1);
  return row ?? null;
}
export type FoundRequest = NonNullable<Awaited<ReturnType<typeof requestByToken>>>;

/** A request that can still be answered: pending and not expired (or replaced by a newer one). */
export const answerable = (request: { status: string; expiresAt: Date }, now: number) => request.status === "pending" && request.expiresAt.getTime() > now;

/**
 * The newest live code challenge for a request. Codes go to the guardian's number, which siblings may
 * share, so the request is told apart by the challenge's (encrypted) payload.
 */
export async function challengeFor(db: Db, fieldKey: string, request: { id: string; guardianPhoneHash: string }, now: number): Promise<string | null> {
  const rows = await db
    .select({ id: oneTimeCodes.id, payloadEnc: oneTimeCodes.payloadEnc })
    .from(oneTimeCodes)
    .where(
      and(
        eq(oneTimeCodes.targetHash, request.guardianPhoneHash),
        eq(oneTimeCodes.purpose, guardianCodePurpose),
        sql`${oneTimeCodes.memberId} IS NULL AND ${oneTimeCodes.consumedAt} IS NULL AND ${oneTimeCodes.expiresAt} > ${now}`,
      ),
    )
    .orderBy(desc(oneTimeCodes.createdAt))
    .limit(10);
  for (const row of rows) {
    const payload = (await challengePayload(fieldKey, row)) as Partial<GuardianCodePayload> | null;
    if (payload?.guardianRequest === request.id) return row.id;
  }
  return null;
}

/**
 * Records the guardian's decision, once: the request moves from pending (still valid) to the decision
 * with the policy version and hash they read, and only if it did, the member's standing follows and the
 * member is told — all in one batch. Returns whether this call decided it (a replay decides nothing).
 */
export async function decide(
  db: Db,
  d1: D1Database,
  fieldKey: string,
  input: { requestId: string; memberId: string; decision: "approved" | "declined"; policyVersion: number; policyHash: string; notice: OutboxMessage },
  now: number,
): Promise<{ decided: boolean; noticeId: string }> {
  const notice = await outboxInsert(db, fieldKey, input.notice, now);
  const decidedNow = `EXISTS (SELECT 1 FROM guardian_consents WHERE id = ?1 AND status = ?2 AND decided_at = ?3)`;
  const results = await d1.batch([
    d1
      .prepare(
        `UPDATE guardian_consents SET status = ?2, decided_at = ?3, policy_version = ?4, policy_hash = ?5
         WHERE id = ?1 AND member_id = ?6 AND status = 'pending' AND expires_at > ?3 RETURNING id`,
      )
      .bind(input.requestId, input.decision, now, input.policyVersion, input.policyHash, input.memberId),
    d1.prepare(`UPDATE members SET guardian = ?2 WHERE id = ?4 AND ${decidedNow}`).bind(input.requestId, input.decision, now, input.memberId),
    boundStatement(d1, notice.statement),
    d1.prepare(`DELETE FROM outbox WHERE id = ?4 AND NOT ${decidedNow}`).bind(input.requestId, input.decision, now, notice.id),
  ]);
  return { decided: (results[0]?.results.length ?? 0) === 1, noticeId: notice.id };
}
