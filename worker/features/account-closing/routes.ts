/**
 * Closing the account: the page that says what is erased and what is kept, the request (re-authenticated
 * like any sensitive change), and "Keep my account" during the grace period. Members only; a member can
 * only ever close or keep their own account.
 */
import { Hono, type Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { html } from "htm/preact";
import * as v from "valibot";
import type { AppEnv } from "../../app-env.ts";
import { database } from "../../lib/db.ts";
import { formatDateTime } from "../../lib/dates.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import { rateLimit } from "../../middleware/rate-limit.ts";
import { renderPage } from "../../views/render.ts";
import { parseForm, type FormState } from "../accounts/forms.ts";
import { requireMember } from "../accounts/middleware.ts";
import { verifyPassword } from "../accounts/password-hash.ts";
import { normalizePassword, passwordLimits } from "../accounts/password-policy.ts";
import { getProfile } from "../accounts/queries.ts";
import { confirmationWindowMs, recentlyConfirmed, revokeOtherSessions } from "../accounts/sessions.ts";
import { dispatch, outboxInsert } from "../outbox/outbox.ts";
import { cancelClosing, closingDueAt, closingGraceMs, openOrderCount, scheduleClosing } from "./queries.ts";
import { ClosePage } from "./views.ts";

/** The current password, left out when the member signed in or confirmed with a code moments ago. */
const closeForm = v.object({ current: v.optional(v.pipe(v.string(), v.maxLength(passwordLimits.max * 4, "form.password.too_long")), "") });
const closePageQuery = v.object({ kept: v.optional(v.literal("1")) });

/** Password guesses against one account are capped per member, whatever address they come from. */
const closeLimit = rateLimit({ limiter: (env) => env.AUTH_LIMITER, retryAfterSeconds: 60, key: (c) => c.get("member")!.id });

async function renderClose(c: Context<AppEnv>, form: FormState = { values: {}, errors: {} }, status: 200 | 422 = 200) {
  const db = database(c.env.DB);
  const member = c.get("member")!;
  const [due, openOrders] = await Promise.all([closingDueAt(db, member.id), openOrderCount(db, member.id)]);
  const query = v.safeParse(closePageQuery, c.req.query());
  return renderPage(c, {
    title: c.get("t")("closing.title"),
    section: "account",
    status,
    body: html`<${ClosePage}
      due=${due}
      openOrders=${openOrders}
      confirmedUntil=${recentlyConfirmed(member) ? new Date(member.confirmedAt + confirmationWindowMs) : null}
      form=${form}
      kept=${c.req.method === "GET" && query.success && query.output.kept === "1"}
    />`,
  });
}

export const closingRoutes = new Hono<AppEnv>()
  .use("/account/close", requireMember())
  .use("/account/close/*", requireMember())
  .get("/account/close", (c) => renderClose(c))
  .post("/account/close", closeLimit, async (c) => {
    const values = (await c.req.parseBody()) as Record<string, unknown>;
    const parsed = parseForm(closeForm, values);
    if (!parsed.ok) return renderClose(c, parsed.state, 422);
    const db = database(c.env.DB);
    const member = c.get("member")!;
    const profile = await getProfile(db, c.env.FIELD_KEY, member.id);
    if (!profile) throw new HTTPException(401);
    // Already scheduled (a second tab, a double submit): the first date stands.
    if (profile.closingDueAt) return c.redirect("/account/close", 303);
    // The same proof as any sensitive change: the current password, or a recent sign-in or code.
    const current = parsed.value.current;
    const unproven: FieldErrors | null =
      current === ""
        ? recentlyConfirmed(member)
          ? null
          : { current: ["form.current.required"] }
        : (await verifyPassword(normalizePassword(current), profile.passwordHash)).ok
          ? null
          : { current: ["form.current.wrong"] };
    if (unproven) return renderClose(c, { values: {}, errors: unproven }, 422);

    const now = Date.now();
    const notice = await outboxInsert(db, c.env.FIELD_KEY, {
      template: "account_closing",
      channel: profile.noticeChannel,
      locale: c.get("locale"),
      memberId: member.id,
      params: { date: formatDateTime(new Date(now + closingGraceMs), c.get("locale")) },
    });
    await db.batch([
      scheduleClosing(db, member.id, now),
      // Whoever else is signed in is signed out; this browser stays, to press "Keep my account" if wanted.
      revokeOtherSessions(db, member.id, member.sessionId),
      notice.statement,
    ]);
    await dispatch(c.env.OUTBOX_QUEUE, [notice.id]);
    return c.redirect("/account/close", 303);
  })
  .post("/account/close/cancel", async (c) => {
    // Only ever the signed-in member's own account; nothing scheduled answers the same way.
    await cancelClosing(database(c.env.DB), c.get("member")!.id);
    return c.redirect("/account/close?kept=1", 303);
  });
