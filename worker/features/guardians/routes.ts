/**
 * Guardian consent for members under the age of consent (policy §9). The member names a parent's or
 * guardian's mobile number (`/account/guardian`); the guardian gets a code and a link (`/guardian/:token`,
 * no sign-in), reads who asks and the policy in force, and approves or declines with the code. The
 * decision (who: the number, encrypted; when; which policy version and hash) is the `guardian_consents`
 * row, written with the member's standing in one batch; the member is told.
 */
import { Hono, type Context } from "hono";
import { html } from "htm/preact";
import * as v from "valibot";
import type { AppEnv } from "../../app-env.ts";
import type { MessageKey } from "../../i18n/index.ts";
import { encodeBase64Url } from "../../lib/base64url.ts";
import { database } from "../../lib/db.ts";
import { decryptField } from "../../lib/field-crypto.ts";
import { newId } from "../../lib/ids.ts";
import { validatePath, type FieldErrors } from "../../lib/validation.ts";
import { rateLimit } from "../../middleware/rate-limit.ts";
import { renderPage } from "../../views/render.ts";
import { keptValues, parseForm, phoneForm, type FormState } from "../accounts/forms.ts";
import { checkPhone } from "../accounts/member-rules.ts";
import { requireMember } from "../accounts/middleware.ts";
import { checkCode, issueCode } from "../accounts/one-time-codes.ts";
import { maskPhone } from "../accounts/phone.ts";
import { phoneHash } from "../accounts/queries.ts";
import { dispatch, type OutboxMessage } from "../outbox/outbox.ts";
import { getPolicyText } from "../privacy/queries.ts";
import { ageOfConsent } from "./age.ts";
import { answerForm, requestQuery, stepQuery, tokenParam } from "./forms.ts";
import { renderGuardianStep } from "./member-page.ts";
import {
  answerable,
  challengeFor,
  decide,
  guardianCodePurpose,
  guardianPhoneContext,
  isLimited,
  memberStanding,
  requestByToken,
  requestStatements,
  requestTokenHash,
  type FoundRequest,
  type GuardianCodePayload,
} from "./queries.ts";
import { GuardianAnsweredPage, GuardianLinkInvalidPage, GuardianRequestPage } from "./views.ts";

type Ctx = Context<AppEnv>;

/** Asking sends a text to someone else's phone: each member's budget (the number's own limits are in D1). */
const askLimit = rateLimit({ limiter: (env) => env.AUTH_LIMITER, retryAfterSeconds: 60, key: (c) => c.get("member")!.id });
/** The guardian's page takes codes and sends them: per client, like sign-in. */
const answerLimit = rateLimit({ limiter: (env) => env.AUTH_LIMITER, retryAfterSeconds: 60 });

const form = async (c: Ctx) => (await c.req.parseBody()) as Record<string, unknown>;

/**
 * The text to the guardian: the member's nickname, the link and (added by `issueCode`) the code, all
 * secret parameters, so they are encrypted until delivery and then erased.
 */
const requestMessage = (locale: "en" | "zh-CN", e164: string, nickname: string, link: string): OutboxMessage => ({
  template: "guardian_request",
  channel: "sms",
  locale,
  recipient: e164,
  secret: { nickname, link },
});

/** Sends a code (with the link) for a request to the guardian's number, within the number's limits. */
async function sendCode(c: Ctx, request: { id: string; phoneHash: string; e164: string }, nickname: string, token: string) {
  const payload: GuardianCodePayload = { guardianRequest: request.id };
  return issueCode(database(c.env.DB), c.env, {
    purpose: guardianCodePurpose,
    targetHash: request.phoneHash,
    maskedTarget: maskPhone(request.e164),
    memberId: null,
    payload,
    message: requestMessage(c.get("locale"), request.e164, nickname, new URL(`/guardian/${token}`, c.req.url).href),
  });
}

function invalidLink(c: Ctx) {
  return renderPage(c, { title: c.get("t")("guardians.link.invalidTitle"), status: 404, body: html`<${GuardianLinkInvalidPage} />` });
}

function answered(c: Ctx, request: FoundRequest["request"], status: 200 | 409) {
  const decision = request.status === "approved" ? "approved" : "declined";
  return renderPage(c, { title: c.get("t")("guardians.answered.title"), status, body: html`<${GuardianAnsweredPage} status=${decision} decidedAt=${request.decidedAt} />` });
}

async function requestPage(c: Ctx, found: FoundRequest, token: string, state: FormState, status: 200 | 422 | 429 = 200, sent = false) {
  const phone = await decryptField(c.env.FIELD_KEY, found.request.guardianPhoneEnc, guardianPhoneContext(found.request.id));
  return renderPage(c, {
    title: c.get("t")("guardians.request.title", { nickname: found.nickname }),
    status,
    body: html`<${GuardianRequestPage}
      nickname=${found.nickname}
      token=${token}
      policyVersion=${c.get("consent").policyVersion}
      maskedPhone=${maskPhone(phone)}
      state=${state}
      sent=${sent}
    />`,
  });
}

/** The request a link names, or the page to answer instead: not valid (404) or already answered. */
async function openLink(c: Ctx, token: string, answeredStatus: 200 | 409): Promise<{ found: FoundRequest } | { response: Response | Promise<Response> }> {
  // Links are personal to the guardian: never kept by a cache.
  c.header("Cache-Control", "no-store");
  const found = await requestByToken(database(c.env.DB), token);
  if (!found) return { response: invalidLink(c) };
  if (found.request.status !== "pending") return { response: answered(c, found.request, answeredStatus) };
  if (!answerable(found.request, Date.now())) return { response: invalidLink(c) };
  return { found };
}

