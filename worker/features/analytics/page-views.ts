/**
 * First-party, aggregated page-view analytics: a page view becomes a queue message (day, path, first
 * visit today?), and the queue consumer adds batches of them to per-page, per-day counters in D1.
 * Nothing identifies a person; the only cookie holds today's date.
 */
import { sql } from "drizzle-orm";
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import * as v from "valibot";
import { pageViews } from "../../../db/schema/index.ts";
import type { AppEnv } from "../../app-env.ts";
import { database, type Db } from "../../lib/db.ts";
import { shopDay } from "../../lib/dates.ts";
import { setRegisteredCookie } from "../consent/cookie-jar.ts";

export const pageViewMessage = v.object({
  day: v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/)),
  path: v.pipe(v.string(), v.startsWith("/"), v.maxLength(200)),
  newVisitor: v.boolean(),
});
export type PageViewMessage = v.InferOutput<typeof pageViewMessage>;

const visitCookie = "lantern_av";

const isCountable = (c: Context<AppEnv>) =>
  c.req.method === "GET" &&
  c.res.status === 200 &&
  (c.res.headers.get("content-type") ?? "").startsWith("text/html") &&
  !/^\/(api|media|assets)\//.test(new URL(c.req.url).pathname);

/**
 * Called after a page is rendered: counts it when the visitor allows analytics. With an explicit yes the
 * date cookie tells a first visit today from a repeat; in opt-out regions without a choice, views are
 * counted without any cookie.
 */
export function countPageView(c: Context<AppEnv>): void {
  const decision = c.get("consent").decisions.analytics;
  if (!decision.allowed || !isCountable(c)) return;
  // Days are the shop's days (Beijing time), for the counts and for the date cookie alike.
  const { day, secondsLeft } = shopDay(new Date());
  let newVisitor = false;
  if (decision.storage && getCookie(c, visitCookie) !== day) {
    newVisitor = true;
    setRegisteredCookie(c, visitCookie, day, Math.max(60, secondsLeft));
  }
  const message: PageViewMessage = { day, path: new URL(c.req.url).pathname.slice(0, 200), newVisitor };
  c.executionCtx.waitUntil(c.env.ANALYTICS_QUEUE.send(message));
}

/** Adds a batch of page views to the daily counters: one upsert per (day, path), in one D1 batch. */
export async function recordPageViews(db: Db, messages: PageViewMessage[]): Promise<void> {
  const totals = new Map<string, { day: string; path: string; views: number; visitors: number }>();
  for (const message of messages) {
    const key = `${message.day} ${message.path}`;
    const total = totals.get(key) ?? { day: message.day, path: message.path, views: 0, visitors: 0 };
    total.views += 1;
    if (message.newVisitor) total.visitors += 1;
    totals.set(key, total);
  }
  const statements = [...totals.values()].map((total) =>
    db
      .insert(pageViews)
      .values(total)
      .onConflictDoUpdate({
        target: [pageViews.day, pageViews.path],
        set: { views: sql`${pageViews.views} + ${total.views}`, visitors: sql`${pageViews.visitors} + ${total.visitors}` },
      }),
  );
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
}

/** The queue consumer: valid messages are counted; malformed ones are dropped (acked) and logged. */
export async function consumePageViews(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const valid: PageViewMessage[] = [];
  for (const message of batch.messages) {
    const parsed = v.safeParse(pageViewMessage, message.body);
    if (parsed.success) valid.push(parsed.output);
    else console.warn(JSON.stringify({ queue: batch.queue, dropped: message.id, reason: v.summarize(parsed.issues) }));
  }
  await recordPageViews(database(env.DB), valid);
  batch.ackAll();
}
