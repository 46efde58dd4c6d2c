import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import * as v from "valibot";
import type { AppEnv } from "../../app-env.ts";
import { validatePath } from "../../lib/validation.ts";

/** Object keys the shop publishes: lower-case path segments, no `..`, no leading slash. */
const mediaPath = v.object({
  key: v.pipe(v.string(), v.maxLength(300), v.regex(/^[a-z0-9][a-z0-9_-]*(?:\/[a-z0-9][a-z0-9._-]*)*\.(?:png|jpe?g|webp|avif|svg|mp4|webm)$/)),
});

/** Media keys are content-addressed (a new picture gets a new key), so caches may keep them for a year. */
const cacheControl = "public, max-age=31536000, immutable";

/** The bytes R2 returned for a range. Local R2 reports ranges with every field present, unset ones undefined. */
function resolveRange(range: R2Range, size: number): { offset: number; length: number } {
  if ("suffix" in range && range.suffix !== undefined) {
    const length = Math.min(range.suffix, size);
    return { offset: size - length, length };
  }
  const offset = "offset" in range ? (range.offset ?? 0) : 0;
  const length = "length" in range ? range.length : undefined;
  return { offset, length: Math.min(length ?? size - offset, size - offset) };
}

/**
 * Public media from R2 at /media/<key>: correct content type, ETag with 304 on revalidation, range
 * requests, long-lived caching, and the edge cache in front so repeat views do not touch R2.
 */
export const mediaRoutes = new Hono<AppEnv>().get("/media/:key{.+}", validatePath(mediaPath), async (c) => {
  // preact's types pull in the DOM lib, whose CacheStorage hides the Workers-only `default` cache.
  const cache = (caches as unknown as { default: Cache }).default;
  const cached = await cache.match(c.req.raw);
  if (cached) return new Response(cached.body, cached);

  const key = c.req.valid("param").key;
  const object = await c.env.MEDIA.get(key, { onlyIf: c.req.raw.headers, range: c.req.raw.headers });
  if (!object) throw new HTTPException(404);

  const headers = new Headers();
  object.writeHttpMetadata(headers);
  headers.set("ETag", object.httpEtag);
  headers.set("Cache-Control", cacheControl);
  headers.set("Accept-Ranges", "bytes");
  if (!("body" in object)) return new Response(null, { status: 304, headers });

  if (object.range && c.req.header("Range")) {
    const { offset, length } = resolveRange(object.range, object.size);
    headers.set("Content-Range", `bytes ${offset}-${offset + length - 1}/${object.size}`);
    headers.set("Content-Length", String(length));
    return new Response(object.body, { status: 206, headers });
  }
  headers.set("Content-Length", String(object.size));
  const response = new Response(object.body, { status: 200, headers });
  c.executionCtx.waitUntil(cache.put(c.req.raw, response.clone()));
  return response;
});
