/**
 * Assembling one export: every registered exporter's section into `data.json`, the readable
 * `index.html` beside it and the member's files (picture, invoices) under `files/`, all in one ZIP in
 * R2 under a random key (never the member's id); then the row marked ready and the member told through
 * the outbox, in one batch. Safe to run twice for the same export (queues deliver at least once): only
 * the run that moves the row from queued to ready keeps its archive and writes the message; another
 * run deletes what it stored.
 */
import { eq } from "drizzle-orm";
import * as v from "valibot";
import { members } from "../../../db/schema/index.ts";
import { boundStatement, database, type Db } from "../../lib/db.ts";
import { newId } from "../../lib/ids.ts";
import { dispatch, outboxInsert } from "../outbox/outbox.ts";
import { zipStore, type ZipEntry } from "./archive.ts";
import { archivedPath, type ExportMember } from "./exporter.ts";
import { exporters } from "./exporters.ts";
import { indexDocument, jsonValue } from "./index-document.ts";
import { exportTtlMs, findExport } from "./queries.ts";

/** What `data.json` says it is, so a reader (or a later version of the shop) knows the layout. */
export const exportFormat = "lantern-data-export/1";

/** Where the member finds their exports; the only link a notification carries. */
export const exportsPath = "/account/export";

const encoder = new TextEncoder();

/** Every section of the member's data (for `data.json`) and the files that go beside it. */
export async function collectSections(db: Db, env: Env, member: ExportMember): Promise<{ sections: Record<string, unknown>; files: ZipEntry[] }> {
  const sections: Record<string, unknown> = {};
  const files: ZipEntry[] = [];
  for (const exporter of exporters) {
    try {
      sections[exporter.name] = await exporter.export(db, env, member);
      for (const file of (await exporter.files?.(db, env, member)) ?? []) files.push({ name: archivedPath(file.name), data: file.data });
    } catch (error) {
      // Name the section that failed (never the member), so the log says where to look.
      throw new Error(`exporter ${exporter.name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { sections, files };
}

/** The archive for `member`: `data.json`, `index.html` and the files under `files/`. */
export async function buildArchive(db: Db, env: Env, member: ExportMember & { nickname: string }, now: number): Promise<Uint8Array> {
  const { sections, files } = await collectSections(db, env, member);
  const generatedAt = new Date(now);
  const json = JSON.stringify({ format: exportFormat, generatedAt, sections }, null, 2);
  // The index is rendered from the data as written (dates as strings…), so the two cannot disagree.
  const parsed = v.parse(v.object({ sections: v.record(v.string(), jsonValue) }), JSON.parse(json));
  const index = indexDocument({ sections: parsed.sections, locale: member.locale, generatedAt, nickname: member.nickname });
  return zipStore(
    [
      { name: "data.json", data: encoder.encode(json) },
      { name: "index.html", data: encoder.encode(index) },
      ...files,
    ],
    generatedAt,
  );
}

/** The file name a download is saved under: the shop and the day, nothing about the member. */
export const archiveFileName = (readyAt: Date) => `lantern-data-${readyAt.toISOString().slice(0, 10)}.zip`;

/**
 * Builds the archive of a queued export and marks it ready. Returns false when there was nothing to do
 * (already ready, failed, or deleted with the account).
 */
export async function fulfilExport(env: Env, exportId: string, now = Date.now()): Promise<boolean> {
  const db = database(env.DB);
  const row = await findExport(db, exportId);
  if (!row || row.status !== "queued") return false;
  const [member] = await db
    .select({ id: members.id, locale: members.locale, nickname: members.nickname, channel: members.noticeChannel })
    .from(members)
    .where(eq(members.id, row.memberId))
    .limit(1);
  if (!member) return false;

  const archive = await buildArchive(db, env, member, now);
  const objectKey = `exports/${newId("zip").slice(4)}.zip`;
  const readyAt = new Date(now);
  await env.MEDIA.put(objectKey, archive, {
    httpMetadata: { contentType: "application/zip", contentDisposition: `attachment; filename="${archiveFileName(readyAt)}"` },
  });
  const message = await outboxInsert(
    db,
    env.FIELD_KEY,
    { template: "export_ready", channel: member.channel, locale: member.locale, memberId: member.id, params: { path: exportsPath }, dedupeKey: `export:${row.id}` },
    now,
  );
  // One batch: the row moves to ready only from queued, and the message stays only if it did.
  await env.DB.batch([
    env.DB.prepare("UPDATE data_exports SET status = 'ready', ready_at = ?2, expires_at = ?3, object_key = ?4, bytes = ?5 WHERE id = ?1 AND status = 'queued'").bind(
      row.id,
      now,
      now + exportTtlMs,
      objectKey,
      archive.length,
    ),
    boundStatement(env.DB, message.statement.onConflictDoNothing()),
    env.DB.prepare("DELETE FROM outbox WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM data_exports WHERE id = ?2 AND object_key = ?3)").bind(message.id, row.id, objectKey),
  ]);
  const after = await findExport(db, row.id);
  if (after?.objectKey !== objectKey) {
    await env.MEDIA.delete(objectKey);
    return false;
  }
  await dispatch(env.OUTBOX_QUEUE, [message.id]);
  return true;
}
