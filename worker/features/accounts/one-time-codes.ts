/**
 * One-time codes for registration, code sign-in, password reset and contact changes: six digits, ten
 * minutes, single use, five tries, stored only as a keyed hash. The per-destination limits (one code a
 * minute, five an hour) and the single use are enforced by the SQL statements themselves, so parallel
 * requests cannot get around them.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import { oneTimeCodes, type CodePurpose } from "../../../db/schema/index.ts";
import { boundStatement, type Db } from "../../lib/db.ts";
import { decryptField, encryptField, lookupHash } from "../../lib/field-crypto.ts";
import { newId } from "../../lib/ids.ts";
import { dispatch, outboxInsert, type OutboxMessage } from "../outbox/outbox.ts";

export const codeTtlMs = 10 * 60_000;
export const maxCodeAttempts = 5;
export const resendAfterMs = 60_000;
export const maxCodesPerHour = 5;

/** Six random digits, uniformly drawn (rejection sampling, no modulo bias). */
export function newCode(): string {
  const limit = 4_000_000_000; // a multiple of 1,000,000 below 2^32
  for (;;) {
    const [value] = crypto.getRandomValues(new Uint32Array(1));
    if (value! < limit) return String(value! % 1_000_000).padStart(6, "0");
  }
}

const codeHash = (fieldKey: string, id: string, code: string) => lookupHash(fieldKey, `code:${id}`, code);
const payloadContext = (id: string) => `one_time_codes.payload:${id}`;

export type IssueResult = { ok: true; id: string } | { ok: false; retryAfterSeconds: number };

/**
 * Issues a code for `targetHash` and writes, in the same batch, the message that carries it (or, for a
 * decoy challenge, `message` without the code: a registration with a taken number looks the same to the
 * person typing, while the number's owner is told). Refused when the destination had a code within the
 * last minute or five within the hour.
 */
export async function issueCode(
  db: Db,
  env: Pick<Env, "DB" | "FIELD_KEY" | "OUTBOX_QUEUE">,
  input: {
    purpose: CodePurpose;
    targetHash: string;
    maskedTarget: string;
    memberId?: string | null;
    payload?: unknown;
    /** The message to send; `code` is added to its secret parameters unless `decoy`. */
    message: OutboxMessage | null;
    decoy?: boolean;
  },
  now = Date.now(),
): Promise<IssueResult> {
  const id = newId("otp");
  const code = newCode();
  const hash = await codeHash(env.FIELD_KEY, id, code);
  const payload = input.payload === undefined ? null : await encryptField(env.FIELD_KEY, JSON.stringify(input.payload), payloadContext(id));
  const message = input.message
    ? await outboxInsert(db, env.FIELD_KEY, input.decoy ? input.message : { ...input.message, secret: { ...input.message.secret, code } }, now)
    : null;
  // One batch (one transaction): the code row if the limits allow it, and its message only if the code
  // row was written (inserted, then removed again when the limits refused the code).
  const insert = env.DB.prepare(
    `INSERT INTO one_time_codes (id, purpose, target_hash, code_hash, payload_enc, masked_target, member_id, attempts, created_at, expires_at)
     SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?9
     WHERE NOT EXISTS (SELECT 1 FROM one_time_codes WHERE target_hash = ?3 AND created_at > ?10)
       AND (SELECT count(*) FROM one_time_codes WHERE target_hash = ?3 AND created_at > ?11) < ?12`,
  ).bind(id, input.purpose, input.targetHash, hash, payload, input.maskedTarget, input.memberId ?? null, now, now + codeTtlMs, now - resendAfterMs, now - 3_600_000, maxCodesPerHour);
  await env.DB.batch([
    insert,
    ...(message
      ? [
          boundStatement(env.DB, message.statement),
          env.DB.prepare("DELETE FROM outbox WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM one_time_codes WHERE id = ?2)").bind(message.id, id),
        ]
      : []),
  ]);
  return finishIssue(db, env, { id, message, targetHash: input.targetHash }, now);
}

