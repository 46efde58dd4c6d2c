import { Hono, type Context } from "hono";
import { HTTPException } from "hono/http-exception";
import * as v from "valibot";
import type { AppEnv } from "../../app-env.ts";
import { validatePath } from "../../lib/validation.ts";
import { rasterKey, storeVariant, variantFormats, variantObjectKey, variantWidths, type VariantFormat, type VariantWidth } from "./variants.ts";

/** Object keys the shop publishes: lower-case path segments, no `..`, no leading slash. */
const mediaPath = v.object({
  key: v.pipe(v.string(), v.maxLength(300), v.regex(/^[a-z0-9][a-z0-9_-]*(?:\/[a-z0-9][a-z0-9._-]*)*\.(?:png|jpe?g|webp|avif|svg|mp4|webm)$/)),
});

/** `/media/w/<width>/<original key>.<avif|webp>`: a listed width, a raster original, a listed format. */
const variantPath = v.object({
  width: v.pipe(v.picklist(variantWidths.map(String)), v.transform((width) => Number(width) as VariantWidth)),
  key: v.pipe(
    v.string(),
    v.maxLength(310),
    v.check((key) => variantFormats.some((format) => key.endsWith(`.${format}`) && rasterKey.test(key.slice(0, -format.length - 1)))),
    v.transform((key) => {
      const dot = key.lastIndexOf(".");
      return { original: key.slice(0, dot), format: key.slice(dot + 1) as VariantFormat };
    }),
  ),
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

// preact's types pull in the DOM lib, whose CacheStorage hides the Workers-only `default` cache.
const edgeCache = () => (caches as unknown as { default: Cache }).default;

/**
 * An R2 object as the response to this request: content type, ETag with 304 on revalidation, byte
 * ranges, long-lived caching; whole 200s also go into the edge cache. Null when there is no such object.
 */
async function servedObject(c: Context<AppEnv>, key: string): Promise<Response | null> {
  const object = await c.env.MEDIA.get(key, { onlyIf: c.req.raw.headers, range: c.req.raw.headers });
  if (!object) return null;

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
  c.executionCtx.waitUntil(edgeCache().put(c.req.raw, response.clone()));
  return response;
}

/**
 * Public media from R2 at /media/<key>, with the edge cache in front so repeat views do not touch R2;
 * and variants at /media/w/<width>/<key>.<format>, made on their first request and stored in R2, so a
 * picture is encoded once per width and format, ever (keys are content-addressed, so variants are
 * immutable too). The variant route comes first: its paths would also pass as original keys.
 */
export const mediaRoutes = new Hono<AppEnv>()
  .get("/media/w/:width/:key{.+}", validatePath(variantPath), async (c) => {
    const cached = await edgeCache().match(c.req.raw);
    if (cached) return new Response(cached.body, cached);

    const { width, key } = c.req.valid("param");
    const variant = { ...key, width };
    const stored = variantObjectKey(variant);
    const response = (await servedObject(c, stored)) ?? ((await storeVariant(c.env, variant)) ? await servedObject(c, stored) : null);
    if (!response) throw new HTTPException(404);
    return response;
  })
  .get("/media/:key{.+}", validatePath(mediaPath), async (c) => {
    const cached = await edgeCache().match(c.req.raw);
    if (cached) return new Response(cached.body, cached);
    const response = await servedObject(c, c.req.valid("param").key);
    if (!response) throw new HTTPException(404);
    return response;
  });
