/**
 * A member's action history (policy §3.1: "your action history is used to achieve these functions …
 * you can view and manage it through your account"): what they watched, newest first. Written only
 * while the member keeps history on; switching it off also clears it.
 */
import { and, desc, eq } from "drizzle-orm";
import { liveShows, liveShowTexts, memberHistory, members, type ContentLocale } from "../../../db/schema/index.ts";
import type { Db } from "../../lib/db.ts";

/** Remembers that a member watched a show (one row per show, with the latest time), if they keep history. */
export async function recordWatching(d1: D1Database, memberId: string, showId: string, now: number): Promise<void> {
  await d1
    .prepare(
      `INSERT INTO member_history (member_id, kind, subject_id, at)
       SELECT id, 'show', ?2, ?3 FROM members WHERE id = ?1 AND keep_history = 1
       ON CONFLICT (member_id, kind, subject_id) DO UPDATE SET at = excluded.at`,
    )
    .bind(memberId, showId, now)
    .run();
}

/** The shows a member watched, newest first, with their titles in `locale`. */
export function watchedShows(db: Db, memberId: string, locale: ContentLocale) {
  return db
    .select({ slug: liveShows.slug, title: liveShowTexts.title, status: liveShows.status, at: memberHistory.at })
    .from(memberHistory)
    .innerJoin(liveShows, eq(liveShows.id, memberHistory.subjectId))
    .innerJoin(liveShowTexts, and(eq(liveShowTexts.showId, liveShows.id), eq(liveShowTexts.locale, locale)))
    .where(and(eq(memberHistory.memberId, memberId), eq(memberHistory.kind, "show")))
    .orderBy(desc(memberHistory.at))
    .limit(100);
}

export async function keepsHistory(db: Db, memberId: string): Promise<boolean> {
  const [row] = await db.select({ keep: members.keepHistory }).from(members).where(eq(members.id, memberId)).limit(1);
  return row?.keep ?? false;
}

/** Switches history on or off; off clears what was kept, in the same batch. */
export async function setKeepHistory(db: Db, memberId: string, keep: boolean): Promise<void> {
  const update = db.update(members).set({ keepHistory: keep }).where(eq(members.id, memberId));
  if (keep) await update;
  else await db.batch([update, db.delete(memberHistory).where(eq(memberHistory.memberId, memberId))]);
}

export async function clearHistory(db: Db, memberId: string): Promise<void> {
  await db.delete(memberHistory).where(eq(memberHistory.memberId, memberId));
}
