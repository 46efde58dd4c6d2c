/**
 * Data export requests in D1. The hourly limit is kept by the INSERT itself, so parallel requests
 * cannot get around it; every read names the member, so another member's export id finds nothing.
 */
import { and, desc, eq, inArray, lte, ne, or } from "drizzle-orm";
import { dataExports } from "../../../db/schema/index.ts";
import type { Db } from "../../lib/db.ts";
import { newId } from "../../lib/ids.ts";

export type ExportRow = typeof dataExports.$inferSelect;

/** One request an hour per member (a failed one does not count: that was the shop's fault). */
export const requestIntervalMs = 3_600_000;
/** How long a ready archive can be downloaded; then it is deleted from R2. */
export const exportTtlMs = 7 * 86_400_000;
/** The page lists this many of the member's exports, newest first. */
const listed = 20;

export type RequestResult = { ok: true; id: string } | { ok: false; retryAt: Date };

export async function requestExport(d1: D1Database, memberId: string, now = Date.now()): Promise<RequestResult> {
  const id = newId("exp");
  const inserted = await d1
    .prepare(
      `INSERT INTO data_exports (id, member_id, status, requested_at)
       SELECT ?1, ?2, 'queued', ?3
       WHERE NOT EXISTS (SELECT 1 FROM data_exports WHERE member_id = ?2 AND status != 'failed' AND requested_at > ?4)`,
    )
    .bind(id, memberId, now, now - requestIntervalMs)
    .run();
  if (inserted.meta.changes === 1) return { ok: true, id };
  const last = await d1
    .prepare("SELECT max(requested_at) AS at FROM data_exports WHERE member_id = ?1 AND status != 'failed'")
    .bind(memberId)
    .first<{ at: number | null }>();
  return { ok: false, retryAt: new Date((last?.at ?? now) + requestIntervalMs) };
}

/** Takes back a request whose job could not be queued, so the member may ask again at once. */
export async function withdrawRequest(db: Db, id: string): Promise<void> {
  await db.delete(dataExports).where(and(eq(dataExports.id, id), eq(dataExports.status, "queued")));
}

export function memberExports(db: Db, memberId: string) {
  return db.select().from(dataExports).where(eq(dataExports.memberId, memberId)).orderBy(desc(dataExports.requestedAt)).limit(listed);
}

/** The member's export by id; anyone else's id answers exactly like an unknown one. */
export async function findMemberExport(db: Db, memberId: string, id: string): Promise<ExportRow | null> {
  const [row] = await db.select().from(dataExports).where(and(eq(dataExports.id, id), eq(dataExports.memberId, memberId))).limit(1);
  return row ?? null;
}

export async function findExport(db: Db, id: string): Promise<ExportRow | null> {
  const [row] = await db.select().from(dataExports).where(eq(dataExports.id, id)).limit(1);
  return row ?? null;
}

/** Whether an export can be downloaded now: ready, stored and not past its expiry. */
export const downloadable = (row: ExportRow, now: number): row is ExportRow & { objectKey: string; expiresAt: Date } =>
  row.status === "ready" && row.objectKey !== null && row.expiresAt !== null && row.expiresAt.getTime() > now;

export async function markFailed(db: Db, id: string): Promise<void> {
  await db.update(dataExports).set({ status: "failed" }).where(and(eq(dataExports.id, id), eq(dataExports.status, "queued")));
}

/**
 * Exports to delete: ready ones past their expiry, and requests that never became ready (failed, or
 * lost) once a ready one would have expired.
 */
export function lapsedExports(db: Db, now: number, limit: number) {
  return db
    .select({ id: dataExports.id, objectKey: dataExports.objectKey })
    .from(dataExports)
    .where(
      or(
        and(eq(dataExports.status, "ready"), lte(dataExports.expiresAt, new Date(now))),
        and(ne(dataExports.status, "ready"), lte(dataExports.requestedAt, new Date(now - exportTtlMs))),
      ),
    )
    .limit(limit);
}

export async function deleteExportRows(db: Db, ids: string[]): Promise<void> {
  if (ids.length) await db.delete(dataExports).where(inArray(dataExports.id, ids));
}
