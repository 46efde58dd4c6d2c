import { createMiddleware } from "hono/factory";
import { getCookie } from "hono/cookie";
import { HTTPException } from "hono/http-exception";
import type { MemberRole } from "../../../db/schema/index.ts";
import type { AppEnv } from "../../app-env.ts";
import { database } from "../../lib/db.ts";
import { pagePath } from "../../lib/page-path.ts";
import { expiryHeaders } from "../consent/cookie-jar.ts";
import { findSession, sessionCookie, touchSession } from "./sessions.ts";

/**
 * Who is signed in, on every request: `c.get("member")`, or null. Guests cost nothing (no cookie, no
 * query). Pages for a member are never stored by shared caches, and a cookie whose session has ended is
 * expired.
 */
export const session = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const token = getCookie(c, sessionCookie);
    const db = token ? database(c.env.DB) : null;
    const found = db && token ? await findSession(db, token) : null;
    c.set(
      "member",
      found
        ? { id: found.id, sessionId: found.sessionId, nickname: found.nickname, role: found.role, avatarKey: found.avatarKey, confirmedAt: found.confirmedAt.getTime(), cartCount: found.cartCount }
        : null,
    );
    if (db && found) {
      const touch = touchSession(db, found.sessionId, found.lastSeenAt);
      if (touch) c.executionCtx.waitUntil(touch);
    }
    await next();
    if (found && !/\bpublic\b/.test(c.res.headers.get("Cache-Control") ?? "")) c.res.headers.set("Cache-Control", "private, no-store");
    if (token && !found && !c.res.headers.getSetCookie().some((header) => header.startsWith(`${sessionCookie}=`))) {
      for (const header of expiryHeaders(sessionCookie, new URL(c.req.url))) c.res.headers.append("Set-Cookie", header);
    }
  });

/** Where a guest goes to sign in, coming back to `path` afterwards. */
export const signInPath = (path: string) => `/sign-in?${new URLSearchParams({ next: path })}`;

/**
 * Members only: a guest is sent to sign in and brought back to this very page (APIs answer 401). The one
 * place the rule lives; handlers never check by hand.
 */
export const requireMember = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (!c.get("member")) {
      if (new URL(c.req.url).pathname.startsWith("/api/")) throw new HTTPException(401, { message: "Sign in first." });
      const url = new URL(c.req.url);
      // After a form post, come back to the page the form was on rather than to the POST's address.
      const back = c.req.method === "GET" ? pagePath(url) : localReferer(c.req.header("Referer"), url.origin) ?? "/";
      return c.redirect(signInPath(back), 303);
    }
    await next();
  });

/** Members with one of `roles` only (admins may do everything); others get 403. */
export const requireRole = (...roles: MemberRole[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const member = c.get("member");
    if (!member) return requireMember()(c, next);
    if (member.role !== "admin" && !roles.includes(member.role)) throw new HTTPException(403, { message: "Not allowed." });
    await next();
  });

function localReferer(referer: string | undefined, origin: string): string | null {
  if (!referer) return null;
  try {
    const url = new URL(referer);
    return url.origin === origin ? url.pathname + url.search : null;
  } catch {
    return null;
  }
}
