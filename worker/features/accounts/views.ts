import { html } from "htm/preact";
import type { CodePurpose } from "../../../db/schema/index.ts";
import type { MessageKey } from "../../i18n/index.ts";
import { ErrorSummary, Field, Hidden, PasswordField, PhoneFields } from "../../views/form.ts";
import { usePage } from "../../views/page-context.ts";
import type { FormState } from "./forms.ts";
import { passwordLimits } from "./password-policy.ts";
import { nicknameLimits } from "./nickname.ts";
import { defaultPhoneCountry, phoneCountries } from "./phone.ts";
import { BirthMonthFields } from "../guardians/views.ts";

/**
 * A code page's flow: which challenges it answers, where it posts, its title, where to start over, and
 * whether a new code can be asked for from the page.
 */
export type CodeFlow = { purpose: CodePurpose; action: string; titleKey: MessageKey; restart: string; resend: boolean };

const nextOf = (state: FormState) => state.values.next || "/account";

function useCountries() {
  const { locale } = usePage();
  return phoneCountries(locale);
}

export function RegisterPage({ state, policyVersion, birth }: { state: FormState; policyVersion: number; birth: { years: number[]; age: number } }) {
  const { t } = usePage();
  const { values, errors } = state;
  const labels = {
    phone: t("form.phone.label"),
    nickname: t("form.nickname.label"),
    password: t("form.password.new"),
    birthYear: t("guardians.birth.label"),
    birthMonth: t("guardians.birth.label"),
    agree: t("form.agree.label"),
  };
  return html`<section class="auth">
    <h1>${t("auth.register.title")}</h1>
    <p class="muted">${t("auth.register.intro")}</p>
    <${ErrorSummary} errors=${errors} labels=${labels} />
    <form class="auth-form" method="post" action="/register" novalidate>
      <${Hidden} name="next" value=${nextOf(state)} />
      <${Hidden} name="policy" value=${policyVersion} />
      <${PhoneFields}
        id="phone"
        label=${labels.phone}
        countries=${useCountries()}
        country=${values.country ?? defaultPhoneCountry}
        value=${values.phone}
        errors=${errors.phone ?? errors.country}
      />
      <${Field}
        id="nickname"
        label=${labels.nickname}
        value=${values.nickname}
        errors=${errors.nickname}
        hint=${t("form.nickname.hint", { min: nicknameLimits.min, max: nicknameLimits.max })}
        autocomplete="nickname"
        maxlength=${40}
      />
      <${PasswordField}
        id="password"
        label=${labels.password}
        errors=${errors.password}
        hint=${t("form.password.hint", { min: passwordLimits.min, max: passwordLimits.max })}
        autocomplete="new-password"
      />
      <${BirthMonthFields} values=${values} errors=${errors.birthYear ?? errors.birthMonth} years=${birth.years} age=${birth.age} />
      <div class=${`field field--check${errors.agree ? " field--invalid" : ""}`}>
        ${errors.agree && html`<p class="field__error" id="agree-error">${errors.agree.map((key) => t(key as MessageKey)).join(" ")}</p>`}
        <input id="agree" name="agree" type="checkbox" aria-describedby=${errors.agree ? "agree-error" : undefined} />
        <label for="agree">
          ${t("auth.register.agree", { version: policyVersion })}
          ${" "}<a href="/privacy" target="_blank" rel="noopener">${t("auth.register.readPolicy")}</a>
        </label>
      </div>
      <button class="button" type="submit">${t("auth.register.submit")}</button>
    </form>
    <p>${t("auth.register.haveAccount")} <a href=${`/sign-in?${new URLSearchParams({ next: nextOf(state) })}`}>${t("auth.signIn.title")}</a></p>
  </section>`;
}

export function SignInPage({ state }: { state: FormState }) {
  const { t } = usePage();
  const { values, errors } = state;
  const next = nextOf(state);
  const countries = useCountries();
  const passwordErrors = { ...(errors.phone && { phone: errors.phone }), ...(errors.password && { password: errors.password }), ...(errors[""] && { "": errors[""] }) };
  return html`<section class="auth">
    <h1>${t("auth.signIn.title")}</h1>
    <p class="muted">${t("auth.signIn.intro")}</p>
    <div class="auth-columns">
      <form class="auth-form" method="post" action="/sign-in" novalidate aria-labelledby="with-password">
        <h2 id="with-password">${t("auth.signIn.withPassword")}</h2>
        <${ErrorSummary} errors=${passwordErrors} labels=${{ phone: t("form.phone.label"), password: t("form.password.label") }} />
        <${Hidden} name="next" value=${next} />
        <${PhoneFields}
          id="phone"
          label=${t("form.phone.label")}
          countries=${countries}
          country=${values.country ?? defaultPhoneCountry}
          value=${values.phone}
          errors=${errors.phone}
        />
        <${PasswordField} id="password" label=${t("form.password.label")} errors=${errors.password} autocomplete="current-password" />
        <button class="button" type="submit">${t("auth.signIn.submit")}</button>
        <p><a href=${`/password/forgot?${new URLSearchParams({ next })}`}>${t("auth.forgot.link")}</a></p>
      </form>
      <form class="auth-form" method="post" action="/sign-in/code" novalidate aria-labelledby="with-code">
        <h2 id="with-code">${t("auth.signIn.withCode")}</h2>
        <p class="muted">${t("auth.signIn.codeIntro")}</p>
        <${Hidden} name="next" value=${next} />
        <${PhoneFields}
          id="codePhone"
          label=${t("form.phone.label")}
          countries=${countries}
          country=${values.country ?? defaultPhoneCountry}
          value=${values.phone}
          errors=${errors.codePhone}
        />
        <button class="button button--secondary" type="submit">${t("auth.signIn.sendCode")}</button>
      </form>
    </div>
    <p>${t("auth.signIn.noAccount")} <a href=${`/register?${new URLSearchParams({ next })}`}>${t("auth.register.title")}</a></p>
  </section>`;
}

