/**
 * The notification outbox: messages are rows written in the same batch as the change they report, the
 * queue carries only row ids, and delivery claims a row before sending it, so a queue that redelivers
 * (or a sweep that re-sends) never makes a message go out twice. Secret parameters (codes) and the
 * recipient of a non-member are encrypted and erased once the message is delivered or given up on.
 */
import { and, asc, eq, gt, inArray, isNull, lte, or, sql } from "drizzle-orm";
import {
  members,
  outbox,
  pendingNotices,
  policyVersions,
  type ContentLocale,
  type NoticeChannel,
} from "../../../db/schema/index.ts";
import type { Db } from "../../lib/db.ts";
import { decryptField, encryptField } from "../../lib/field-crypto.ts";
import { newId } from "../../lib/ids.ts";
import { renderMessage, isTemplate, type Template } from "./templates.ts";

export type OutboxMessage = {
  template: Template;
  channel: NoticeChannel;
  locale: ContentLocale;
  /** The member it is for (recipient read from the account at delivery), or… */
  memberId?: string;
  /** …the phone (E.164) or email of someone who is not a member yet. */
  recipient?: string;
  /** Parameters that are not secret. */
  params?: Record<string, string | number>;
  /** Secret parameters, such as a one-time code: encrypted until delivery, then erased. */
  secret?: Record<string, string | number>;
  dedupeKey?: string;
};

/** What a queue message carries: only the outbox row's id. */
export type OutboxJob = { id: string };

const recipientContext = (id: string) => `outbox.recipient:${id}`;
const paramsContext = (id: string) => `outbox.params:${id}`;

/** The insert for a message (to batch with the change it reports) and its id (to queue after the batch). */
export async function outboxInsert(db: Db, fieldKey: string, message: OutboxMessage, now = Date.now()) {
  const id = newId("msg");
  const statement = db.insert(outbox).values({
    id,
    channel: message.channel,
    template: message.template,
    locale: message.locale,
    memberId: message.memberId ?? null,
    recipientEnc: message.recipient ? await encryptField(fieldKey, message.recipient, recipientContext(id)) : null,
    params: message.params ?? null,
    paramsEnc: message.secret ? await encryptField(fieldKey, JSON.stringify(message.secret), paramsContext(id)) : null,
    dedupeKey: message.dedupeKey ?? null,
    nextAttemptAt: new Date(now),
    createdAt: new Date(now),
  });
  return { id, statement };
}

/**
 * Hands written messages to the queue. A failed send is logged, not fatal: the rows are in the outbox and
 * the minute sweep queues them again.
 */
export async function dispatch(queue: Queue, ids: string[]): Promise<void> {
  try {
    for (let start = 0; start < ids.length; start += 100) {
      await queue.sendBatch(ids.slice(start, start + 100).map((id) => ({ body: { id } })));
    }
  } catch (error) {
    console.warn(JSON.stringify({ event: "outbox_queue_send_failed", count: ids.length, error: error instanceof Error ? error.message : String(error) }));
  }
}

export type Delivery = { id: string; channel: NoticeChannel; to: string; subject: string; body: string };
/** A channel adapter: hands one message to a provider (or the dev inbox). Must be idempotent per `id`. */
export type ChannelAdapter = (delivery: Delivery) => Promise<void>;

export const maxDeliveryAttempts = 6;
const leaseMs = 60_000;
/** Back-off before attempt n+1: 10 s, 20 s, 40 s… capped at an hour. */
export const retryDelaySeconds = (attempts: number) => Math.min(3600, 10 * 2 ** Math.max(0, attempts - 1));

export type DeliveryResult = { outcome: "delivered" | "skipped" | "dead" } | { outcome: "retry"; delaySeconds: number };

async function recipientOf(db: Db, fieldKey: string, row: typeof outbox.$inferSelect): Promise<string> {
  if (row.recipientEnc) return decryptField(fieldKey, row.recipientEnc, recipientContext(row.id));
  if (!row.memberId) throw new Error("message has no recipient");
  const [member] = await db
    .select({ id: members.id, phoneEnc: members.phoneEnc, emailEnc: members.emailEnc, emailVerifiedAt: members.emailVerifiedAt })
    .from(members)
    .where(eq(members.id, row.memberId))
    .limit(1);
  if (!member) throw new Error("the member no longer exists");
  if (row.channel === "email") {
    if (!member.emailEnc || !member.emailVerifiedAt) throw new Error("the member has no verified email");
    return decryptField(fieldKey, member.emailEnc, `members.email:${member.id}`);
  }
  return decryptField(fieldKey, member.phoneEnc, `members.phone:${member.id}`);
}

async function paramsOf(db: Db, fieldKey: string, row: typeof outbox.$inferSelect): Promise<Record<string, string | number>> {
  const params: Record<string, string | number> = { ...(row.params ?? {}) };
  if (row.paramsEnc) Object.assign(params, JSON.parse(await decryptField(fieldKey, row.paramsEnc, paramsContext(row.id))));
  if (row.template === "policy_notice" && typeof params.version === "number") {
    const [version] = await db.select({ summary: policyVersions.summary }).from(policyVersions).where(eq(policyVersions.version, params.version));
    if (version) params.summary = version.summary[row.locale];
  }
  return params;
}

/**
 * Delivers one message at most once: claims the row (pending, or a lease that ran out), sends it
 * through the channel's adapter, then marks it delivered and erases its secrets. A failure schedules a
 * retry with back-off; the last allowed failure leaves the row as a dead letter.
 */
