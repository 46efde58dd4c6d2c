import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env.ts";
import { sessionCookie } from "../features/accounts/sessions.ts";

/**
 * Where a request's reads may come from (D1's Sessions API). A guest reads from the nearest replica,
 * however far behind it is: nothing they see depends on a write of their own (their choices live in
 * cookies). A signed-in request starts at the primary — its first query is the session lookup every such
 * request makes anyway — and the session's later reads go to replicas at least that fresh, so a
 * member always sees their own cart, orders and settings, from any device, without a bookmark cookie.
 */
export const sessionConstraint = (signedIn: boolean): D1SessionConstraint => (signedIn ? "first-primary" : "first-unconstrained");

/** The D1 binding as the rest of the code knows it, its queries going through `session`. */
function throughSession(db: D1Database, session: D1DatabaseSession): D1Database {
  return {
    prepare: (query) => session.prepare(query),
    batch: (statements) => session.batch(statements),
    // Not part of a session: migrations and maintenance, on the primary.
    exec: (query) => db.exec(query),
    withSession: (constraintOrBookmark) => db.withSession(constraintOrBookmark),
    dump: () => db.dump(),
  };
}

/**
 * Every query of the request through one D1 session (before anything reads D1). Writes always go to
 * the primary; queue consumers and cron jobs use the binding itself, on the primary too. The session
 * opens on the first use of `DB`: most requests for a cached page or an API without data never open one,
 * and the other bindings are not copied (the request's env inherits them).
 */
export const d1Session = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const db = c.env.DB;
    let session: D1Database | undefined;
    const open = () => (session ??= throughSession(db, db.withSession(sessionConstraint(getCookie(c, sessionCookie) !== undefined))));
    c.env = Object.create(c.env, { DB: { get: open, enumerable: true } }) as Env;
    await next();
  });
