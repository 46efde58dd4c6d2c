/**
 * Sessions: an opaque random token in an HttpOnly cookie; the database keeps only its SHA-256, so a
 * copy of the database signs nobody in. A new token at every sign-in (no fixation), an idle limit and an
 * absolute one, and "last seen" written at most every few minutes rather than on every request.
 */
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { and, desc, eq, gt, ne, sql } from "drizzle-orm";
import { cartItems, members, sessions, type MemberRole } from "../../../db/schema/index.ts";
import type { AppEnv } from "../../app-env.ts";
import { encodeBase64Url } from "../../lib/base64url.ts";
import type { Db } from "../../lib/db.ts";
import { database } from "../../lib/db.ts";
import { sha256Hex } from "../../lib/hash.ts";
import { newId } from "../../lib/ids.ts";
import { expiryHeaders, setRegisteredCookie } from "../consent/cookie-jar.ts";

export const sessionCookie = "lantern_session";
const day = 86_400_000;
/** Signed out after a week without a visit… */
export const sessionIdleMs = 7 * day;
/** …and after 30 days whatever happens (NIST SP 800-63B rev. 4 asks AAL1 to re-authenticate monthly). */
export const sessionMaxMs = 30 * day;
const touchEveryMs = 5 * 60_000;
/** How long after signing in (or confirming with a code) a member may change their phone or password without the current password. */
export const confirmationWindowMs = 10 * 60_000;

/** The signed-in member as every handler and view sees them: nothing but what pages show. */
export type SignedIn = {
  id: string;
  sessionId: string;
  nickname: string;
  role: MemberRole;
  avatarKey: string;
  /** When the member last proved it was them on this session (ms). */
  confirmedAt: number;
  /** Units in the member's cart, for the header (read with the session, no extra query). */
  cartCount: number;
};

/** Whether the member proved it was them recently enough for a sensitive change. */
export const recentlyConfirmed = (member: SignedIn, now = Date.now()) => now - member.confirmedAt < confirmationWindowMs;

/** "Chrome on macOS": enough to recognise a device in the sessions list, and nothing more. */
export function deviceLabel(userAgent: string | undefined): string {
  const ua = userAgent ?? "";
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /OPR\//.test(ua)
      ? "Opera"
      : /Firefox\//.test(ua)
        ? "Firefox"
        : /Chrome\/|Chromium\//.test(ua)
          ? "Chrome"
          : /Safari\//.test(ua)
            ? "Safari"
            : "Browser";
  const system = /Android/.test(ua)
    ? "Android"
    : /iPhone|iPad/.test(ua)
      ? "iOS"
      : /Mac OS X/.test(ua)
        ? "macOS"
        : /Windows/.test(ua)
          ? "Windows"
          : /Linux/.test(ua)
            ? "Linux"
            : "another system";
  return `${browser} · ${system}`;
}

const tokenHash = (token: string) => sha256Hex(token);

/**
 * Signs `memberId` in on this browser: a fresh token (any session the browser already had is ended, so a
 * planted cookie never becomes a signed-in one), stored hashed, sent as the session cookie.
 */
export async function startSession(c: Context<AppEnv>, memberId: string, now = Date.now()): Promise<string> {
  const db = database(c.env.DB);
  const token = encodeBase64Url(crypto.getRandomValues(new Uint8Array(32)));
  const id = newId("ses");
  const previous = getCookie(c, sessionCookie);
  await db.batch([
    db.insert(sessions).values({
      id,
      memberId,
      tokenHash: await tokenHash(token),
      device: deviceLabel(c.req.header("User-Agent")),
      createdAt: new Date(now),
      lastSeenAt: new Date(now),
      expiresAt: new Date(now + sessionMaxMs),
      confirmedAt: new Date(now),
    }),
    ...(previous ? [db.delete(sessions).where(eq(sessions.tokenHash, await tokenHash(previous)))] : []),
  ]);
  setRegisteredCookie(c, sessionCookie, token);
  return id;
}

/** The member a session cookie belongs to, when the session is still valid (one query). */
export async function findSession(db: Db, token: string, now = Date.now()) {
  const [row] = await db
    .select({
      sessionId: sessions.id,
      lastSeenAt: sessions.lastSeenAt,
      confirmedAt: sessions.confirmedAt,
      id: members.id,
      nickname: members.nickname,
      role: members.role,
      avatarKey: members.avatarKey,
      cartCount: sql<number>`(SELECT coalesce(sum(${cartItems.quantity}), 0) FROM ${cartItems} WHERE ${cartItems.memberId} = ${members.id})`.mapWith(Number),
    })
    .from(sessions)
    .innerJoin(members, eq(members.id, sessions.memberId))
    .where(and(eq(sessions.tokenHash, await tokenHash(token)), gt(sessions.expiresAt, new Date(now)), gt(sessions.lastSeenAt, new Date(now - sessionIdleMs))))
    .limit(1);
  return row ?? null;
}

/** Notes that a session was used, at most every few minutes (the idle limit counts from it). */
export function touchSession(db: Db, sessionId: string, lastSeenAt: Date, now = Date.now()): Promise<unknown> | null {
  if (now - lastSeenAt.getTime() < touchEveryMs) return null;
  return db.update(sessions).set({ lastSeenAt: new Date(now) }).where(eq(sessions.id, sessionId));
}

/** Signs this browser out: the session row goes, and the cookie is expired. */
export async function endSession(c: Context<AppEnv>): Promise<void> {
  const token = getCookie(c, sessionCookie);
  if (token) await database(c.env.DB).delete(sessions).where(eq(sessions.tokenHash, await tokenHash(token)));
  for (const header of expiryHeaders(sessionCookie, new URL(c.req.url))) c.header("Set-Cookie", header, { append: true });
}

export function listSessions(db: Db, memberId: string, now = Date.now()) {
  return db
    .select({ id: sessions.id, device: sessions.device, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .where(and(eq(sessions.memberId, memberId), gt(sessions.expiresAt, new Date(now)), gt(sessions.lastSeenAt, new Date(now - sessionIdleMs))))
    .orderBy(desc(sessions.lastSeenAt));
}

/** Notes that the member just proved it was them on this session (a code to their phone). */
export function confirmSession(db: Db, sessionId: string, now = Date.now()) {
  return db.update(sessions).set({ confirmedAt: new Date(now) }).where(eq(sessions.id, sessionId));
}

/** Ends one of the member's own sessions; another member's session id changes nothing. */
export async function revokeSession(db: Db, memberId: string, sessionId: string): Promise<boolean> {
  const removed = await db
    .delete(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.memberId, memberId)))
    .returning({ id: sessions.id });
  return removed.length > 0;
}

/** Ends every session of the member but `keep` (this browser's), e.g. after a password change. */
export function revokeOtherSessions(db: Db, memberId: string, keep: string | null) {
  return db.delete(sessions).where(keep ? and(eq(sessions.memberId, memberId), ne(sessions.id, keep)) : eq(sessions.memberId, memberId));
}
