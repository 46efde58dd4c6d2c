import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env.ts";
import { sessionCookie } from "../features/accounts/sessions.ts";
import type { ConsentState } from "../features/consent/consent-state.ts";
import { needsBanner } from "../features/consent/consent-state.ts";
import { offerSubject } from "../features/consent/record-choice.ts";
import { personalised } from "../features/personalization/personalised.ts";
import { pagePath } from "../lib/page-path.ts";

/**
 * Guest pages from the Workers Cache API: most visitors are guests reading the same pages, so the home
 * page, shelves, product pages, searches and the shows page are rendered once per variant and served from
 * the edge. A show's own page is not: what it sells counts down by the second.
 *
 * - Only GET, only without a session cookie (even an ended one), never personalised (recently viewed,
 *   "For you" and the device's search history vary per visitor), only 200 HTML.
 * - The key holds what changes a guest's HTML and nothing identifying: the path and query (less tracking
 *   parameters such as `utm_*` and click ids, which pages do not show), the language,
 *   the consent state as the page shows it (banner or not, the choices, GPC, the change notice), and the
 *   versions of what the page shows (`page_versions`, bumped by triggers when a price, stock, text or
 *   show changes). An isolate reads a version at most once per `versionsMs` and forgets them all after
 *   any write it serves: a change is on every guest's page within a second, on the writer's isolate at once.
 * - Two tiers: the isolate's memory (no I/O at all: most requests of a busy page end there) in front of
 *   the colo's Cache API, which isolates share.
 * - The stored copy has no Set-Cookie, no request id and no Server-Timing; the layers outside this one
 *   (consent, security headers, language) add theirs to cached and fresh responses alike. The banner's
 *   form carries a subject id offered per visitor: a cached page gets a fresh one spliced in on the way out.
 * - Fresh for `freshMs`; after that the page is still served once while a background request renders it
 *   again, up to `storedSeconds`.
 */

/** Guest pages that are the same for every guest with the same language and consent. */
const cacheablePath = /^\/(?:|c\/[a-z0-9-]+|p\/[a-z0-9-]+|search|live)$/;

export const freshMs = 30_000;
const storedSeconds = 300;
/**
 * Marks this isolate's own background renders; unguessable, so no visitor can force one. Made on first
 * use: Workers refuse random values at global scope.
 */
let isolateToken: string | undefined;
const refreshToken = () => (isolateToken ??= crypto.randomUUID());
const refreshHeader = "X-Page-Cache-Refresh";
const storedAtHeader = "X-Page-Stored-At";
export const statusHeader = "X-Page-Cache";

/** How long an isolate trusts a version it read: the longest a change waits to reach a cached page. */
export const versionsMs = 1_000;
/** Versions this isolate read, and when. */
const knownVersions = new Map<string, { version: number; readAt: number }>();
/** The memory tier's budget per isolate (of its 128 MB), in bytes of HTML. */
const memoryBudget = 8 * 1024 * 1024;

/** The scopes a page's content depends on: every page lists products or shows; a product page its own. */
function scopesOf(path: string): string[] {
  return path.startsWith("/p/") ? ["listings", `product:${path.slice(3)}`] : ["listings"];
}

/**
 * The versions of `scopes`: those this isolate read less than `versionsMs` ago from memory, the rest in one
 * small indexed read (from the nearest replica where D1 has them).
 */
async function versionsOf(d1: D1Database, scopes: string[], now = Date.now()): Promise<number[]> {
  const known = scopes.map((scope) => knownVersions.get(scope));
  const missing = scopes.filter((_, index) => !known[index] || now - known[index].readAt >= versionsMs);
  if (missing.length === 0) return known.map((entry) => entry!.version);
  const { results } = await d1
    .prepare(`SELECT scope, version FROM page_versions WHERE scope IN (${missing.map(() => "?").join(", ")})`)
    .bind(...missing)
    .all<{ scope: string; version: number }>();
  for (const scope of missing) knownVersions.set(scope, { version: results.find((row) => row.scope === scope)?.version ?? 0, readAt: now });
  return scopes.map((scope) => knownVersions.get(scope)!.version);
}