export const guardianRoutes = new Hono<AppEnv>()
  .get("/account/guardian", requireMember(), (c) => {
    const query = v.safeParse(stepQuery, c.req.query());
    return renderGuardianStep(c, { welcome: query.success && query.output.welcome === "1", sent: query.success && query.output.sent === "1" });
  })
  .post("/account/guardian", requireMember(), askLimit, async (c) => {
    const body = await form(c);
    const parsed = parseForm(phoneForm, body);
    if (!parsed.ok) return renderGuardianStep(c, { state: parsed.state, status: 422 });
    const db = database(c.env.DB);
    const memberId = c.get("member")!.id;
    const now = Date.now();
    const standing = await memberStanding(db, memberId);
    // Only a member waiting for consent asks; anyone else just sees where they stand.
    if (!standing || !isLimited(standing, new Date(now), ageOfConsent(c.env))) return c.redirect("/account/guardian", 303);
    const phone = checkPhone(parsed.value.country, parsed.value.phone, "guardianPhone");
    const refuse = (errors: FieldErrors, status: 422 | 429 = 422) => renderGuardianStep(c, { state: { values: keptValues(body), errors }, status });
    if (!phone.ok) return refuse(phone.errors);
    const hash = await phoneHash(c.env.FIELD_KEY, phone.value.e164);
    if (hash === standing.phoneHash) return refuse({ guardianPhone: ["guardians.ask.ownPhone"] });
    const id = newId("gdn");
    const token = encodeBase64Url(crypto.getRandomValues(new Uint8Array(32)));
    const issued = await sendCode(c, { id, phoneHash: hash, e164: phone.value.e164 }, standing.nickname, token);
    if (!issued.ok) {
      c.header("Retry-After", String(issued.retryAfterSeconds));
      return refuse({ guardianPhone: ["form.code.too_soon"] }, 429);
    }
    const statements = await requestStatements(db, c.env.FIELD_KEY, { id, memberId, e164: phone.value.e164, phoneHash: hash, tokenHash: await requestTokenHash(token) }, now);
    await db.batch(statements);
    return c.redirect("/account/guardian?sent=1", 303);
  })
  .get("/guardian/:token", validatePath(tokenParam), async (c) => {
    const { token } = c.req.valid("param");
    const opened = await openLink(c, token, 200);
    if ("response" in opened) return opened.response;
    const query = v.safeParse(requestQuery, c.req.query());
    return requestPage(c, opened.found, token, { values: {}, errors: {} }, 200, query.success && query.output.sent === "1");
  })
  .post("/guardian/:token", answerLimit, validatePath(tokenParam), async (c) => {
    const { token } = c.req.valid("param");
    const opened = await openLink(c, token, 409);
    if ("response" in opened) return opened.response;
    const { found } = opened;
    const body = await form(c);
    const parsed = parseForm(answerForm, body);
    if (!parsed.ok) return requestPage(c, found, token, parsed.state, 422);
    const again = (key: MessageKey, field = "code") => requestPage(c, found, token, { values: keptValues(body), errors: { [field]: [key] } }, 422);
    const policyVersion = c.get("consent").policyVersion;
    if (parsed.value.policy !== policyVersion) return again("form.agree.changed", "policy");
    const db = database(c.env.DB);
    const now = Date.now();
    const challenge = await challengeFor(db, c.env.FIELD_KEY, found.request, now);
    if (!challenge) return again("form.code.expired");
    const checked = await checkCode(db, c.env.FIELD_KEY, { id: challenge, purpose: guardianCodePurpose, code: parsed.value.code }, now);
    if (!checked.ok) return again(`form.code.${checked.problem}`);
    const policy = await getPolicyText(db, policyVersion, c.get("locale"));
    if (!policy) throw new Error(`policy version ${policyVersion} has no ${c.get("locale")} text`);
    const { decision } = parsed.value;
    const result = await decide(
      db,
      c.env.DB,
      c.env.FIELD_KEY,
      {
        requestId: found.request.id,
        memberId: found.request.memberId,
        decision,
        policyVersion,
        policyHash: policy.contentHash,
        notice: { template: "guardian_decision", channel: found.channel, locale: found.locale, memberId: found.request.memberId, params: { decision } },
      },
      now,
    );
    if (!result.decided) {
      const latest = await requestByToken(db, token);
      return latest && latest.request.status !== "pending" ? answered(c, latest.request, 409) : invalidLink(c);
    }
    await dispatch(c.env.OUTBOX_QUEUE, [result.noticeId]);
    return c.redirect(`/guardian/${token}`, 303);
  })
  .post("/guardian/:token/code", answerLimit, validatePath(tokenParam), async (c) => {
    const { token } = c.req.valid("param");
    const opened = await openLink(c, token, 409);
    if ("response" in opened) return opened.response;
    const { request, nickname } = opened.found;
    const e164 = await decryptField(c.env.FIELD_KEY, request.guardianPhoneEnc, guardianPhoneContext(request.id));
    const issued = await sendCode(c, { id: request.id, phoneHash: request.guardianPhoneHash, e164 }, nickname, token);
    if (!issued.ok) {
      c.header("Retry-After", String(issued.retryAfterSeconds));
      return requestPage(c, opened.found, token, { values: {}, errors: { code: ["form.code.too_soon"] } }, 429);
    }
    return c.redirect(`/guardian/${token}?sent=1`, 303);
  });