async function finishIssue(
  db: Db,
  env: Pick<Env, "OUTBOX_QUEUE">,
  input: { id: string; message: { id: string } | null; targetHash: string },
  now: number,
): Promise<IssueResult> {
  const [row] = await db.select({ id: oneTimeCodes.id }).from(oneTimeCodes).where(eq(oneTimeCodes.id, input.id)).limit(1);
  if (!row) {
    const recent = await db
      .select({ createdAt: oneTimeCodes.createdAt })
      .from(oneTimeCodes)
      .where(and(eq(oneTimeCodes.targetHash, input.targetHash), sql`${oneTimeCodes.createdAt} > ${now - 3_600_000}`))
      .orderBy(oneTimeCodes.createdAt);
    const last = recent.at(-1)?.createdAt.getTime() ?? now;
    const oldest = recent[0]?.createdAt.getTime() ?? now;
    const retryAfterMs = recent.length >= maxCodesPerHour ? oldest + 3_600_000 - now : last + resendAfterMs - now;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
  }
  if (input.message) await dispatch(env.OUTBOX_QUEUE, [input.message.id]);
  return { ok: true, id: input.id };
}

export type CodeCheck =
  | { ok: true; payload: unknown; memberId: string | null; targetHash: string }
  | { ok: false; problem: "wrong" | "expired" | "used" | "too_many" | "unknown"; attemptsLeft: number };

/**
 * Checks `code` against challenge `id` of `purpose`. Every try counts (the counter is raised by the same
 * statement that reads the hash, and refuses past the limit); a right code is consumed by a conditional
 * update, so two parallel submissions cannot both use it.
 */
export async function checkCode(
  db: Db,
  fieldKey: string,
  input: { id: string; purpose: CodePurpose; code: string; /** Only this member's challenge: anyone else's is unknown and spends no try. */ memberId?: string },
  now = Date.now(),
): Promise<CodeCheck> {
  const owned = input.memberId === undefined ? undefined : eq(oneTimeCodes.memberId, input.memberId);
  const [row] = await db
    .update(oneTimeCodes)
    .set({ attempts: sql`${oneTimeCodes.attempts} + 1` })
    .where(
      and(
        eq(oneTimeCodes.id, input.id),
        eq(oneTimeCodes.purpose, input.purpose),
        owned,
        isNull(oneTimeCodes.consumedAt),
        sql`${oneTimeCodes.expiresAt} > ${now}`,
        sql`${oneTimeCodes.attempts} < ${maxCodeAttempts}`,
      ),
    )
    .returning();
  if (!row) {
    const [found] = await db
      .select()
      .from(oneTimeCodes)
      .where(and(eq(oneTimeCodes.id, input.id), eq(oneTimeCodes.purpose, input.purpose), owned))
      .limit(1);
    const problem = !found ? "unknown" : found.consumedAt ? "used" : found.expiresAt.getTime() <= now ? "expired" : "too_many";
    return { ok: false, problem, attemptsLeft: 0 };
  }
  const attemptsLeft = maxCodeAttempts - row.attempts;
  if ((await codeHash(fieldKey, row.id, input.code)) !== row.codeHash) {
    return { ok: false, problem: attemptsLeft > 0 ? "wrong" : "too_many", attemptsLeft };
  }
  const [consumed] = await db
    .update(oneTimeCodes)
    .set({ consumedAt: new Date(now) })
    .where(and(eq(oneTimeCodes.id, row.id), isNull(oneTimeCodes.consumedAt)))
    .returning({ id: oneTimeCodes.id });
  if (!consumed) return { ok: false, problem: "used", attemptsLeft: 0 };
  return { ok: true, payload: await challengePayload(fieldKey, row), memberId: row.memberId, targetHash: row.targetHash };
}

/** The encrypted payload of a challenge row, decrypted (null when it has none). */
export async function challengePayload(fieldKey: string, row: { id: string; payloadEnc: string | null }): Promise<unknown> {
  return row.payloadEnc ? JSON.parse(await decryptField(fieldKey, row.payloadEnc, payloadContext(row.id))) : null;
}

/** The public part of a challenge: what the code page shows, while it can still be answered. */
export async function challengeInfo(db: Db, id: string, purpose: CodePurpose, now = Date.now()) {
  const [row] = await db
    .select({ maskedTarget: oneTimeCodes.maskedTarget, expiresAt: oneTimeCodes.expiresAt, consumedAt: oneTimeCodes.consumedAt })
    .from(oneTimeCodes)
    .where(and(eq(oneTimeCodes.id, id), eq(oneTimeCodes.purpose, purpose)))
    .limit(1);
  if (!row || row.consumedAt || row.expiresAt.getTime() <= now) return null;
  return { maskedTarget: row.maskedTarget, expiresAt: row.expiresAt };
}