/** What of the consent state a page shows: the banner, the choices, GPC and the change notice. */
function consentPart(state: ConsentState): string {
  const decisions = Object.entries(state.decisions).map(([category, d]) => `${category}${+d.allowed}${+d.storage}${d.reason}`);
  const notice = state.status === "current" ? (state.unseenChanges.at(-1)?.version ?? 0) : 0;
  return [needsBanner(state) ? `banner-${state.status}-${state.jurisdiction.zone}` : "answered", `gpc${+state.gpc}`, `v${state.policyVersion}`, `n${notice}`, ...decisions].join(".");
}

async function cacheKey(c: Context<AppEnv>, url: URL): Promise<string> {
  const path = url.pathname;
  const numbers = await versionsOf(c.env.DB, scopesOf(path));
  const parts = [c.get("locale"), consentPart(c.get("consent")), numbers.join(".")].map(encodeURIComponent).join("/");
  // Not keyed on tracking parameters: pages do not show them, and they can identify a visitor.
  return `${url.origin}/.page-cache/${parts}${pagePath(url)}`;
}

async function eligible(c: Context<AppEnv>, url: URL): Promise<boolean> {
  return c.req.method === "GET" && cacheablePath.test(url.pathname) && getCookie(c, sessionCookie) === undefined && !(await personalised(c));
}

// preact's types pull in the DOM lib, whose CacheStorage hides the Workers-only `default` cache.
const edgeCache = () => (caches as unknown as { default: Cache }).default;

/** Headers a stored page does not keep: they are per response, per visitor or the cache's own. */
const perResponse = ["Set-Cookie", "X-Request-Id", "Vary", "Cache-Control", "Server-Timing", "Age", "CF-Cache-Status", "Expires", "ETag", "Last-Modified", storedAtHeader];
const dropped = new Set(perResponse.map((name) => name.toLowerCase()));

/**
 * A page as kept in memory: its HTML as UTF-8, cut around the banner's subject id (where the page has
 * one), its headers, and when it was rendered. Bytes, not a string: a response made of a string encodes
 * it again every time.
 */
type Page = { html: [Uint8Array<ArrayBuffer>] | [Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>]; headers: [string, string][]; storedAt: number; size: number };

/** Pages this isolate is rendering again in the background, by key. */
const renderingAgain = new Set<string>();

/** This isolate's pages, least recently served first, within `memoryBudget`. */
const memory = new Map<string, Page>();
let memorySize = 0;

function remember(key: string, page: Page): void {
  forget(key);
  memory.set(key, page);
  memorySize += page.size;
  for (const [oldest, entry] of memory) {
    if (memorySize <= memoryBudget) break;
    memory.delete(oldest);
    memorySize -= entry.size;
  }
}

function forget(key: string): void {
  const entry = memory.get(key);
  if (entry) memorySize -= entry.size;
  memory.delete(key);
}

