/**
 * Every account form's input, as valibot schemas parsed once at the boundary. Messages are message keys,
 * so the page that re-renders the form shows them in the visitor's language.
 */
import * as v from "valibot";
import type { MessageKey } from "../../i18n/index.ts";
import { fieldErrors, type FieldErrors } from "../../lib/validation.ts";
import { localPath } from "../language/routes.ts";
import { passwordLimits } from "./password-policy.ts";

const message = (key: MessageKey) => key;

const next = v.optional(v.fallback(localPath, "/account"), "/account");
const country = v.pipe(v.string(), v.regex(/^[A-Z]{2}$/, message("form.phone.country")));
const phone = v.pipe(v.string(), v.trim(), v.minLength(1, message("form.phone.required")), v.maxLength(40, message("form.phone.invalid")));
/** Long enough for any acceptable password; the policy itself says what is too long, in plain words. */
const password = v.pipe(v.string(), v.minLength(1, message("form.password.required")), v.maxLength(passwordLimits.max * 4, message("form.password.too_long")));
const challenge = v.pipe(v.string(), v.regex(/^otp_[0-9a-z]{16}$/, message("form.code.unknown")));
const code = v.pipe(v.string(), v.trim(), v.regex(/^\d{6}$/, message("form.code.format")));
export const nicknameInput = v.pipe(v.string(), v.maxLength(100, message("form.nickname.too_long")));

export const registerForm = v.object({
  country,
  phone,
  nickname: nicknameInput,
  password,
  agree: v.optional(v.literal("on")),
  /** Year and month of birth (policy §9), chosen apart; `checkBirthMonth` refuses the future and absurd ages. */
  birthYear: v.optional(v.pipe(v.string(), v.regex(/^\d{4}$/, message("guardians.birth.required"))), ""),
  birthMonth: v.optional(v.pipe(v.string(), v.regex(/^(0?[1-9]|1[0-2])$/, message("guardians.birth.required"))), ""),
  /** The policy version the form showed; agreeing to an older one than the current is refused. */
  policy: v.pipe(v.string(), v.regex(/^\d{1,4}$/), v.transform(Number)),
  next,
});

export const signInForm = v.object({ country, phone, password, next });
export const phoneForm = v.object({ country, phone, next });
export const codeForm = v.object({ challenge, code, next });
export const resetForm = v.object({ challenge, code, password, next });
export const resendForm = v.object({ challenge, next });
export const challengeQuery = v.object({ challenge, next });

export const nicknameForm = v.object({ nickname: nicknameInput });
export const emailForm = v.object({
  email: v.pipe(v.string(), v.trim(), v.maxLength(254, message("form.email.invalid")), v.email(message("form.email.invalid")), v.toLowerCase()),
});
/** The current password may be left out when the member confirmed it is them moments ago. */
const current = v.optional(v.pipe(v.string(), v.maxLength(passwordLimits.max * 4, message("form.password.too_long"))), "");
export const passwordChangeForm = v.object({ current, password });
export const phoneChangeForm = v.object({ country, phone, current });
export const noticeForm = v.object({ channel: v.picklist(["sms", "email"]) });
export const sessionParam = v.object({ id: v.pipe(v.string(), v.regex(/^ses_[0-9a-z]{16}$/)) });

/** What a re-rendered form keeps: what was typed (never a password) and the errors per field. */
export type FormState = { values: Record<string, string>; errors: FieldErrors };

/** Parses a form body; on failure, the typed values (passwords dropped) and the field errors. */
export function parseForm<S extends v.GenericSchema>(
  schema: S,
  body: Record<string, unknown>,
): { ok: true; value: v.InferOutput<S> } | { ok: false; state: FormState } {
  const result = v.safeParse(schema, body);
  if (result.success) return { ok: true, value: result.output };
  return { ok: false, state: { values: keptValues(body), errors: fieldErrors(result.issues) } };
}

/** The typed values to put back in a form: strings only, passwords and codes never. */
export function keptValues(body: Record<string, unknown>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === "string" && !["password", "current", "code"].includes(name)) kept[name] = value.slice(0, 300);
  }
  return kept;
}
