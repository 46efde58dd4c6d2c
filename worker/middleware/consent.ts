import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { getCookie } from "hono/cookie";
import type { AppEnv } from "../app-env.ts";
import { buildConsentState, consentCookiePayload } from "../features/consent/consent-state.ts";
import { enforceCookies } from "../features/consent/cookie-jar.ts";
import { jurisdictionOf } from "../features/consent/jurisdiction.ts";
import { noteExpiry } from "../features/consent/record-choice.ts";
import { ensurePolicyPublished, publishingDue } from "../features/privacy/publish-policy.ts";
import { cachedPolicyVersions, listPolicyVersions } from "../features/privacy/queries.ts";
import { policyDrafts } from "../../db/policy/index.ts";
import { database } from "../lib/db.ts";
import { verifyToken } from "../lib/signed-token.ts";

export const consentCookie = "consent";

export class UnregisteredCookieError extends Error {}

/** Where the visitor is, by Cloudflare's geolocation where the deployment trusts it, else unknown (the strictest rules). */
function jurisdictionFor(c: Context<AppEnv>) {
  if (c.env.TRUST_CF_COUNTRY !== "true") return jurisdictionOf(null);
  const cf = c.req.raw.cf as { country?: string; region?: string } | undefined;
  return jurisdictionOf(cf?.country, cf?.region);
}

/**
 * The consent layer at the edge, on every response the Worker makes (pages, APIs, errors, redirects,
 * media). Before the handler it works out what the visitor allows (their signed choice, Global Privacy
 * Control, the country's rules, the policy versions); after it, it lets through only Set-Cookie
 * headers of registered cookies in allowed categories, and expires allowed-no-longer ones the browser
 * still sends. An unregistered cookie is dropped and logged in production and fails the request
 * everywhere else, so the mistake cannot ship.
 */
export const consent = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const now = Date.now();
    // Most requests find both the publishing done and the versions in the isolate's copy: no database.
    if (publishingDue(now)) await ensurePolicyPublished(database(c.env.DB), policyDrafts, now);
    const token = getCookie(c, consentCookie);
    const versions = cachedPolicyVersions(now) ?? (await listPolicyVersions(database(c.env.DB), now));
    const choice = token ? await verifyToken(c.env.COOKIE_SECRET, token, consentCookiePayload) : null;
    const state = buildConsentState({ choice, gpc: c.req.header("Sec-GPC") === "1", jurisdiction: jurisdictionFor(c), versions, now });
    c.set("consent", state);

    await next();

    // Shared caches may keep public responses (media): they must never carry anyone's cookie headers or
    // vary per visitor. Expiries wait for the visitor's next page instead.
    const shared = /\bpublic\b/.test(c.res.headers.get("Cache-Control") ?? "");
    // Otherwise what the page says depends on the consent cookie and the browser's GPC signal.
    if (!shared) c.res.headers.append("Vary", "Cookie, Sec-GPC");
    // Handlers may have changed the visitor's choice (c.get("consent")): enforce what holds now.
    const decided = c.get("consent");
    const page = () => c.req.method === "GET" && (c.res.headers.get("Content-Type") ?? "").startsWith("text/html");
    if (decided.status === "expired" && page()) await noteExpiry(c, decided);
    const setCookies = c.res.headers.getSetCookie();
    const requestCookieNames = shared ? [] : Object.keys(getCookie(c));
    // Nothing set and nothing sent (a guest's first page, most API calls): nothing to enforce.
    if (setCookies.length === 0 && requestCookieNames.length === 0) return;
    const result = enforceCookies({ setCookies, requestCookieNames, decisions: decided.decisions, url: new URL(c.req.url) });
    if (result.unregistered.length > 0) {
      const message = `cookie(s) not in the registry: ${result.unregistered.join(", ")}`;
      if (c.env.APP_ENV !== "production") {
        // Hono copies the failed response's headers onto the error page: take the cookies off first.
        c.res.headers.delete("Set-Cookie");
        throw new UnregisteredCookieError(message);
      }
      console.warn(JSON.stringify({ requestId: c.get("requestId"), dropped: result.unregistered, reason: "unregistered" }));
    }
    if (result.refused.length > 0 || result.unregistered.length > 0 || result.expiries.length > 0) {
      c.res.headers.delete("Set-Cookie");
      for (const header of [...result.kept, ...result.expiries]) c.res.headers.append("Set-Cookie", header);
    }
  });