const subjectValue = /(<input type="hidden" name="subject" value=")[^"]*(")/;
const utf8 = new TextEncoder();

function pageOf(html: string, headers: Headers, storedAt: number): Page {
  const subject = subjectValue.exec(html);
  const kept: [string, string][] = [];
  headers.forEach((value, name) => void (dropped.has(name) || kept.push([name, value])));
  const parts = subject ? [html.slice(0, subject.index + subject[1]!.length), html.slice(subject.index + subject[0].length - subject[2]!.length)] : [html];
  const bytes = parts.map((part) => utf8.encode(part)) as Page["html"];
  return { html: bytes, headers: kept, storedAt, size: bytes.reduce((total, part) => total + part.byteLength, 0) };
}

/** The copy for the Cache API: the kept page (its banner with no subject), kept by the cache for `storedSeconds`. */
function storedCopy(page: Page): Response {
  const headers = new Headers(page.headers);
  headers.set("Cache-Control", `public, max-age=${storedSeconds}`);
  headers.set(storedAtHeader, String(page.storedAt));
  return new Response(new Blob(page.html), { status: 200, headers });
}

/**
 * A kept page's body as one visitor gets it: a banner subject of their own where the page has the banner.
 * Joined by the runtime, and a copy: the kept bytes stay the isolate's whatever a response does with its body.
 */
const bodyOf = (page: Page) => new Blob(page.html.length === 1 ? page.html : [page.html[0], offerSubject(), page.html[1]]);

/** A kept page as this visitor gets it, from memory or the Cache API. */
function served(c: Context<AppEnv>, page: Page, status: "HIT" | "STALE"): Response {
  const headers = new Headers(page.headers);
  headers.set(statusHeader, status);
  headers.set("X-Request-Id", c.get("requestId"));
  return new Response(bodyOf(page), { status: 200, headers });
}

/** The page under `key` from memory, else from the Cache API (then kept in memory too), else null. */
async function lookUp(key: string): Promise<Page | null> {
  const kept = memory.get(key);
  // As long as the Cache API would keep it, so a page whose renders keep failing is not served for ever.
  if (kept && Date.now() - kept.storedAt > storedSeconds * 1000) forget(key);
  else if (kept) {
    // Most recently served last: the budget evicts from the front.
    memory.delete(key);
    memory.set(key, kept);
    return kept;
  }
  const hit = await edgeCache().match(key);
  if (!hit) return null;
  const page = pageOf(await hit.text(), hit.headers, Number(hit.headers.get(storedAtHeader)));
  remember(key, page);
  return page;
}

/**
 * `refresh` renders a page again in the background (the app itself, given a request): passed in by the
 * app, which this middleware is part of.
 */
export const pageCache = (refresh: (request: Request, c: Context<AppEnv>) => Response | Promise<Response>) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const url = new URL(c.req.url);
    if (!(await eligible(c, url))) {
      await next();
      // A write may have changed what pages show: read versions afresh before trusting any again.
      if (c.req.method !== "GET" && c.req.method !== "HEAD") knownVersions.clear();
      if (cacheablePath.test(url.pathname)) c.res.headers.set(statusHeader, "BYPASS");
      return;
    }
    const key = await cacheKey(c, url);
    const refreshing = c.req.header(refreshHeader) === refreshToken();
    if (!refreshing) {
      const page = await lookUp(key);
      if (page) {
        const stale = Date.now() - page.storedAt > freshMs;
        // One render per page at a time in an isolate: a busy stale page is not rendered by every visitor's request.
        if (stale && !renderingAgain.has(key)) {
          const request = new Request(c.req.raw, { headers: new Headers(c.req.raw.headers) });
          request.headers.set(refreshHeader, refreshToken());
          renderingAgain.add(key);
          c.executionCtx.waitUntil(Promise.resolve(refresh(request, c)).finally(() => renderingAgain.delete(key)));
        }
        return served(c, page, stale ? "STALE" : "HIT");
      }
    }
    await next();
    if (c.res.status === 200 && (c.res.headers.get("Content-Type") ?? "").startsWith("text/html")) {
      // Encoded once: memory keeps these bytes, the Cache API and this visitor get copies of them.
      const page = pageOf(await c.res.text(), c.res.headers, Date.now());
      remember(key, page);
      const put = edgeCache().put(key, storedCopy(page));
      if (refreshing) {
        await put;
        // The background render is nobody's page view.
        c.res = new Response(null, { status: 204 });
        return;
      }
      c.executionCtx.waitUntil(put);
      c.res = new Response(bodyOf(page), c.res);
    }
    c.res.headers.set(statusHeader, "MISS");
  });

/**
 * Forgets the versions of product pages no cache can still hold (changed over a day ago, pages are kept
 * `storedSeconds`): counting again from 0 cannot meet a page stored under an old number. Nightly.
 */
export async function prunePageVersions(d1: D1Database, now = Date.now()): Promise<number> {
  const result = await d1.prepare("DELETE FROM page_versions WHERE scope LIKE 'product:%' AND changed_at < ?").bind(now - 86_400_000).run();
  return result.meta.changes;
}