export async function deliver(
  db: Db,
  fieldKey: string,
  adapters: Record<NoticeChannel, ChannelAdapter>,
  id: string,
  now = Date.now(),
): Promise<DeliveryResult> {
  const [row] = await db
    .update(outbox)
    .set({ status: "sending", attempts: sql`${outbox.attempts} + 1`, leaseUntil: new Date(now + leaseMs) })
    .where(
      and(
        eq(outbox.id, id),
        lte(outbox.nextAttemptAt, new Date(now + 1000)),
        or(eq(outbox.status, "pending"), and(eq(outbox.status, "sending"), lte(outbox.leaseUntil, new Date(now)))),
      ),
    )
    .returning();
  if (!row) {
    // Delivered, dead, being sent by someone else, or not due yet (then the sweep will queue it in time).
    return { outcome: "skipped" };
  }
  try {
    if (!isTemplate(row.template)) throw new Error(`unknown template ${row.template}`);
    const to = await recipientOf(db, fieldKey, row);
    const rendered = renderMessage(row.template, row.locale, await paramsOf(db, fieldKey, row));
    await adapters[row.channel]({ id: row.id, channel: row.channel, to, ...rendered });
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).slice(0, 300);
    if (row.attempts >= maxDeliveryAttempts) {
      await db
        .update(outbox)
        .set({ status: "dead", lastError: reason, leaseUntil: null, paramsEnc: null, recipientEnc: null })
        .where(eq(outbox.id, id));
      console.error(JSON.stringify({ event: "outbox_dead_letter", id, template: row.template, error: reason }));
      return { outcome: "dead" };
    }
    const delaySeconds = retryDelaySeconds(row.attempts);
    await db
      .update(outbox)
      .set({ status: "pending", lastError: reason, leaseUntil: null, nextAttemptAt: new Date(now + delaySeconds * 1000) })
      .where(eq(outbox.id, id));
    return { outcome: "retry", delaySeconds };
  }
  await db
    .update(outbox)
    .set({ status: "delivered", deliveredAt: new Date(now), leaseUntil: null, paramsEnc: null, recipientEnc: null, lastError: null })
    .where(eq(outbox.id, id));
  return { outcome: "delivered" };
}

/** The queue consumer: one delivery per message; acknowledges what is done, retries what should be. */
export async function consumeOutbox(
  batch: MessageBatch<unknown>,
  db: Db,
  fieldKey: string,
  adapters: Record<NoticeChannel, ChannelAdapter>,
): Promise<void> {
  for (const message of batch.messages) {
    const body = message.body as Partial<OutboxJob> | null;
    if (!body || typeof body.id !== "string") {
      message.ack();
      continue;
    }
    const result = await deliver(db, fieldKey, adapters, body.id);
    if (result.outcome === "retry") message.retry({ delaySeconds: result.delaySeconds });
    else message.ack();
  }
}

/**
 * Messages that should be on their way but may not be (their queue send failed, or a lease ran out):
 * the minute sweep queues them again. Claiming makes the extra queue message harmless.
 */
export async function overdueMessageIds(db: Db, now = Date.now(), limit = 500): Promise<string[]> {
  const rows = await db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      or(
        and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, new Date(now - 30_000))),
        and(eq(outbox.status, "sending"), lte(outbox.leaseUntil, new Date(now))),
      ),
    )
    .orderBy(asc(outbox.nextAttemptAt))
    .limit(limit);
  return rows.map((row) => row.id);
}

/**
 * Policy notices owed to members (recorded when a version is published): one outbox message per member
 * who joined before the notice, once ever (the dedupe key), in pages of `pageSize` members. Returns the
 * ids written, to be queued. Ids are made
 * in SQL (16 hex characters, a subset of the id alphabet) so a page is one statement.
 */
export async function fanOutPolicyNotices(db: Db, now = Date.now(), pageSize = 500): Promise<string[]> {
  const notices = await db.select().from(pendingNotices).where(and(isNull(pendingNotices.queuedAt), eq(pendingNotices.audience, "members")));
  const written: string[] = [];
  for (const notice of notices) {
    let after = "";
    for (;;) {
      const page = await db
        .select({ id: members.id })
        .from(members)
        .where(and(gt(members.id, after), lte(members.createdAt, notice.createdAt)))
        .orderBy(asc(members.id))
        .limit(pageSize);
      if (page.length === 0) break;
      const ids = page.map((row) => row.id);
      const rows = await db.all<{ id: string }>(sql`
        INSERT INTO ${outbox} (id, channel, template, locale, member_id, params, dedupe_key, status, attempts, next_attempt_at, created_at)
        SELECT 'msg_' || lower(hex(randomblob(8))), m.notice_channel, 'policy_notice', m.locale, m.id,
               json_object('version', ${notice.version}), 'policy:' || ${notice.version} || ':' || m.id, 'pending', 0, ${now}, ${now}
        FROM ${members} m WHERE m.id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))
        ON CONFLICT (dedupe_key) DO NOTHING
        RETURNING id`);
      written.push(...rows.map((row) => row.id));
      after = ids.at(-1)!;
    }
    await db.update(pendingNotices).set({ queuedAt: new Date(now) }).where(eq(pendingNotices.id, notice.id));
  }
  return written;
}

/** Outbox rows by id, for tests and the dev inbox. */
export function outboxRows(db: Db, ids: string[]) {
  return db.select().from(outbox).where(inArray(outbox.id, ids));
}
