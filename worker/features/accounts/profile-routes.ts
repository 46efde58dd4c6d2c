/**
 * The member's own account: what the shop holds about them, every field editable where it is shown
 * (nickname, avatar, email, phone, password, notices), and their signed-in browsers. Members only; every
 * id a request names is checked against the signed-in member.
 */
import { Hono, type Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { html } from "htm/preact";
import * as v from "valibot";
import type { AppEnv } from "../../app-env.ts";
import { database } from "../../lib/db.ts";
import { encryptField } from "../../lib/field-crypto.ts";
import { newId } from "../../lib/ids.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import { validate, validatePath } from "../../lib/validation.ts";
import { rateLimit } from "../../middleware/rate-limit.ts";
import { renderPage } from "../../views/render.ts";
import { dispatch, outboxInsert } from "../outbox/outbox.ts";
import { avatarLimits, processAvatar } from "./avatar.ts";
import { challengeQuery, codeForm, emailForm, keptValues, nicknameForm, noticeForm, parseForm, passwordChangeForm, phoneChangeForm, sessionParam } from "./forms.ts";
import { checkNickname, checkPassword, checkPhone } from "./member-rules.ts";
import { requireMember } from "./middleware.ts";
import { checkCode, issueCode } from "./one-time-codes.ts";
import { hashPassword, verifyPassword } from "./password-hash.ts";
import { normalizePassword } from "./password-policy.ts";
import { maskEmail } from "../../lib/masking.ts";
import { maskPhone } from "./phone.ts";
import { nicknameKey } from "./nickname.ts";
import {
  emailContext,
  emailHash,
  getProfile,
  isUniqueViolation,
  nicknameTaken,
  phoneContext,
  phoneHash,
  staffNicknameKeys,
  updateMember,
  type Profile,
} from "./queries.ts";
import { confirmationWindowMs, confirmSession, listSessions, recentlyConfirmed, revokeOtherSessions, revokeSession } from "./sessions.ts";
import { AccountPage, type AccountForms } from "./profile-views.ts";
import { codeFlows, codeRefused, renderCode } from "./code-pages.ts";
import { setShoppingReminders, shoppingRemindersOn } from "../cart/reminders.ts";
import { memberLevel } from "../levels/queries.ts";
import { memberOrders } from "../orders/queries.ts";
import { shownIdentity } from "../identity/queries.ts";
import { requireGuardianConsent } from "../guardians/middleware.ts";

const savedQuery = v.object({ saved: v.optional(v.picklist(["nickname", "avatar", "email", "phone", "password", "notices", "sessions", "session", "confirmed", "reminders"])), welcome: v.optional(v.literal("1")) });

/** Code requests for a new phone or email share the sign-in budget per client. */
const codeLimit = rateLimit({ limiter: (env) => env.AUTH_LIMITER, retryAfterSeconds: 60 });

async function profileOf(c: Context<AppEnv>): Promise<Profile> {
  const profile = await getProfile(database(c.env.DB), c.env.FIELD_KEY, c.get("member")!.id);
  if (!profile) throw new HTTPException(401);
  return profile;
}

/** The account page, with one form's errors and typed values when it is answering that form. */
async function renderAccount(c: Context<AppEnv>, forms: AccountForms = {}, status: 200 | 422 | 429 = 200) {
  const profile = await profileOf(c);
  const sessions = await listSessions(database(c.env.DB), profile.id);
  const reminders = await shoppingRemindersOn(database(c.env.DB), profile.id);
  const [standing, recentOrders, identity] = await Promise.all([
    memberLevel(database(c.env.DB), profile.id),
    memberOrders(database(c.env.DB), profile.id, 3),
    shownIdentity(database(c.env.DB), c.env.FIELD_KEY, profile.id),
  ]);
  const query = v.safeParse(savedQuery, c.req.query());
  return renderPage(c, {
    title: c.get("t")("account.title"),
    section: "account",
    status,
    body: html`<${AccountPage}
      profile=${{ ...profile, phone: maskPhone(profile.phone), email: profile.email ? maskEmail(profile.email) : null }}
      sessions=${sessions}
      reminders=${reminders}
      standing=${standing}
      recentOrders=${recentOrders.map(({ order }) => order)}
      currentSession=${c.get("member")!.sessionId}
      confirmedUntil=${recentlyConfirmed(c.get("member")!) ? new Date(c.get("member")!.confirmedAt + confirmationWindowMs) : null}
      forms=${forms}
      saved=${query.success && c.req.method === "GET" ? (query.output.saved ?? null) : null}
      welcome=${query.success && query.output.welcome === "1"}
      identity=${identity}
    />`,
  });
}

const body = async (c: Context<AppEnv>) => (await c.req.parseBody()) as Record<string, unknown>;
const saved = (c: Context<AppEnv>, what: string) => c.redirect(`/account?saved=${what}#${what}`, 303);
const fail = (c: Context<AppEnv>, form: keyof AccountForms, values: Record<string, unknown>, errors: FieldErrors, status: 422 | 429 = 422) =>
  renderAccount(c, { [form]: { values: keptValues(values), errors } }, status);

/**
 * A sensitive change needs the member to prove it is them: the current password, or (without one) a
 * sign-in or code confirmation in the last few minutes. Returns the field errors, or null.
 */
async function proveItIsYou(c: Context<AppEnv>, profile: Profile, current: string): Promise<FieldErrors | null> {
  if (current === "") return recentlyConfirmed(c.get("member")!) ? null : { current: ["form.current.required"] };
  return (await verifyPassword(normalizePassword(current), profile.passwordHash)).ok ? null : { current: ["form.current.wrong"] };
}

const contactFlows = { phone: codeFlows.change_phone, email: codeFlows.verify_email };

type ContactPayload = { kind: "phone" | "email"; value: string };

export const profileRoutes = new Hono<AppEnv>()
  .use("/account", requireMember())
  .use("/account/*", async (c, next) => {
    // The privacy centre (and its receipts) works for guests too; everything else here is members only.
    if (c.req.path.startsWith("/account/privacy")) return next();
    return requireMember()(c, next);
  })
  // A picture and an email are more about the child than the account needs: they wait for the guardian.
  .use("/account/avatar", requireGuardianConsent())
  .use("/account/email", requireGuardianConsent())
  .get("/account", (c) => renderAccount(c))
  .post("/account/nickname", async (c) => {
    const values = await body(c);
    const parsed = parseForm(nicknameForm, values);
    if (!parsed.ok) return renderAccount(c, { nickname: parsed.state }, 422);
    const db = database(c.env.DB);
    const member = c.get("member")!;
    const own = nicknameKey(member.nickname);
    const checked = checkNickname(parsed.value.nickname, (await staffNicknameKeys(db)).filter((key) => key !== own));
    if (!checked.ok) return fail(c, "nickname", values, checked.errors);
    if (await nicknameTaken(db, checked.value.key, member.id)) return fail(c, "nickname", values, { nickname: ["form.nickname.taken"] });
    try {
      await updateMember(db, member.id, { nickname: checked.value.nickname, nicknameKey: checked.value.key });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return fail(c, "nickname", values, { nickname: ["form.nickname.taken"] });
    }
    return saved(c, "nickname");
  })
  .post("/account/avatar", async (c) => {
    const length = Number(c.req.header("Content-Length") ?? 0);
    // Refuse an oversized upload before reading it (the limit plus room for the form's other parts).
    if (length > avatarLimits.maxBytes + 64 * 1024) return fail(c, "avatar", {}, { avatar: ["form.avatar.too_large"] }, 422);
    const values = await body(c);
    const file = values.avatar;
    if (!(file instanceof File) || file.size === 0) return fail(c, "avatar", {}, { avatar: ["form.avatar.missing"] });
    if (file.size > avatarLimits.maxBytes) return fail(c, "avatar", {}, { avatar: ["form.avatar.too_large"] });
    const result = await processAvatar(c.env.IMAGES, new Uint8Array(await file.arrayBuffer()));
    if (!result.ok) return fail(c, "avatar", {}, { avatar: [`form.avatar.${result.problem}`] });
    const profile = await profileOf(c);
    // A new random key for every upload: the URL names no member, and caches may keep it forever.
    const key = `avatars/${newId("avt").slice(4)}.webp`;
    await c.env.MEDIA.put(key, result.webp, { httpMetadata: { contentType: "image/webp", cacheControl: "public, max-age=31536000, immutable" } });
    await updateMember(database(c.env.DB), profile.id, { avatarKey: key });
    await c.env.MEDIA.delete(profile.avatarKey);
    return saved(c, "avatar");
  })
  .post("/account/email", codeLimit, async (c) => {
    const values = await body(c);
    const parsed = parseForm(emailForm, values);
    if (!parsed.ok) return renderAccount(c, { email: parsed.state }, 422);
    const member = c.get("member")!;
    const db = database(c.env.DB);
    const email = parsed.value.email;
    const payload: ContactPayload = { kind: "email", value: email };
    const issued = await issueCode(db, c.env, {
      purpose: "verify_email",
      targetHash: await emailHash(c.env.FIELD_KEY, email),
      maskedTarget: maskEmail(email),
      memberId: member.id,
      payload,
      message: { template: "code_verify_email", channel: "email", locale: c.get("locale"), recipient: email },
    });
    if (!issued.ok) return fail(c, "email", values, { email: ["form.code.too_soon"] }, 429);
    return c.redirect(`${contactFlows.email.action}?${new URLSearchParams({ challenge: issued.id, next: "/account" })}`, 303);
  })
  .post("/account/email/remove", async (c) => {
    await updateMember(database(c.env.DB), c.get("member")!.id, { emailEnc: null, emailHash: null, emailVerifiedAt: null, noticeChannel: "sms" });
    return saved(c, "email");
  })
  .post("/account/phone", codeLimit, async (c) => {
    const values = await body(c);
    const parsed = parseForm(phoneChangeForm, values);
    if (!parsed.ok) return renderAccount(c, { phone: parsed.state }, 422);
    const profile = await profileOf(c);
    const unproven = await proveItIsYou(c, profile, parsed.value.current);
    if (unproven) return fail(c, "phone", values, unproven);
    const phone = checkPhone(parsed.value.country, parsed.value.phone);
    if (!phone.ok) return fail(c, "phone", values, phone.errors);
    if (phone.value.e164 === profile.phone) return fail(c, "phone", values, { phone: ["form.phone.same"] });
    const payload: ContactPayload = { kind: "phone", value: phone.value.e164 };
    const issued = await issueCode(database(c.env.DB), c.env, {
      purpose: "change_phone",
      targetHash: await phoneHash(c.env.FIELD_KEY, phone.value.e164),
      maskedTarget: maskPhone(phone.value.e164),
      memberId: profile.id,
      payload,
      message: { template: "code_change_phone", channel: "sms", locale: c.get("locale"), recipient: phone.value.e164 },
    });
    if (!issued.ok) return fail(c, "phone", values, { phone: ["form.code.too_soon"] }, 429);
    return c.redirect(`${contactFlows.phone.action}?${new URLSearchParams({ challenge: issued.id, next: "/account" })}`, 303);
  })
  .get("/account/:kind{phone|email}/verify", validate("query", challengeQuery), (c) =>
    renderCode(c, contactFlows[c.req.param("kind") as "phone" | "email"], { values: c.req.valid("query"), errors: {} }),
  )
  .post("/account/:kind{phone|email}/verify", async (c) => {
    const kind = c.req.param("kind") as "phone" | "email";
    const flow = contactFlows[kind];
    const values = await body(c);
    const parsed = parseForm(codeForm, values);
    if (!parsed.ok) return renderCode(c, flow, parsed.state, 422);
    const { challenge, next } = parsed.value;
    const db = database(c.env.DB);
    const again = (errors: FieldErrors) => renderCode(c, flow, { values: { challenge, next }, errors }, 422);
    const member = c.get("member")!;
    // A challenge belongs to the member who asked for it: anyone else's is unknown to them.
    const checked = await checkCode(db, c.env.FIELD_KEY, { id: challenge, purpose: flow.purpose, code: parsed.value.code, memberId: member.id });
    if (!checked.ok) return codeRefused(c, flow, checked, { challenge, next });
    const contact = checked.payload as ContactPayload;
    try {
      if (kind === "email") {
        await updateMember(db, member.id, {
          emailEnc: await encryptField(c.env.FIELD_KEY, contact.value, emailContext(member.id)),
          emailHash: await emailHash(c.env.FIELD_KEY, contact.value),
          emailVerifiedAt: new Date(),
        });
      } else {
        const profile = await profileOf(c);
        // Tell the old number, so a stolen session cannot quietly take the account.
        const notice = await outboxInsert(db, c.env.FIELD_KEY, { template: "phone_changed", channel: "sms", locale: c.get("locale"), recipient: profile.phone });
        await db.batch([
          updateMember(db, member.id, {
            phoneHash: await phoneHash(c.env.FIELD_KEY, contact.value),
            phoneEnc: await encryptField(c.env.FIELD_KEY, contact.value, phoneContext(member.id)),
          }),
          notice.statement,
        ]);
        await dispatch(c.env.OUTBOX_QUEUE, [notice.id]);
      }
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return again({ code: [kind === "email" ? "form.email.unavailable" : "form.phone.unavailable"] });
    }
    return saved(c, kind);
  })
  .post("/account/confirm", codeLimit, async (c) => {
    const profile = await profileOf(c);
    const issued = await issueCode(database(c.env.DB), c.env, {
      purpose: "confirm",
      targetHash: await phoneHash(c.env.FIELD_KEY, profile.phone),
      maskedTarget: maskPhone(profile.phone),
      memberId: profile.id,
      message: { template: "code_confirm", channel: "sms", locale: c.get("locale"), memberId: profile.id },
    });
    if (!issued.ok) return fail(c, "password", {}, { current: ["form.code.too_soon"] }, 429);
    return c.redirect(`${codeFlows.confirm.action}?${new URLSearchParams({ challenge: issued.id, next: "/account" })}`, 303);
  })
  .get("/account/confirm/verify", validate("query", challengeQuery), (c) => renderCode(c, codeFlows.confirm, { values: c.req.valid("query"), errors: {} }))
  .post("/account/confirm/verify", async (c) => {
    const parsed = parseForm(codeForm, await body(c));
    if (!parsed.ok) return renderCode(c, codeFlows.confirm, parsed.state, 422);
    const { challenge, next } = parsed.value;
    const member = c.get("member")!;
    const checked = await checkCode(database(c.env.DB), c.env.FIELD_KEY, { id: challenge, purpose: "confirm", code: parsed.value.code, memberId: member.id });
    if (!checked.ok) return codeRefused(c, codeFlows.confirm, checked, { challenge, next });
    await confirmSession(database(c.env.DB), member.sessionId);
    return c.redirect("/account?saved=confirmed#security", 303);
  })
  .post("/account/password", async (c) => {
    const values = await body(c);
    const parsed = parseForm(passwordChangeForm, values);
    if (!parsed.ok) return renderAccount(c, { password: parsed.state }, 422);
    const profile = await profileOf(c);
    const unproven = await proveItIsYou(c, profile, parsed.value.current);
    if (unproven) return fail(c, "password", values, unproven);
    const checked = checkPassword(parsed.value.password, { phone: profile.phone, nickname: profile.nickname });
    if (!checked.ok) return fail(c, "password", values, checked.errors);
    const db = database(c.env.DB);
    const notice = await outboxInsert(db, c.env.FIELD_KEY, { template: "password_changed", channel: "sms", locale: c.get("locale"), memberId: profile.id });
    await db.batch([
      updateMember(db, profile.id, { passwordHash: await hashPassword(normalizePassword(parsed.value.password)), passwordChangedAt: new Date() }),
      // Whoever knew the old password is signed out everywhere else.
      revokeOtherSessions(db, profile.id, c.get("member")!.sessionId),
      notice.statement,
    ]);
    await dispatch(c.env.OUTBOX_QUEUE, [notice.id]);
    return saved(c, "password");
  })
  .post("/account/notices", async (c) => {
    const values = await body(c);
    const parsed = parseForm(noticeForm, values);
    if (!parsed.ok) return renderAccount(c, { notices: parsed.state }, 422);
    const profile = await profileOf(c);
    if (parsed.value.channel === "email" && !profile.emailVerified) return fail(c, "notices", values, { channel: ["form.notices.noEmail"] });
    await updateMember(database(c.env.DB), profile.id, { noticeChannel: parsed.value.channel });
    return saved(c, "notices");
  })
  .post("/account/reminders", validate("form", v.object({ reminders: v.picklist(["on", "off"]) })), async (c) => {
    // Price-drop and coupon reminders for the cart (policy §4.1), switchable at any time.
    await setShoppingReminders(database(c.env.DB), c.get("member")!.id, c.req.valid("form").reminders === "on");
    return saved(c, "reminders");
  })
  .post("/account/sessions/others", async (c) => {
    const member = c.get("member")!;
    await revokeOtherSessions(database(c.env.DB), member.id, member.sessionId);
    return saved(c, "sessions");
  })
  .post("/account/sessions/:id", validatePath(sessionParam), async (c) => {
    const member = c.get("member")!;
    // Only the member's own sessions: another member's id is "not found", exactly like an unknown one.
    if (!(await revokeSession(database(c.env.DB), member.id, c.req.valid("param").id))) throw new HTTPException(404);
    return saved(c, "sessions");
  });
