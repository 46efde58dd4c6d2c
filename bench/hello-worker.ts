/**
 * The ceiling for `npm run bench:ssr`: a Worker with no framework and no middleware, run by the same
 * wrangler/workerd as the shop, so the shop's figures can be read as a share of what workerd itself serves.
 * - `/with-headers` answers the same with the response headers the shop's cheapest route sends (the
 *   SHOP_HEADERS var, set by the bench): what those bytes cost workerd, the dev proxy and the client alone.
 * - `/page-sized` answers with as many bytes as the shop's product page and that page's headers (the
 *   PAGE_BYTES and PAGE_HEADERS vars): what moving a page costs, whatever makes it.
 */
type HelloEnv = { SHOP_HEADERS?: string; PAGE_HEADERS?: string; PAGE_BYTES?: string };

let shopHeaders: [string, string][] | undefined;
let page: { bytes: Uint8Array<ArrayBuffer>; headers: [string, string][] } | undefined;

export default {
  fetch(request: Request, env: HelloEnv) {
    if (request.url.endsWith("/page-sized")) {
      page ??= { bytes: new Uint8Array(Number(env.PAGE_BYTES ?? 0)).fill(0x61), headers: JSON.parse(env.PAGE_HEADERS ?? "[]") as [string, string][] };
      // A copy per response, as the shop's page cache gives each visitor.
      return new Response(page.bytes.slice(), { headers: page.headers });
    }
    if (!request.url.endsWith("/with-headers")) return new Response("hello");
    shopHeaders ??= JSON.parse(env.SHOP_HEADERS ?? "[]") as [string, string][];
    return new Response("hello", { headers: shopHeaders });
  },
};
