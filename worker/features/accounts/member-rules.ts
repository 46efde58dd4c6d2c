/**
 * The rules a member's details follow, turned into field errors (message keys) for the form that asked:
 * phone numbers parsed by libphonenumber, nicknames checked for characters, reserved words and staff
 * look-alikes, passwords checked against NIST SP 800-63B rev. 4.
 */
import type { MessageKey } from "../../i18n/index.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import { impersonates, nicknameKey, nicknameProblem, normalizeNickname } from "./nickname.ts";
import { passwordProblem } from "./password-policy.ts";
import { parsePhone } from "./phone.ts";

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

const fail = (field: string, key: MessageKey): { ok: false; errors: FieldErrors } => ({ ok: false, errors: { [field]: [key] } });

export function checkPhone(country: string, typed: string, field = "phone"): Checked<{ e164: string; country: string }> {
  const parsed = parsePhone(country, typed);
  return parsed.ok ? { ok: true, value: { e164: parsed.e164, country: parsed.country } } : fail(field, `form.phone.${parsed.problem}`);
}

/** A nickname's normalised form and key, unless it breaks a rule or passes for one of `staffKeys`. */
export function checkNickname(raw: string, staffKeys: string[]): Checked<{ nickname: string; key: string }> {
  const nickname = normalizeNickname(raw);
  const problem = nicknameProblem(nickname);
  if (problem) return fail("nickname", `form.nickname.${problem}`);
  const key = nicknameKey(nickname);
  if (staffKeys.some((staff) => staff !== key && impersonates(key, staff))) return fail("nickname", "form.nickname.reserved");
  return { ok: true, value: { nickname, key } };
}

export function checkPassword(password: string, context: { phone?: string; nickname?: string }, field = "password"): Checked<string> {
  const problem = passwordProblem(password, context);
  return problem ? fail(field, `form.password.${problem}`) : { ok: true, value: password };
}

/** Merges the errors of several checks; null when all passed. */
export function combine(...results: Checked<unknown>[]): FieldErrors | null {
  const errors: FieldErrors = {};
  for (const result of results) if (!result.ok) Object.assign(errors, result.errors);
  return Object.keys(errors).length > 0 ? errors : null;
}
