/**
 * Members ask for a copy of their data and download it (policy: right of access and portability).
 * Everything here is for the signed-in member and their own exports only: another member's export id
 * answers exactly like an unknown one (404), and a download link also needs its owner to be signed in.
 */
import { Hono, type Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { html } from "htm/preact";
import * as v from "valibot";
import type { AppEnv } from "../../app-env.ts";
import { database } from "../../lib/db.ts";
import { signToken, verifyToken } from "../../lib/signed-token.ts";
import { validate, validatePath } from "../../lib/validation.ts";
import { rateLimit } from "../../middleware/rate-limit.ts";
import { renderPage } from "../../views/render.ts";
import { requireMember } from "../accounts/middleware.ts";
import { readZip } from "./archive.ts";
import { exporters } from "./exporters.ts";
import { downloadable, findMemberExport, memberExports, requestExport, withdrawRequest, type ExportRow } from "./queries.ts";
import type { ExportJob } from "./queue.ts";
import { ExportGonePage, ExportPage, type ExportNotice, type ListedExport } from "./views.ts";

const exportId = v.pipe(v.string(), v.regex(/^exp_[0-9a-z]{16}$/));
const exportParam = v.object({ id: exportId });
const pageQuery = v.object({ requested: v.optional(v.literal("1")) });
/** A file of the archive (`files/…`, see exporter.ts), by the types exporters put there. */
const fileParam = v.object({ id: exportId, name: v.pipe(v.string(), v.maxLength(200), v.regex(/^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_.-]+)*\.(?:webp|svg|png|jpe?g|html)$/)) });
const fileTypes: Record<string, string> = {
  webp: "image/webp",
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  html: "text/html; charset=utf-8",
};
const linkQuery = v.object({ t: v.pipe(v.string(), v.maxLength(500), v.regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)) });

/**
 * A download link names the export and nothing else (its payload is readable, and URLs end up in
 * histories and logs, so no member id); it lapses with the archive, and only works for the signed-in
 * owner, since the export is looked up together with the member.
 */
const exportLink = v.object({ kind: v.literal("export"), export: exportId });

/** Asking costs a queue job and an archive: per client here, per member (one an hour) in D1. */
const clientLimit = rateLimit({ limiter: (env) => env.SHOP_LIMITER, retryAfterSeconds: 60 });

async function listed(env: Env, row: ExportRow, now: number): Promise<ListedExport> {
  if (!downloadable(row, now)) return { ...row, downloadLink: null };
  const ttlSeconds = Math.floor((row.expiresAt.getTime() - now) / 1000);
  const token = await signToken(env.LINK_SECRET, { kind: "export", export: row.id } satisfies v.InferOutput<typeof exportLink>, ttlSeconds, now);
  return { ...row, downloadLink: `/account/export/${row.id}/download?${new URLSearchParams({ t: token })}` };
}

async function exportsPage(c: Context<AppEnv>, notice: ExportNotice, status: 200 | 429 | 503 = 200) {
  const now = Date.now();
  const rows = await memberExports(database(c.env.DB), c.get("member")!.id);
  const exports = await Promise.all(rows.map((row) => listed(c.env, row, now)));
  return renderPage(c, {
    title: c.get("t")("export.title"),
    section: "account",
    status,
    body: html`<${ExportPage} exports=${exports} sections=${exporters.map((exporter) => exporter.name)} notice=${notice} />`,
  });
}

/** The member's own export, downloadable now; an unknown or someone else's id is 404, an expired one says so. */
async function ownArchive(c: Context<AppEnv>, id: string): Promise<R2ObjectBody | Response> {
  const row = await findMemberExport(database(c.env.DB), c.get("member")!.id, id);
  if (!row) throw new HTTPException(404);
  if (!downloadable(row, Date.now())) {
    if (row.status !== "ready") throw new HTTPException(404);
    return renderPage(c, { title: c.get("t")("export.expired.title"), status: 404, body: html`<${ExportGonePage} reason="expired" />` });
  }
  const archive = await c.env.MEDIA.get(row.objectKey);
  if (!archive) throw new HTTPException(404);
  return archive;
}

/** One file of the member's own archive, read from the ZIP in R2 (an export is small: kilobytes to a few MB). */
async function archivedEntry(c: Context<AppEnv>, id: string, name: string): Promise<Uint8Array | Response> {
  const archive = await ownArchive(c, id);
  if (archive instanceof Response) return archive;
  const entry = readZip(new Uint8Array(await archive.arrayBuffer())).get(name);
  if (!entry) throw new HTTPException(404);
  return entry;
}

async function serveArchive(c: Context<AppEnv>, id: string): Promise<Response> {
  const archive = await ownArchive(c, id);
  if (archive instanceof Response) return archive;
  const headers = new Headers();
  archive.writeHttpMetadata(headers);
  headers.set("Content-Length", String(archive.size));
  // A download of personal data: never kept by a shared cache.
  headers.set("Cache-Control", "private, no-store");
  return new Response(archive.body, { headers });
}

export const exportRoutes = new Hono<AppEnv>()
  .use("/account/export", requireMember())
  .use("/account/export/*", requireMember())
  .get("/account/export", validate("query", pageQuery), (c) => exportsPage(c, c.req.valid("query").requested ? { kind: "requested" } : null))
  .post("/account/export", clientLimit, async (c) => {
    const db = database(c.env.DB);
    const requested = await requestExport(c.env.DB, c.get("member")!.id);
    if (!requested.ok) {
      c.header("Retry-After", String(Math.max(1, Math.ceil((requested.retryAt.getTime() - Date.now()) / 1000))));
      return exportsPage(c, { kind: "refused", retryAt: requested.retryAt }, 429);
    }
    try {
      await c.env.EXPORT_QUEUE.send({ id: requested.id } satisfies ExportJob);
    } catch (error) {
      // Nothing would ever build it: take the request back, so the member can ask again at once.
      console.error(JSON.stringify({ event: "export_queue_send_failed", error: error instanceof Error ? error.message : String(error) }));
      await withdrawRequest(db, requested.id);
      return exportsPage(c, { kind: "unavailable" }, 503);
    }
    return c.redirect("/account/export?requested=1", 303);
  })
  .get("/account/export/:id/archive.zip", validatePath(exportParam), (c) => serveArchive(c, c.req.valid("param").id))
  .get("/account/export/:id/download", validatePath(exportParam), validate("query", linkQuery), async (c) => {
    const { id } = c.req.valid("param");
    const link = await verifyToken(c.env.LINK_SECRET, c.req.valid("query").t, exportLink);
    if (!link || link.export !== id) {
      return renderPage(c, { title: c.get("t")("export.link.title"), status: 404, body: html`<${ExportGonePage} reason="link" />` });
    }
    return serveArchive(c, id);
  })
  .get("/account/export/:id/index.html", validatePath(exportParam), async (c) => {
    const index = await archivedEntry(c, c.req.valid("param").id, "index.html");
    if (index instanceof Response) return index;
    c.header("Cache-Control", "private, no-store");
    return c.html(new TextDecoder().decode(index));
  })
  // The files the index links to (relative links), so it reads the same through the shop as unpacked.
  .get("/account/export/:id/files/:name{.+}", validatePath(fileParam), async (c) => {
    const { id, name } = c.req.valid("param");
    const file = await archivedEntry(c, id, `files/${name}`);
    if (file instanceof Response) return file;
    return new Response(file.slice(), {
      headers: { "Content-Type": fileTypes[name.split(".").pop()!] ?? "application/octet-stream", "Cache-Control": "private, no-store" },
    });
  });