function CodeField({ errors }: { errors?: string[] }) {
  const { t } = usePage();
  return html`<${Field}
    id="code"
    label=${t("form.code.label")}
    errors=${errors}
    hint=${t("form.code.hint")}
    autocomplete="one-time-code"
    inputmode="numeric"
    maxlength=${6}
  />`;
}

function ResendForm({ challenge, next }: { challenge: string; next: string }) {
  const { t } = usePage();
  return html`<form class="inline-form" method="post" action="/code/resend">
    <${Hidden} name="challenge" value=${challenge} />
    <${Hidden} name="next" value=${next} />
    <span class="muted">${t("form.code.notReceived")} </span>
    <button class="link-button" type="submit">${t("form.code.resend")}</button>
  </form>`;
}

/** A code challenge that has expired or been used up: say so, and offer a fresh start. */
function ChallengeOver({ flow, errors }: { flow: CodeFlow; errors?: string[] }) {
  const { t } = usePage();
  const reason = errors && errors.length > 0 ? errors.map((key) => t(key as MessageKey)).join(" ") : t("form.code.over");
  return html`<section class="auth">
    <h1>${t(flow.titleKey)}</h1>
    <p role="alert">${reason}</p>
    <p><a class="button" href=${flow.restart}>${t("form.code.restart")}</a></p>
  </section>`;
}

/** The page that asks for the code just sent; a password reset asks for the new password with it. */
export function CodePage({ flow, state, maskedTarget }: { flow: CodeFlow; state: FormState; maskedTarget: string | null }) {
  const { t } = usePage();
  if (!maskedTarget) return html`<${ChallengeOver} flow=${flow} errors=${state.errors.code} />`;
  const challenge = state.values.challenge ?? "";
  const withPassword = flow.purpose === "reset";
  const labels = { code: t("form.code.label"), ...(withPassword && { password: t("form.password.new") }) };
  return html`<section class="auth">
    <h1>${t(flow.titleKey)}</h1>
    <p role="status">${t("form.code.sent", { target: maskedTarget })}</p>
    <${ErrorSummary} errors=${state.errors} labels=${labels} />
    <form class="auth-form" method="post" action=${flow.action} novalidate>
      <${Hidden} name="challenge" value=${challenge} />
      <${Hidden} name="next" value=${nextOf(state)} />
      <${CodeField} errors=${state.errors.code} />
      ${withPassword &&
      html`<${PasswordField}
        id="password"
        label=${t("form.password.new")}
        errors=${state.errors.password}
        hint=${t("form.password.hint", { min: passwordLimits.min, max: passwordLimits.max })}
        autocomplete="new-password"
      />`}
      <button class="button" type="submit">${t(withPassword ? "auth.reset.submit" : "form.code.submit")}</button>
    </form>
    ${flow.resend ? html`<${ResendForm} challenge=${challenge} next=${nextOf(state)} />` : html`<p><a href=${flow.restart}>${t("account.back")}</a></p>`}
  </section>`;
}

export function ForgotPage({ state }: { state: FormState }) {
  const { t } = usePage();
  return html`<section class="auth">
    <h1>${t("auth.forgot.title")}</h1>
    <p class="muted">${t("auth.forgot.intro")}</p>
    <${ErrorSummary} errors=${state.errors} labels=${{ phone: t("form.phone.label") }} />
    <form class="auth-form" method="post" action="/password/forgot" novalidate>
      <${Hidden} name="next" value=${nextOf(state)} />
      <${PhoneFields}
        id="phone"
        label=${t("form.phone.label")}
        countries=${useCountries()}
        country=${state.values.country ?? defaultPhoneCountry}
        value=${state.values.phone}
        errors=${state.errors.phone}
      />
      <button class="button" type="submit">${t("auth.signIn.sendCode")}</button>
    </form>
  </section>`;
}
