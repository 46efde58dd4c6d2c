import { eq } from "drizzle-orm";
import { memberLevels } from "../../../db/schema/index.ts";
import type { Db } from "../../lib/db.ts";
import { levelFor, levelWindowDays, type Level, type Usage } from "./levels.ts";

export type MemberLevel = { level: Level; usage: Usage; computedAt: Date | null };

/** The member's level as last computed (a member without completed orders is at the first level). */
export async function memberLevel(db: Db, memberId: string): Promise<MemberLevel> {
  const [row] = await db.select().from(memberLevels).where(eq(memberLevels.memberId, memberId)).limit(1);
  const usage = { spendMinor: row?.spendMinor ?? 0, orders: row?.orders ?? 0 };
  return { level: levelFor(usage), usage, computedAt: row?.computedAt ?? null };
}

/** Completed (never refunded) orders of the last 12 months, summed per member. */
const usageSql = `SELECT member_id, coalesce(sum(total_minor), 0) AS spend, count(*) AS orders FROM orders
  WHERE status = 'completed' AND completed_at > ?1 AND member_id IS NOT NULL`;

/** Recomputes one member's level from their orders (when an order of theirs completes or is refunded). */
export async function recomputeLevel(d1: D1Database, memberId: string, now = Date.now()): Promise<Level> {
  const row = await d1.prepare(`${usageSql} AND member_id = ?2`).bind(now - levelWindowDays * 86_400_000, memberId).first<{ spend: number; orders: number }>();
  const usage = { spendMinor: row?.spend ?? 0, orders: row?.orders ?? 0 };
  await storeLevel(d1, memberId, usage, now).run();
  return levelFor(usage);
}

function storeLevel(d1: D1Database, memberId: string, usage: Usage, now: number): D1PreparedStatement {
  return d1
    .prepare(
      `INSERT INTO member_levels (member_id, level, spend_minor, orders, computed_at) VALUES (?1, ?2, ?3, ?4, ?5)
       ON CONFLICT (member_id) DO UPDATE SET level = ?2, spend_minor = ?3, orders = ?4, computed_at = ?5`,
    )
    .bind(memberId, levelFor(usage).id, usage.spendMinor, usage.orders, now);
}

/**
 * The nightly recomputation: orders age out of the 12-month window, so levels can fall without any new
 * event. Every member with a level row or a completed order is recomputed (in batches of statements).
 */
export async function recomputeAllLevels(d1: D1Database, now = Date.now()): Promise<number> {
  const since = now - levelWindowDays * 86_400_000;
  const { results } = await d1
    .prepare(
      `SELECT m.member_id, coalesce(u.spend, 0) AS spend, coalesce(u.orders, 0) AS orders
       FROM (SELECT member_id FROM member_levels UNION SELECT member_id FROM orders WHERE status = 'completed' AND member_id IS NOT NULL) m
       LEFT JOIN (${usageSql} GROUP BY member_id) u ON u.member_id = m.member_id`,
    )
    .bind(since)
    .all<{ member_id: string; spend: number; orders: number }>();
  const statements = results.map((row) => storeLevel(d1, row.member_id, { spendMinor: row.spend, orders: row.orders }, now));
  for (let start = 0; start < statements.length; start += 100) await d1.batch(statements.slice(start, start + 100));
  return statements.length;
}
