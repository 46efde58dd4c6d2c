/**
 * Setting registered cookies, and the edge's enforcement pass over a response's Set-Cookie headers.
 */
import type { Context } from "hono";
import { setCookie } from "hono/cookie";
import type { AppEnv } from "../../app-env.ts";
import type { Decision } from "./consent-state.ts";
import { registeredCookie, type CookieCategory, type CookieName } from "./cookie-registry.ts";

const isHttps = (c: Context<AppEnv>) => new URL(c.req.url).protocol === "https:";

/** Sets a cookie with the attributes its registry entry gives it (lifetime, HttpOnly, SameSite, path). */
export function setRegisteredCookie(c: Context<AppEnv>, name: CookieName, value: string, maxAgeSeconds?: number): void {
  const entry = registeredCookie(name)!;
  setCookie(c, name, value, {
    path: entry.path,
    httpOnly: entry.httpOnly,
    sameSite: entry.sameSite,
    secure: isHttps(c),
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : entry.maxAgeSeconds !== null ? { maxAge: entry.maxAgeSeconds } : {}),
  });
}

export const cookieName = (setCookieHeader: string) => setCookieHeader.split("=", 1)[0]!.trim();

/** Paths a cookie sent on `path` may have been set with: "/", "/a", "/a/b"… (at most five). */
function pathVariants(path: string): string[] {
  const segments = path.split("/").filter(Boolean).slice(0, 4);
  return ["/", ...segments.map((_, index) => `/${segments.slice(0, index + 1).join("/")}`)];
}

/** Domains a cookie sent to `host` may have been set for: host-only, the host, and its parent domains. */
function domainVariants(host: string): (string | null)[] {
  if (/^[\d.]+$/.test(host) || host.startsWith("[") || !host.includes(".")) return [null];
  const labels = host.split(".");
  const parents = labels.slice(0, -1).map((_, index) => labels.slice(index).join(".")).filter((domain) => domain.includes("."));
  return [null, ...parents];
}

/** Set-Cookie values that delete `name` in every path/domain variant it could have been set with. */
export function expiryHeaders(name: string, url: URL): string[] {
  const secure = url.protocol === "https:" ? "; Secure" : "";
  return pathVariants(url.pathname).flatMap((path) =>
    domainVariants(url.hostname).map(
      (domain) =>
        `${name}=; Path=${path}${domain ? `; Domain=${domain}` : ""}; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax${secure}`,
    ),
  );
}

export type Enforcement = {
  /** Set-Cookie headers allowed through unchanged. */
  kept: string[];
  /** Names dropped because their category is not allowed. */
  refused: string[];
  /** Names dropped because they are not in the registry at all. */
  unregistered: string[];
  /** Expiry headers for registered cookies the browser still holds but may no longer keep. */
  expiries: string[];
};

/**
 * Decides what of a response's cookies may reach the browser: registered cookies of allowed categories
 * only. Registered cookies the request carried whose category is no longer allowed are expired.
 */
export function enforceCookies(input: {
  setCookies: string[];
  requestCookieNames: string[];
  decisions: Record<CookieCategory, Decision>;
  url: URL;
}): Enforcement {
  const result: Enforcement = { kept: [], refused: [], unregistered: [], expiries: [] };
  const setNames = new Set<string>();
  for (const header of input.setCookies) {
    const name = cookieName(header);
    const entry = registeredCookie(name);
    if (!entry) result.unregistered.push(name);
    else if (input.decisions[entry.category].storage || /Max-Age=0(?:;|$)/i.test(header)) {
      result.kept.push(header);
      setNames.add(name);
    } else result.refused.push(name);
  }
  for (const name of new Set(input.requestCookieNames)) {
    const entry = registeredCookie(name);
    if (entry && !input.decisions[entry.category].storage && !setNames.has(name)) result.expiries.push(...expiryHeaders(name, input.url));
  }
  return result;
}
