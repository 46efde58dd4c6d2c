/**
 * hls.js as the Worker sees it (wrangler.toml aliases it here). The stream player island is rendered on
 * the server but only ever plays video in the browser, so the library stays out of the Worker's bundle
 * and out of every isolate's start-up.
 */
export default null;
