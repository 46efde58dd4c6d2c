/**
 * A member's action history (policy §3.1: "your action history is used to achieve these functions …
 * you can view and manage it through your account"): products viewed, categories visited, shows watched
 * and orders placed, one row per thing with the latest time. Written only while the member keeps history
 * on, and the INSERT itself checks that, so a pause that lands first always wins; pausing keeps what is
 * there, and the member deletes items one by one or all at once. Guests get nothing server-side.
 */
import { and, desc, eq } from "drizzle-orm";
import type { Context } from "hono";
import type { AppEnv } from "../../app-env.ts";
import {
  categories,
  categoryTexts,
  liveShows,
  liveShowTexts,
  memberHistory,
  members,
  orders,
  products,
  productTexts,
  type ContentLocale,
  type HistoryKind,
} from "../../../db/schema/index.ts";
import type { Db } from "../../lib/db.ts";
import { ageOfConsent, latestBirthMonthAged } from "../guardians/age.ts";

/** One thing in the history, upserted with its latest time; `condition` narrows the member row further. */
const upsert = (condition = "") => `INSERT INTO member_history (member_id, kind, subject_id, at)
   SELECT id, ?2, ?3, ?4 FROM members WHERE id = ?1 AND keep_history = 1 ${condition}
   ON CONFLICT (member_id, kind, subject_id) DO UPDATE SET at = excluded.at`;

/**
 * A history entry as a statement, for a caller that already knows the member may keep history (a show's
 * ticket, an order placed at checkout: both refuse members waiting for a guardian), e.g. in its batch.
 */
export function historyEntry(d1: D1Database, memberId: string, kind: HistoryKind, subjectId: string, now: number): D1PreparedStatement {
  return d1.prepare(upsert()).bind(memberId, kind, subjectId, now);
}

/** Remembers that a member watched a show, if they keep history. */
export async function recordWatching(d1: D1Database, memberId: string, showId: string, now: number): Promise<void> {
  await historyEntry(d1, memberId, "show", showId, now).run();
}

/**
 * Members waiting for a guardian's consent may browse but keep no history (policy §9): `isLimited` in SQL
 * over `members`, with `param` holding the latest birth month of an adult.
 */
export const notAwaitingGuardian = (param: string) => `NOT (guardian IN ('pending', 'declined') AND (birth_month IS NULL OR birth_month > ${param}))`;

/**
 * Remembers that the signed-in member viewed a product or visited a category, if they keep history and
 * are not waiting for a guardian: one statement, after the response is sent.
 */
export async function recordVisit(c: Context<AppEnv>, kind: HistoryKind, subjectId: string): Promise<void> {
  const member = c.get("member");
  if (!member) return;
  const now = new Date();
  const write = c.env.DB.prepare(upsert(`AND ${notAwaitingGuardian("?5")}`))
    .bind(member.id, kind, subjectId, now.getTime(), latestBirthMonthAged(ageOfConsent(c.env), now))
    .run();
  c.executionCtx.waitUntil(write);
}

/** How many items the history page lists; the data export has all of them. */
export const historyPageSize = 200;

/**
 * The member's history, newest first, each item with its title in `locale` and its page. Orders are
 * matched with their owner too, so nothing but the member's own orders can ever be named.
 */
export async function historyItems(db: Db, memberId: string, locale: ContentLocale, limit?: number) {
  const query = db
    .select({
      kind: memberHistory.kind,
      subjectId: memberHistory.subjectId,
      at: memberHistory.at,
      productSlug: products.slug,
      productTitle: productTexts.title,
      categorySlug: categories.slug,
      categoryName: categoryTexts.name,
      showSlug: liveShows.slug,
      showTitle: liveShowTexts.title,
      orderNumber: orders.number,
    })
    .from(memberHistory)
    .leftJoin(products, and(eq(memberHistory.kind, "product"), eq(products.id, memberHistory.subjectId)))
    .leftJoin(productTexts, and(eq(productTexts.productId, products.id), eq(productTexts.locale, locale)))
    .leftJoin(categories, and(eq(memberHistory.kind, "category"), eq(categories.id, memberHistory.subjectId)))
    .leftJoin(categoryTexts, and(eq(categoryTexts.categoryId, categories.id), eq(categoryTexts.locale, locale)))
    .leftJoin(liveShows, and(eq(memberHistory.kind, "show"), eq(liveShows.id, memberHistory.subjectId)))
    .leftJoin(liveShowTexts, and(eq(liveShowTexts.showId, liveShows.id), eq(liveShowTexts.locale, locale)))
    .leftJoin(orders, and(eq(memberHistory.kind, "order"), eq(orders.id, memberHistory.subjectId), eq(orders.memberId, memberHistory.memberId)))
    .where(eq(memberHistory.memberId, memberId))
    .orderBy(desc(memberHistory.at), memberHistory.kind, memberHistory.subjectId);
  const rows = limit === undefined ? await query : await query.limit(limit);
  return rows.map(({ kind, subjectId, at, ...row }) => ({ kind, subjectId, at, ...shown(kind, row) }));
}

export type HistoryItem = Awaited<ReturnType<typeof historyItems>>[number];

type Joined = {
  productSlug: string | null;
  productTitle: string | null;
  categorySlug: string | null;
  categoryName: string | null;
  showSlug: string | null;
  showTitle: string | null;
  orderNumber: string | null;
};

/** What an item is called and where it leads; null when the thing is gone (it can still be deleted). */
function shown(kind: HistoryKind, row: Joined): { title: string | null; link: string | null } {
  switch (kind) {
    case "product":
      return { title: row.productTitle, link: row.productSlug && `/p/${row.productSlug}` };
    case "category":
      return { title: row.categoryName, link: row.categorySlug && `/c/${row.categorySlug}` };
    case "show":
      return { title: row.showTitle, link: row.showSlug && `/live/${row.showSlug}` };
    case "order":
      return { title: row.orderNumber, link: row.orderNumber && `/orders/${row.orderNumber}` };
  }
}

export async function keepsHistory(db: Db, memberId: string): Promise<boolean> {
  const [row] = await db.select({ keep: members.keepHistory }).from(members).where(eq(members.id, memberId)).limit(1);
  return row?.keep ?? false;
}

/** Pauses or resumes history: paused, nothing new is recorded and what is there stays. */
export async function setKeepHistory(db: Db, memberId: string, keep: boolean): Promise<void> {
  await db.update(members).set({ keepHistory: keep }).where(eq(members.id, memberId));
}

/** Deletes one item of the member's own history; another member's item is simply not found. */
export async function deleteHistoryItem(db: Db, memberId: string, kind: HistoryKind, subjectId: string): Promise<void> {
  await db.delete(memberHistory).where(and(eq(memberHistory.memberId, memberId), eq(memberHistory.kind, kind), eq(memberHistory.subjectId, subjectId)));
}

export async function clearHistory(db: Db, memberId: string): Promise<void> {
  await db.delete(memberHistory).where(eq(memberHistory.memberId, memberId));
}

