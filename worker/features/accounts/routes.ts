/**
 * Becoming and being a member: registration (confirmed by a code to the phone), sign-in with a password
 * or a code, password reset, sign-out. No answer tells whether a phone number is registered: a taken
 * number gets the same "code sent" page (its owner gets a warning instead of a code), and a wrong phone
 * or password reads the same.
 */
import { Hono, type Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { html } from "htm/preact";
import { eq, sql } from "drizzle-orm";
import { members, oneTimeCodes, signInFailures } from "../../../db/schema/index.ts";
import type { AppEnv } from "../../app-env.ts";
import type { MessageKey } from "../../i18n/index.ts";
import { database, type Db } from "../../lib/db.ts";
import { newId } from "../../lib/ids.ts";
import { validate } from "../../lib/validation.ts";
import { rateLimit } from "../../middleware/rate-limit.ts";
import { renderPage } from "../../views/render.ts";
import { appendConsentRecords } from "../consent/consent-ledger.ts";
import { getPolicyText } from "../privacy/queries.ts";
import { dispatch, outboxInsert, type OutboxMessage } from "../outbox/outbox.ts";
import { sha256Hex } from "../../lib/hash.ts";
import { decryptField } from "../../lib/field-crypto.ts";
import { defaultAvatarSvg } from "./avatar.ts";
import {
  challengeQuery,
  codeForm,
  parseForm,
  phoneForm,
  registerForm,
  resendForm,
  resetForm,
  signInForm,
  keptValues,
  type FormState,
} from "./forms.ts";
import { checkNickname, checkPassword, checkPhone, combine } from "./member-rules.ts";
import { challengePayload, checkCode, issueCode } from "./one-time-codes.ts";
import { dummyVerify, hashPassword, verifyPassword } from "./password-hash.ts";
import { normalizePassword } from "./password-policy.ts";
import { maskPhone } from "./phone.ts";
import {
  findMemberByPhone,
  isUniqueViolation,
  linkSubject,
  memberInsert,
  nicknameTaken,
  phoneContext,
  phoneHash,
  staffNicknameKeys,
  updateMember,
  uniqueColumn,
} from "./queries.ts";
import { endSession, revokeOtherSessions, startSession } from "./sessions.ts";
import { codeFlows, codeRefused, renderCode } from "./code-pages.ts";
import { ForgotPage, RegisterPage, SignInPage } from "./views.ts";
import { ageOfConsent, birthYears, checkBirthMonth, isMinor } from "../guardians/age.ts";

/** Sign-in, registration and code requests: a client asking for more is refused for a minute. */
const authLimit = rateLimit({ limiter: (env) => env.AUTH_LIMITER, retryAfterSeconds: 60 });

/** What a registration carries from the form to the code page (encrypted in the challenge). */
type RegistrationPayload = {
  kind: "register";
  e164: string;
  nickname: string;
  nicknameKey: string;
  passwordHash: string;
  policyVersion: number;
  locale: "en" | "zh-CN";
  /** "YYYY-MM" (policy §9): below the age of consent, the account waits for a guardian. */
  birthMonth: string;
};

/** How to send a challenge's code again: to whom, with which message. */
type Resend = { message: OutboxMessage; decoy: boolean };
type ChallengePayload = { resend: Resend; registration?: RegistrationPayload };


const form = async (c: Context<AppEnv>) => (await c.req.parseBody()) as Record<string, unknown>;

/** Back-off after failed sign-ins for a phone: none for the first four, then 1, 2, 4… minutes, up to an hour. */
export const lockoutMs = (failures: number) => (failures < 5 ? 0 : Math.min(60, 2 ** (failures - 5)) * 60_000);

async function lockedUntil(db: Db, targetHash: string, now: number): Promise<Date | null> {
  const [row] = await db.select({ lockedUntil: signInFailures.lockedUntil }).from(signInFailures).where(eq(signInFailures.targetHash, targetHash));
  return row && row.lockedUntil.getTime() > now ? row.lockedUntil : null;
}

/** Counts a failed sign-in in the database itself (concurrent failures all count) and sets the back-off. */
async function recordFailure(db: Db, targetHash: string, now: number): Promise<void> {
  await db.run(sql`
    INSERT INTO ${signInFailures} (target_hash, failures, last_failed_at, locked_until) VALUES (${targetHash}, 1, ${now}, 0)
    ON CONFLICT (target_hash) DO UPDATE SET
      failures = CASE WHEN last_failed_at < ${now - 86_400_000} THEN 1 ELSE failures + 1 END,
      last_failed_at = ${now}`);
  const [row] = await db.select({ failures: signInFailures.failures }).from(signInFailures).where(eq(signInFailures.targetHash, targetHash));
  const wait = lockoutMs(row?.failures ?? 0);
  if (wait > 0) await db.update(signInFailures).set({ lockedUntil: new Date(now + wait) }).where(eq(signInFailures.targetHash, targetHash));
}

/** The 429 page, saying when to try again. */
function tooMany(c: Context<AppEnv>, until: Date | number): never {
  const seconds = Math.max(1, Math.ceil(((typeof until === "number" ? until : until.getTime()) - Date.now()) / 1000));
  c.header("Retry-After", String(seconds));
  throw new HTTPException(429, { message: "Too many attempts" });
}

/** The consent subject id of this device: the consent layer already verified its signed cookie. */
const deviceSubject = (c: Context<AppEnv>): string | null => c.get("consent").choice?.sid ?? null;

/** Signs the member in on this browser and files this device's consent records under them. */
async function signIn(c: Context<AppEnv>, memberId: string): Promise<void> {
  const db = database(c.env.DB);
  await startSession(c, memberId);
  const subject = deviceSubject(c);
  if (subject) await linkSubject(db, memberId, subject);
}

function renderRegister(c: Context<AppEnv>, state: FormState, status: 200 | 422 | 429 = 200) {
  return renderPage(c, {
    title: c.get("t")("auth.register.title"),
    section: "account",
    status,
    body: html`<${RegisterPage} state=${state} policyVersion=${c.get("consent").policyVersion} birth=${{ years: birthYears(new Date()), age: ageOfConsent(c.env) }} />`,
  });
}

function renderSignIn(c: Context<AppEnv>, state: FormState, status: 200 | 422 = 200) {
  return renderPage(c, { title: c.get("t")("auth.signIn.title"), section: "account", status, body: html`<${SignInPage} state=${state} />` });
}


/** After a challenge is issued: the code page (303), or the form again with when a new code can be sent. */
function afterIssue(c: Context<AppEnv>, issued: Awaited<ReturnType<typeof issueCode>>, path: string, next: string, again: () => Promise<Response>) {
  if (issued.ok) return c.redirect(`${path}?${new URLSearchParams({ challenge: issued.id, next })}`, 303);
  c.header("Retry-After", String(issued.retryAfterSeconds));
  return again();
}

/** Issues a challenge for `purpose` to a phone: the code to its member, or a decoy when nobody has it. */
async function challengeMember(c: Context<AppEnv>, purpose: "sign_in" | "reset", e164: string) {
  const db = database(c.env.DB);
  const hash = await phoneHash(c.env.FIELD_KEY, e164);
  const member = await findMemberByPhone(db, hash);
  const message: OutboxMessage | null = member
    ? { template: purpose === "sign_in" ? "code_sign_in" : "code_reset", channel: "sms", locale: member.locale, memberId: member.id }
    : null;
  const payload: ChallengePayload | undefined = message ? { resend: { message, decoy: false } } : undefined;
  return issueCode(db, c.env, { purpose, targetHash: hash, maskedTarget: maskPhone(e164), memberId: member?.id ?? null, payload, message });
}

export const accountsRoutes = new Hono<AppEnv>()
  .get("/register", (c) => {
    if (c.get("member")) return c.redirect("/account", 303);
    return renderRegister(c, { values: keptValues({ next: c.req.query("next") ?? "" }), errors: {} });
  })
  .post("/register", authLimit, async (c) => {
    const body = await form(c);
    const parsed = parseForm(registerForm, body);
    if (!parsed.ok) return renderRegister(c, parsed.state, 422);
    const input = parsed.value;
    const db = database(c.env.DB);
    const phone = checkPhone(input.country, input.phone);
    const nickname = checkNickname(input.nickname, await staffNicknameKeys(db));
    const password = checkPassword(input.password, {
      phone: phone.ok ? phone.value.e164 : undefined,
      nickname: nickname.ok ? nickname.value.nickname : undefined,
    });
    const birth = checkBirthMonth(input.birthYear, input.birthMonth, new Date());
    const errors = combine(phone, nickname, password, birth) ?? {};
    if (input.agree !== "on") errors.agree = ["form.agree.required"];
    else if (input.policy !== c.get("consent").policyVersion) errors.agree = ["form.agree.changed"];
    if (nickname.ok && (await nicknameTaken(db, nickname.value.key))) errors.nickname = ["form.nickname.taken"];
    if (Object.keys(errors).length > 0 || !phone.ok || !nickname.ok || !birth.ok) return renderRegister(c, { values: keptValues(body), errors }, 422);

    const hash = await phoneHash(c.env.FIELD_KEY, phone.value.e164);
    const existing = await findMemberByPhone(db, hash);
    const locale = c.get("locale");
    let resend: Resend;
    let registration: RegistrationPayload | undefined;
    if (existing) {
      // Looks exactly like a new registration; the number's owner is told instead of sent a code.
      resend = { message: { template: "account_exists", channel: "sms", locale: existing.locale, memberId: existing.id }, decoy: true };
    } else {
      registration = {
        kind: "register",
        e164: phone.value.e164,
        nickname: nickname.value.nickname,
        nicknameKey: nickname.value.key,
        passwordHash: await hashPassword(normalizePassword(input.password)),
        policyVersion: input.policy,
        locale,
        birthMonth: birth.value,
      };
      resend = { message: { template: "code_register", channel: "sms", locale, recipient: phone.value.e164 }, decoy: false };
    }
    const payload: ChallengePayload = { resend, ...(registration ? { registration } : {}) };
    const issued = await issueCode(db, c.env, {
      purpose: "register",
      targetHash: hash,
      maskedTarget: maskPhone(phone.value.e164),
      payload,
      message: resend.message,
      decoy: resend.decoy,
    });
    return afterIssue(c, issued, "/register/verify", input.next, () =>
      renderRegister(c, { values: keptValues(body), errors: { phone: ["form.code.too_soon"] } }, 429),
    );
  })
  .get("/register/verify", validate("query", challengeQuery), (c) => renderCode(c, codeFlows.register, { values: c.req.valid("query"), errors: {} }))
  .post("/register/verify", authLimit, async (c) => {
    const body = await form(c);
    const parsed = parseForm(codeForm, body);
    if (!parsed.ok) return renderCode(c, codeFlows.register, parsed.state, 422);
    const { challenge, code, next } = parsed.value;
    const db = database(c.env.DB);
    const checked = await checkCode(db, c.env.FIELD_KEY, { id: challenge, purpose: "register", code });
    const registration = checked.ok ? (checked.payload as ChallengePayload | null)?.registration : undefined;
    if (!checked.ok || !registration) return codeRefused(c, codeFlows.register, checked, { challenge, next });
    const memberId = newId("mbr");
    const subjectId = deviceSubject(c) ?? newId("sub");
    const policy = await getPolicyText(db, registration.policyVersion, registration.locale);
    if (!policy) throw new Error(`policy version ${registration.policyVersion} has no ${registration.locale} text`);
    const avatarKey = `avatars/${newId("avt").slice(4)}.svg`;
    await c.env.MEDIA.put(avatarKey, defaultAvatarSvg(registration.nickname, memberId), {
      httpMetadata: { contentType: "image/svg+xml", cacheControl: "public, max-age=31536000, immutable" },
    });
    // Age on the day the account is made: a minor's account waits for a guardian's consent.
    const minor = isMinor(registration.birthMonth ?? null, new Date(), ageOfConsent(c.env));
    try {
      await db.batch([
        (await memberInsert(db, c.env.FIELD_KEY, { id: memberId, ...registration, avatarKey, subjectId, guardian: minor ? "pending" : "not_needed" })).statement,
        linkSubject(db, memberId, subjectId),
      ]);
    } catch (error) {
      await c.env.MEDIA.delete(avatarKey);
      if (!isUniqueViolation(error)) throw error;
      // Someone took the nickname (or registered the number) between the form and the code.
      const field = uniqueColumn(error) === "nickname_key" ? "nickname" : "phone";
      return renderRegister(c, { values: { nickname: registration.nickname, next }, errors: { [field]: [`form.${field}.taken_since`] as MessageKey[] } }, 422);
    }
    const agreement = c.get("t")("auth.register.agree", { version: registration.policyVersion });
    const state = c.get("consent");
    await appendConsentRecords(db, [
      {
        subjectId,
        event: "agreed",
        categories: { necessary: true },
        jurisdiction: `${state.jurisdiction.country} (${state.jurisdiction.zone}, ${state.jurisdiction.regime})`,
        legalBasis: "contract",
        policyVersion: registration.policyVersion,
        policyHash: policy.contentHash,
        shown: { hash: await sha256Hex(`${agreement}\n${policy.contentHash}`), text: `${agreement}\n${policy.contentHash}` },
        locale: registration.locale,
        source: "registration",
        createdAt: Date.now(),
        retainUntil: Date.now() + state.jurisdiction.recordRetentionDays * 86_400_000,
      },
    ]);
    await signIn(c, memberId);
    if (minor) return c.redirect("/account/guardian?welcome=1", 303);
    return c.redirect(next === "/account" ? "/account?welcome=1" : next, 303);
  })
  .post("/code/resend", authLimit, validate("form", resendForm), async (c) => {
    const { challenge, next } = c.req.valid("form");
    const db = database(c.env.DB);
    const [row] = await db.select().from(oneTimeCodes).where(eq(oneTimeCodes.id, challenge)).limit(1);
    if (!row || row.consumedAt) throw new HTTPException(404);
    const flow = codeFlows[row.purpose];
    if (!flow.resend) throw new HTTPException(404);
    const payload = (await challengePayload(c.env.FIELD_KEY, row)) as ChallengePayload | null;
    const issued = await issueCode(db, c.env, {
      purpose: row.purpose,
      targetHash: row.targetHash,
      maskedTarget: row.maskedTarget,
      memberId: row.memberId,
      payload: payload ?? undefined,
      message: payload?.resend.message ?? null,
      decoy: payload?.resend.decoy ?? false,
    });
    return afterIssue(c, issued, flow.action, next, () =>
      renderCode(c, flow, { values: { challenge, next }, errors: { code: ["form.code.too_soon"] } }, 429),
    );
  })
  .get("/sign-in", (c) => {
    if (c.get("member")) return c.redirect("/account", 303);
    return renderSignIn(c, { values: keptValues({ next: c.req.query("next") ?? "" }), errors: {} });
  })
  .post("/sign-in", authLimit, async (c) => {
    const body = await form(c);
    const parsed = parseForm(signInForm, body);
    if (!parsed.ok) return renderSignIn(c, parsed.state, 422);
    const input = parsed.value;
    const phone = checkPhone(input.country, input.phone);
    if (!phone.ok) return renderSignIn(c, { values: keptValues(body), errors: phone.errors }, 422);
    const db = database(c.env.DB);
    const now = Date.now();
    const hash = await phoneHash(c.env.FIELD_KEY, phone.value.e164);
    const locked = await lockedUntil(db, hash, now);
    if (locked) tooMany(c, locked);
    const member = await findMemberByPhone(db, hash);
    const password = normalizePassword(input.password);
    const verified = member ? await verifyPassword(password, member.passwordHash) : (await dummyVerify(password), { ok: false, needsRehash: false });
    if (!member || !verified.ok) {
      await recordFailure(db, hash, now);
      return renderSignIn(c, { values: keptValues(body), errors: { password: ["form.signIn.wrong"] } }, 422);
    }
    await db.delete(signInFailures).where(eq(signInFailures.targetHash, hash));
    if (verified.needsRehash) await updateMember(db, member.id, { passwordHash: await hashPassword(password) });
    await signIn(c, member.id);
    return c.redirect(input.next, 303);
  })
  .post("/sign-in/code", authLimit, async (c) => {
    const body = await form(c);
    const parsed = parseForm(phoneForm, body);
    if (!parsed.ok) return renderSignIn(c, parsed.state, 422);
    const phone = checkPhone(parsed.value.country, parsed.value.phone, "codePhone");
    if (!phone.ok) return renderSignIn(c, { values: keptValues(body), errors: phone.errors }, 422);
    const issued = await challengeMember(c, "sign_in", phone.value.e164);
    return afterIssue(c, issued, "/sign-in/verify", parsed.value.next, () =>
      renderSignIn(c, { values: keptValues(body), errors: { codePhone: ["form.code.too_soon"] } }, 422),
    );
  })
  .get("/sign-in/verify", validate("query", challengeQuery), (c) => renderCode(c, codeFlows.sign_in, { values: c.req.valid("query"), errors: {} }))
  .post("/sign-in/verify", authLimit, async (c) => {
    const body = await form(c);
    const parsed = parseForm(codeForm, body);
    if (!parsed.ok) return renderCode(c, codeFlows.sign_in, parsed.state, 422);
    const { challenge, code, next } = parsed.value;
    const db = database(c.env.DB);
    const checked = await checkCode(db, c.env.FIELD_KEY, { id: challenge, purpose: "sign_in", code });
    if (!checked.ok || !checked.memberId) return codeRefused(c, codeFlows.sign_in, checked, { challenge, next });
    await db.delete(signInFailures).where(eq(signInFailures.targetHash, checked.targetHash));
    await signIn(c, checked.memberId);
    return c.redirect(next, 303);
  })
  .get("/password/forgot", (c) =>
    renderPage(c, {
      title: c.get("t")("auth.forgot.title"),
      section: "account",
      body: html`<${ForgotPage} state=${{ values: keptValues({ next: c.req.query("next") ?? "" }), errors: {} }} />`,
    }),
  )
  .post("/password/forgot", authLimit, async (c) => {
    const body = await form(c);
    const parsed = parseForm(phoneForm, body);
    const again = (state: FormState, status: 422 | 429) =>
      renderPage(c, { title: c.get("t")("auth.forgot.title"), section: "account", status, body: html`<${ForgotPage} state=${state} />` });
    if (!parsed.ok) return again(parsed.state, 422);
    const phone = checkPhone(parsed.value.country, parsed.value.phone);
    if (!phone.ok) return again({ values: keptValues(body), errors: phone.errors }, 422);
    const issued = await challengeMember(c, "reset", phone.value.e164);
    return afterIssue(c, issued, "/password/reset", parsed.value.next, () => again({ values: keptValues(body), errors: { phone: ["form.code.too_soon"] } }, 429));
  })
  .get("/password/reset", validate("query", challengeQuery), (c) => renderCode(c, codeFlows.reset, { values: c.req.valid("query"), errors: {} }))
  .post("/password/reset", authLimit, async (c) => {
    const body = await form(c);
    const parsed = parseForm(resetForm, body);
    if (!parsed.ok) return renderCode(c, codeFlows.reset, parsed.state, 422);
    const { challenge, code, next } = parsed.value;
    const db = database(c.env.DB);
    // The new password is checked against the account before the code is spent, so a refused password costs no try.
    const [row] = await db.select({ memberId: oneTimeCodes.memberId }).from(oneTimeCodes).where(eq(oneTimeCodes.id, challenge)).limit(1);
    const [member] = row?.memberId
      ? await db.select({ nickname: members.nickname, phoneEnc: members.phoneEnc, id: members.id }).from(members).where(eq(members.id, row.memberId))
      : [];
    const context = member ? { nickname: member.nickname, phone: await decryptField(c.env.FIELD_KEY, member.phoneEnc, phoneContext(member.id)) } : {};
    const password = checkPassword(parsed.value.password, context);
    if (!password.ok) return renderCode(c, codeFlows.reset, { values: { challenge, next }, errors: password.errors }, 422);
    const checked = await checkCode(db, c.env.FIELD_KEY, { id: challenge, purpose: "reset", code });
    if (!checked.ok || !checked.memberId) return codeRefused(c, codeFlows.reset, checked, { challenge, next });
    const now = Date.now();
    const notice = await outboxInsert(db, c.env.FIELD_KEY, { template: "password_changed", channel: "sms", locale: c.get("locale"), memberId: checked.memberId });
    await db.batch([
      updateMember(db, checked.memberId, { passwordHash: await hashPassword(normalizePassword(parsed.value.password)), passwordChangedAt: new Date(now) }),
      revokeOtherSessions(db, checked.memberId, null),
      db.delete(signInFailures).where(eq(signInFailures.targetHash, checked.targetHash)),
      notice.statement,
    ]);
    await dispatch(c.env.OUTBOX_QUEUE, [notice.id]);
    await signIn(c, checked.memberId);
    return c.redirect(next === "/account" ? "/account?saved=password" : next, 303);
  })
  .post("/sign-out", async (c) => {
    await endSession(c);
    return c.redirect("/", 303);
  });
