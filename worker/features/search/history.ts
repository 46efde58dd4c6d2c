/**
 * Search history (policy §3.2, P12/P14): for members who keep it and have not chosen "on this device only",
 * terms, times and counts are stored server-side, and only that; otherwise nothing is. Pausing keeps what
 * is there; choosing the device deletes it, in the same batch.
 */
import { and, desc, eq } from "drizzle-orm";
import type { Context } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { members, searchHistory } from "../../../db/schema/index.ts";
import type { Db } from "../../lib/db.ts";
import { notAwaitingGuardian } from "../accounts/history.ts";
import { ageOfConsent, latestBirthMonthAged } from "../guardians/age.ts";

/** A query as the history keeps it: trimmed, runs of spaces folded, at most 100 characters. */
export const searchTerm = (query: string) => query.trim().replace(/\s+/g, " ").slice(0, 100);

/**
 * Records a search the signed-in member ran (the trimmed, folded query), if they keep search history here
 * and are not waiting for a guardian: one statement, after the response is sent.
 */
export async function recordSearch(c: Context<AppEnv>, query: string): Promise<void> {
  const member = c.get("member");
  const term = searchTerm(query);
  if (!member || !term) return;
  const now = new Date();
  const write = c.env.DB.prepare(
    `INSERT INTO search_history (member_id, term, count, first_at, last_at)
     SELECT id, ?2, 1, ?3, ?3 FROM members
     WHERE id = ?1 AND keep_search_history = 1 AND search_history_on_device = 0 AND ${notAwaitingGuardian("?4")}
     ON CONFLICT (member_id, term) DO UPDATE SET count = count + 1, last_at = excluded.last_at`,
  )
    .bind(member.id, term, now.getTime(), latestBirthMonthAged(ageOfConsent(c.env), now))
    .run();
  c.executionCtx.waitUntil(write);
}

/** Where a member's searches go: kept at all (`keep`), and on their device rather than here (`onDevice`). */
export type SearchHistorySettings = { keep: boolean; onDevice: boolean };

export async function searchHistorySettings(db: Db, memberId: string): Promise<SearchHistorySettings> {
  const [row] = await db
    .select({ keep: members.keepSearchHistory, onDevice: members.searchHistoryOnDevice })
    .from(members)
    .where(eq(members.id, memberId))
    .limit(1);
  return row ?? { keep: false, onDevice: false };
}

/** The member's searches, most recent first. */
export function searchTerms(db: Db, memberId: string, limit?: number) {
  const query = db
    .select({ term: searchHistory.term, count: searchHistory.count, firstAt: searchHistory.firstAt, lastAt: searchHistory.lastAt })
    .from(searchHistory)
    .where(eq(searchHistory.memberId, memberId))
    .orderBy(desc(searchHistory.lastAt), searchHistory.term);
  return limit === undefined ? query : query.limit(limit);
}

export type SearchTerm = Awaited<ReturnType<typeof searchTerms>>[number];

/** Pauses or resumes search history: paused, nothing new is kept and what is there stays. */
export async function setKeepSearchHistory(db: Db, memberId: string, keep: boolean): Promise<void> {
  await db.update(members).set({ keepSearchHistory: keep }).where(eq(members.id, memberId));
}

/** "Keep my search history on this device only": switching it on deletes what is kept here, in one batch. */
export async function setSearchHistoryOnDevice(db: Db, memberId: string, onDevice: boolean): Promise<void> {
  const update = db.update(members).set({ searchHistoryOnDevice: onDevice }).where(eq(members.id, memberId));
  if (onDevice) await db.batch([update, db.delete(searchHistory).where(eq(searchHistory.memberId, memberId))]);
  else await update;
}

/** Deletes one of the member's own terms; the same term of another member is not theirs to reach. */
export async function deleteSearchTerm(db: Db, memberId: string, term: string): Promise<void> {
  await db.delete(searchHistory).where(and(eq(searchHistory.memberId, memberId), eq(searchHistory.term, term)));
}

export async function clearSearchHistory(db: Db, memberId: string): Promise<void> {
  await db.delete(searchHistory).where(eq(searchHistory.memberId, memberId));
}
