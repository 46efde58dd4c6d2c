/**
 * The pages that ask for a one-time code, for every flow that sends one: what each flow is, rendering
 * the page (or "this code can no longer be used"), and answering a refused code.
 */
import type { Context } from "hono";
import { html } from "htm/preact";
import type { CodePurpose } from "../../../db/schema/index.ts";
import type { AppEnv } from "../../app-env.ts";
import type { MessageKey } from "../../i18n/index.ts";
import { database } from "../../lib/db.ts";
import { renderPage } from "../../views/render.ts";
import type { FormState } from "./forms.ts";
import { challengeInfo, type CodeCheck } from "./one-time-codes.ts";
import { CodePage, type CodeFlow } from "./views.ts";

export const codeFlows = {
  register: { purpose: "register", action: "/register/verify", titleKey: "auth.verify.title", restart: "/register", resend: true },
  sign_in: { purpose: "sign_in", action: "/sign-in/verify", titleKey: "auth.codeSignIn.title", restart: "/sign-in", resend: true },
  reset: { purpose: "reset", action: "/password/reset", titleKey: "auth.reset.title", restart: "/password/forgot", resend: true },
  change_phone: { purpose: "change_phone", action: "/account/phone/verify", titleKey: "account.phone.verifyTitle", restart: "/account#phone", resend: false },
  verify_email: { purpose: "verify_email", action: "/account/email/verify", titleKey: "account.email.verifyTitle", restart: "/account#email", resend: false },
  confirm: { purpose: "confirm", action: "/account/confirm/verify", titleKey: "account.confirm.title", restart: "/account#security", resend: false },
} as const satisfies Record<CodePurpose, CodeFlow>;

export async function renderCode(c: Context<AppEnv>, flow: CodeFlow, state: FormState, status: 200 | 422 | 429 = 200) {
  const info = await challengeInfo(database(c.env.DB), state.values.challenge ?? "", flow.purpose);
  return renderPage(c, {
    title: c.get("t")(flow.titleKey),
    section: "account",
    status: info ? status : status === 200 ? 422 : status,
    body: html`<${CodePage} flow=${flow} state=${state} maskedTarget=${info?.maskedTarget ?? null} />`,
  });
}

/** The code page again after a refused code: why, in plain words; 429 once the tries are used up. */
export function codeRefused(c: Context<AppEnv>, flow: CodeFlow, check: CodeCheck, values: { challenge: string; next: string }) {
  const problem = check.ok ? "wrong" : check.problem;
  return renderCode(c, flow, { values, errors: { code: [`form.code.${problem}` as MessageKey] } }, problem === "too_many" ? 429 : 422);
}
