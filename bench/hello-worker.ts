/**
 * The ceiling for `npm run bench:ssr`: a Worker with no framework and no middleware, run by the same
 * wrangler/workerd as the shop, so the shop's figures can be read as a share of what workerd itself serves.
 * `/with-headers` answers the same with the response headers the shop's cheapest route sends (the
 * SHOP_HEADERS var, set by the bench): what those bytes cost workerd, the dev proxy and the client alone.
 */
type HelloEnv = { SHOP_HEADERS?: string };

let shopHeaders: [string, string][] | undefined;

export default {
  fetch(request: Request, env: HelloEnv) {
    if (!request.url.endsWith("/with-headers")) return new Response("hello");
    shopHeaders ??= JSON.parse(env.SHOP_HEADERS ?? "[]") as [string, string][];
    return new Response("hello", { headers: shopHeaders });
  },
};
