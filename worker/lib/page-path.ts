/**
 * Query parameters that only tell an ad network or a mailing tool which click brought a visitor (`utm_*`,
 * click ids). The shop reads none of them, and a click id identifies the click, so the person, to whoever
 * set it: pages do not repeat them in their links and forms, and the page cache does not key on them, so a
 * campaign's visitors share the cached page.
 */
const trackingNames = "utm_[^&=]*|gclid|gbraid|wbraid|dclid|fbclid|msclkid|yclid|twclid|ttclid|li_fat_id|mc_cid|mc_eid|igshid|_ga|_gl|srsltid|epik|rdt_cid|sccid";
const trackingParameter = new RegExp(`^(?:${trackingNames})$`, "i");
/** Whether a query may hold one, without parsing it: most have none. */
const mayTrack = new RegExp(`[?&](?:${trackingNames})(?:[=&]|$)`, "i");

/** The path and query of `url` as the shop uses them: without tracking parameters, otherwise as sent. */
export function pagePath(url: URL): string {
  if (!mayTrack.test(url.search)) return url.pathname + url.search;
  const params = new URLSearchParams(url.search);
  const tracking: string[] = [];
  params.forEach((_, name) => void (trackingParameter.test(name) && tracking.push(name)));
  if (tracking.length === 0) return url.pathname + url.search;
  for (const name of tracking) params.delete(name);
  const search = params.toString();
  return search ? `${url.pathname}?${search}` : url.pathname;
}
