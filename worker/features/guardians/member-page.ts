/**
 * The member's guardian step (`/account/guardian`): also the page a limited member meets wherever the
 * shop needs a guardian's consent first, so the way forward is always on it.
 */
import type { Context } from "hono";
import { html } from "htm/preact";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../../app-env.ts";
import { database } from "../../lib/db.ts";
import { renderPage } from "../../views/render.ts";
import type { FormState } from "../accounts/forms.ts";
import { maskPhone } from "../accounts/phone.ts";
import { ageOfConsent } from "./age.ts";
import { answerable, isLimited, latestRequest, memberStanding } from "./queries.ts";
import { MemberGuardianPage } from "./views.ts";

export async function renderGuardianStep(
  c: Context<AppEnv>,
  options: { state?: FormState; status?: 200 | 403 | 422 | 429; welcome?: boolean; sent?: boolean } = {},
) {
  const db = database(c.env.DB);
  const memberId = c.get("member")!.id;
  const now = Date.now();
  const age = ageOfConsent(c.env);
  const [standing, request] = await Promise.all([memberStanding(db, memberId), latestRequest(db, c.env.FIELD_KEY, memberId)]);
  if (!standing) throw new HTTPException(401);
  const limited = isLimited(standing, new Date(now), age);
  const shown = request && {
    maskedPhone: maskPhone(request.phone),
    status: request.status,
    createdAt: request.createdAt,
    expiresAt: request.expiresAt,
    decidedAt: request.decidedAt,
    live: answerable(request, now),
  };
  const titleKey = !limited ? "guardians.member.titleDone" : shown?.live ? "guardians.member.titleWaiting" : "guardians.member.titleAsk";
  c.header("Cache-Control", "private, no-store");
  return renderPage(c, {
    title: c.get("t")(titleKey),
    section: "account",
    status: options.status ?? 200,
    body: html`<${MemberGuardianPage}
      guardian=${standing.guardian}
      limited=${limited}
      request=${shown}
      state=${options.state ?? { values: {}, errors: {} }}
      age=${age}
      welcome=${options.welcome ?? false}
      sent=${options.sent ?? false}
    />`,
  });
}
