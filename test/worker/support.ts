import { env, exports } from "cloudflare:workers";
import { seedShop } from "../../db/seed/seed-shop.ts";
import { database } from "../../worker/lib/db.ts";

/** Seeds the demo shop into this test file's own D1/R2 (pictures only when a test needs them). */
export function seedDemoShop(options: { images?: boolean } = {}) {
  return seedShop(database(env.DB), env.MEDIA, { images: options.images ?? false });
}

/** A request through the Worker exactly as a browser would send it. */
export function browse(path: string, init: RequestInit & { language?: string } = {}) {
  const headers = new Headers(init.headers);
  if (!headers.has("Accept")) headers.set("Accept", "text/html");
  headers.set("Accept-Language", init.language ?? "en-GB,en;q=0.9");
  return exports.default.fetch(new Request(`https://shop.test${path}`, { ...init, headers, redirect: "manual" }));
}

/** The visible text of an HTML page, tags stripped and whitespace collapsed, for assertions. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/\s+/g, " ")
    .trim();
}
