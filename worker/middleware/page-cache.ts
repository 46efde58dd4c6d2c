import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env.ts";
import { sessionCookie } from "../features/accounts/sessions.ts";
import type { ConsentState } from "../features/consent/consent-state.ts";
import { needsBanner } from "../features/consent/consent-state.ts";
import { offerSubject } from "../features/consent/record-choice.ts";
import { personalised } from "../features/personalization/personalised.ts";

/**
 * Guest pages from the Workers Cache API: most visitors are guests reading the same pages, so the home
 * page, shelves, product pages and searches are rendered once per variant and served from the edge.
 *
 * - Only GET, only without a session cookie (even an ended one), never personalised (recently viewed,
 *   "For you" and the device's search history vary per visitor), only 200 HTML.
 * - The key holds what changes a guest's HTML and nothing identifying: the path and query, the language,
 *   the consent state as the page shows it (banner or not, the choices, GPC, the change notice), and the
 *   versions of what the page shows (`page_versions`, bumped by triggers when a price, stock, text or
 *   show changes), so a change is on the next request's page.
 * - The stored copy has no Set-Cookie, no request id and no Server-Timing; the layers outside this one (consent, security
 *   headers, language) add theirs to cached and fresh responses alike. The banner's form carries a
 *   subject id offered per visitor: a cached page gets a fresh one on the way out.
 * - Fresh for `freshMs`; after that the page is still served once while a background request renders it
 *   again, up to `storedSeconds`.
 */

/** Guest pages that are the same for every guest with the same language and consent. */
const cacheablePath = /^\/(?:|c\/[a-z0-9-]+|p\/[a-z0-9-]+|search)$/;

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

/** The scopes a page's content depends on: every page lists products or shows; a product page its own. */
function scopesOf(path: string): string[] {
  return path.startsWith("/p/") ? ["listings", `product:${path.slice(3)}`] : ["listings"];
}

/**
 * The versions of `scopes`, read on every request (one small indexed read, from the nearest replica
 * where D1 has them): whoever changed a price a moment ago, anywhere, the next page shows it.
 */
async function versionsOf(d1: D1Database, scopes: string[]): Promise<number[]> {
  const { results } = await d1
    .prepare(`SELECT scope, version FROM page_versions WHERE scope IN (${scopes.map(() => "?").join(", ")})`)
    .bind(...scopes)
    .all<{ scope: string; version: number }>();
  return scopes.map((scope) => results.find((row) => row.scope === scope)?.version ?? 0);
}

/** What of the consent state a page shows: the banner, the choices, GPC and the change notice. */
function consentPart(state: ConsentState): string {
  const decisions = Object.entries(state.decisions).map(([category, d]) => `${category}${+d.allowed}${+d.storage}${d.reason}`);
  const notice = state.status === "current" ? (state.unseenChanges.at(-1)?.version ?? 0) : 0;
  return [needsBanner(state) ? `banner-${state.status}-${state.jurisdiction.zone}` : "answered", `gpc${+state.gpc}`, `v${state.policyVersion}`, `n${notice}`, ...decisions].join(".");
}

async function cacheKey(c: Context<AppEnv>, url: URL): Promise<Request> {
  const path = url.pathname;
  const numbers = await versionsOf(c.env.DB, scopesOf(path));
  const parts = [c.var.locale, consentPart(c.var.consent), numbers.join(".")].map(encodeURIComponent).join("/");
  return new Request(`${url.origin}/.page-cache/${parts}${path}${url.search}`);
}

async function eligible(c: Context<AppEnv>, url: URL): Promise<boolean> {
  return c.req.method === "GET" && cacheablePath.test(url.pathname) && getCookie(c, sessionCookie) === undefined && !(await personalised(c));
}

// preact's types pull in the DOM lib, whose CacheStorage hides the Workers-only `default` cache.
const edgeCache = () => (caches as unknown as { default: Cache }).default;

/** The copy to keep: no cookies, no request id, kept by the cache for `storedSeconds`. */
function storedCopy(response: Response): Response {
  const headers = new Headers(response.headers);
  // Server-Timing described the render that made the copy, not the requests it will answer.
  for (const name of ["Set-Cookie", "X-Request-Id", "Vary", "Cache-Control", "Server-Timing"]) headers.delete(name);
  headers.set("Cache-Control", `public, max-age=${storedSeconds}`);
  headers.set(storedAtHeader, String(Date.now()));
  return new Response(response.body, { status: response.status, headers });
}

/** A cached page as this visitor gets it: the cache's own headers off, a banner subject of their own. */
async function served(c: Context<AppEnv>, hit: Response, status: "HIT" | "STALE"): Promise<Response> {
  const headers = new Headers(hit.headers);
  for (const name of ["Cache-Control", storedAtHeader, "Age", "CF-Cache-Status", "Expires", "ETag", "Last-Modified"]) headers.delete(name);
  headers.set(statusHeader, status);
  headers.set("X-Request-Id", c.var.requestId);
  const response = new Response(hit.body, { status: hit.status, headers });
  if (!needsBanner(c.var.consent) || c.var.consent.choice) return response;
  const subject = await offerSubject(c);
  return new HTMLRewriter().on('input[name="subject"]', { element: (input) => void input.setAttribute("value", subject) }).transform(response);
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
      if (cacheablePath.test(url.pathname)) c.header(statusHeader, "BYPASS");
      return;
    }
    const key = await cacheKey(c, url);
    const refreshing = c.req.header(refreshHeader) === refreshToken();
    if (!refreshing) {
      const hit = await edgeCache().match(key);
      if (hit) {
        const stale = Date.now() - Number(hit.headers.get(storedAtHeader)) > freshMs;
        if (stale) {
          const request = new Request(c.req.raw, { headers: new Headers(c.req.raw.headers) });
          request.headers.set(refreshHeader, refreshToken());
          c.executionCtx.waitUntil(Promise.resolve(refresh(request, c)));
        }
        return served(c, hit, stale ? "STALE" : "HIT");
      }
    }
    await next();
    if (c.res.status === 200 && (c.res.headers.get("Content-Type") ?? "").startsWith("text/html")) {
      const put = edgeCache().put(key, storedCopy(c.res.clone()));
      if (refreshing) {
        await put;
        // The background render is nobody's page view.
        c.res = new Response(null, { status: 204 });
        return;
      }
      c.executionCtx.waitUntil(put);
    }
    c.header(statusHeader, "MISS");
  });

/**
 * Forgets the versions of product pages no cache can still hold (changed over a day ago, pages are kept
 * `storedSeconds`): counting again from 0 cannot meet a page stored under an old number. Nightly.
 */
export async function prunePageVersions(d1: D1Database, now = Date.now()): Promise<number> {
  const result = await d1.prepare("DELETE FROM page_versions WHERE scope LIKE 'product:%' AND changed_at < ?").bind(now - 86_400_000).run();
  return result.meta.changes;
}
