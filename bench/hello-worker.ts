/**
 * The ceiling for `npm run bench:ssr`: a Worker with no framework and no middleware, run by the same
 * wrangler/workerd as the shop, so the shop's figures can be read as a share of what workerd itself serves.
 */
export default {
  fetch() {
    return new Response("hello");
  },
};
