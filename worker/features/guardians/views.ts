import { html } from "htm/preact";
import type { MessageKey } from "../../i18n/index.ts";
import { formatDate, formatDateTime } from "../../lib/dates.ts";
import { ErrorSummary, Field, Hidden, PhoneFields } from "../../views/form.ts";
import { usePage } from "../../views/page-context.ts";
import type { FormState } from "../accounts/forms.ts";
import { defaultPhoneCountry, phoneCountries } from "../accounts/phone.ts";
import type { GuardianState } from "../../../db/schema/index.ts";

const messages = (t: (key: MessageKey) => string, errors?: string[]) => (errors ?? []).map((key) => t(key as MessageKey)).join(" ");

/**
 * Year and month of birth, as two lists read together (they work everywhere, unlike `type=month`).
 * Nothing is chosen beforehand: a default would be an answer the person never gave.
 */
export function BirthMonthFields({ values, errors, years, age }: { values: Record<string, string>; errors?: string[]; years: number[]; age: number }) {
  const { t, locale } = usePage();
  const invalid = Boolean(errors && errors.length > 0);
  const monthName = new Intl.DateTimeFormat(locale, { month: "long", timeZone: "UTC" });
  const describedBy = ["birth-hint", invalid ? "birth-error" : null].filter(Boolean).join(" ");
  return html`<fieldset class=${`field phone-field${invalid ? " field--invalid" : ""}`} aria-describedby=${describedBy}>
    <legend>${t("guardians.birth.label")}</legend>
    <p class="field__hint" id="birth-hint">${t("guardians.birth.hint", { age })}</p>
    ${invalid && html`<p class="field__error" id="birth-error">${messages(t, errors)}</p>`}
    <div class="phone-field__row">
      <label class="visually-hidden" for="birthYear">${t("guardians.birth.year")}</label>
      <select id="birthYear" name="birthYear" autocomplete="bday-year" required aria-invalid=${invalid ? "true" : undefined}>
        <option value="">${t("guardians.birth.year")}</option>
        ${years.map((year) => html`<option value=${String(year)} selected=${values.birthYear === String(year)}>${year}</option>`)}
      </select>
      <label class="visually-hidden" for="birthMonth">${t("guardians.birth.month")}</label>
      <select id="birthMonth" name="birthMonth" autocomplete="bday-month" required aria-invalid=${invalid ? "true" : undefined}>
        <option value="">${t("guardians.birth.month")}</option>
        ${Array.from({ length: 12 }, (_, index) => {
          const value = String(index + 1).padStart(2, "0");
          return html`<option value=${value} selected=${values.birthMonth === value || values.birthMonth === String(index + 1)}>
            ${monthName.format(new Date(Date.UTC(2000, index, 1)))}
          </option>`;
        })}
      </select>
    </div>
  </fieldset>`;
}

/** The member's own view of a request: where it went, and until when its link works. */
export type ShownRequest = { maskedPhone: string; status: "pending" | "approved" | "declined"; createdAt: Date; expiresAt: Date; decidedAt: Date | null; live: boolean };

/**
 * The member's guardian page: for a minor whose guardian has not agreed, what they may do meanwhile and
 * the form that asks (again, or another number); otherwise where they stand.
 */
export function MemberGuardianPage({
  guardian,
  limited,
  request,
  state,
  age,
  welcome,
  sent,
}: {
  guardian: GuardianState;
  limited: boolean;
  request: ShownRequest | null;
  state: FormState;
  age: number;
  welcome: boolean;
  sent: boolean;
}) {
  const { t, locale } = usePage();
  const waiting = limited && request?.status === "pending" && request.live;
  const title = !limited ? t("guardians.member.titleDone") : waiting ? t("guardians.member.titleWaiting") : t("guardians.member.titleAsk");
  return html`<section class="auth">
    <h1>${title}</h1>
    ${welcome && html`<p class="notice notice--ok" role="status">${t("guardians.member.welcome")}</p>`}
    ${sent && request && html`<p class="notice notice--ok" role="status">${t("guardians.member.sent", { phone: request.maskedPhone })}</p>`}
    ${limited
      ? html`<p>${t("guardians.member.limited", { age })}</p>
          ${guardian === "declined" && html`<p class="notice" role="status">${t("guardians.member.declined")}</p>`}
          ${waiting &&
          html`<p>${t("guardians.member.waiting", { phone: request.maskedPhone, sent: formatDateTime(request.createdAt, locale), until: formatDate(request.expiresAt, locale) })}</p>`}
          ${request && request.status === "pending" && !request.live && html`<p>${t("guardians.member.expired")}</p>`}
          <${AskForm} state=${state} again=${request !== null} />`
      : html`<p>
          ${guardian === "approved" && request?.decidedAt
            ? t("guardians.member.approved", { date: formatDate(request.decidedAt, locale) })
            : guardian === "approved"
              ? t("guardians.member.approvedUndated")
              : t("guardians.member.notNeeded")}
        </p>`}
    <p><a href="/">${t("guardians.member.browse")}</a> · <a href="/account">${t("account.title")}</a></p>
  </section>`;
}

function AskForm({ state, again }: { state: FormState; again: boolean }) {
  const { t, locale } = usePage();
  const label = t("guardians.ask.phone");
  return html`<${ErrorSummary} errors=${state.errors} labels=${{ guardianPhone: label }} />
    <form class="auth-form" method="post" action="/account/guardian" novalidate>
      <p class="muted">${t("guardians.ask.intro")}</p>
      <${PhoneFields}
        id="guardianPhone"
        label=${label}
        countries=${phoneCountries(locale)}
        country=${state.values.country ?? defaultPhoneCountry}
        value=${state.values.phone}
        errors=${state.errors.guardianPhone ?? state.errors.phone ?? state.errors.country}
      />
      <button class="button" type="submit">${again ? t("guardians.ask.again") : t("guardians.ask.submit")}</button>
    </form>`;
}

/** A short account-page section for members who needed a guardian's consent. */
export function GuardianStatusSection({ guardian }: { guardian: GuardianState }) {
  const { t } = usePage();
  if (guardian === "not_needed") return null;
  const text = guardian === "approved" ? t("guardians.section.approved") : guardian === "declined" ? t("guardians.section.declined") : t("guardians.section.pending");
  return html`<section class="account-section" id="guardian" aria-labelledby="guardian-heading">
    <h2 id="guardian-heading">${t("guardians.section.title")}</h2>
    <p>${text}</p>
    <p><a class="button button--secondary" href="/account/guardian">${t("guardians.section.open")}</a></p>
  </section>`;
}

/** What the guardian sees: who asks (nickname only), what the shop is, the policy in force, and the answer form. */
export function GuardianRequestPage({
  nickname,
  token,
  policyVersion,
  maskedPhone,
  state,
  sent,
}: {
  nickname: string;
  token: string;
  policyVersion: number;
  maskedPhone: string;
  state: FormState;
  sent: boolean;
}) {
  const { t } = usePage();
  const labels = { code: t("form.code.label"), policy: t("form.agree.label") };
  return html`<section class="auth">
    <h1>${t("guardians.request.title", { nickname })}</h1>
    ${sent && html`<p class="notice notice--ok" role="status">${t("form.code.sent", { target: maskedPhone })}</p>`}
    <p>${t("guardians.request.intro", { nickname })}</p>
    <h2>${t("guardians.request.shopTitle")}</h2>
    <p>${t("guardians.request.shop")}</p>
    <h2>${t("guardians.request.policyTitle", { version: policyVersion })}</h2>
    <ul>
      <li>${t("guardians.request.policy.collect")}</li>
      <li>${t("guardians.request.policy.limits")}</li>
      <li>${t("guardians.request.policy.rights")}</li>
    </ul>
    <p>
      <a href=${`/privacy/v/${policyVersion}`} target="_blank" rel="noopener">${t("guardians.request.policyLink", { version: policyVersion })}</a>
    </p>
    <${ErrorSummary} errors=${state.errors} labels=${labels} />
    <form class="auth-form" method="post" action=${`/guardian/${token}`} novalidate>
      <${Hidden} name="policy" value=${policyVersion} />
      <${Field}
        id="code"
        label=${labels.code}
        errors=${state.errors.code ?? state.errors.policy}
        hint=${t("guardians.request.codeHint", { phone: maskedPhone })}
        autocomplete="one-time-code"
        inputmode="numeric"
        maxlength=${6}
      />
      <p>${t("guardians.request.decide")}</p>
      <div class="center-actions">
        <button class="button" type="submit" name="decision" value="approved">${t("guardians.request.approve")}</button>
        <button class="button button--secondary" type="submit" name="decision" value="declined">${t("guardians.request.decline")}</button>
      </div>
    </form>
    <form class="inline-form" method="post" action=${`/guardian/${token}/code`}>
      <span class="muted">${t("guardians.request.noCode")} </span>
      <button class="link-button" type="submit">${t("form.code.resend")}</button>
    </form>
  </section>`;
}

/** A link nobody was sent, one replaced by a newer request, or one past its week. */
export function GuardianLinkInvalidPage() {
  const { t } = usePage();
  return html`<section class="auth">
    <h1>${t("guardians.link.invalidTitle")}</h1>
    <p>${t("guardians.link.invalid")}</p>
    <p><a href="/">${t("guardians.link.shop")}</a></p>
  </section>`;
}

/** A request already answered: the decision stands; the link cannot change it. */
export function GuardianAnsweredPage({ status, decidedAt }: { status: "approved" | "declined"; decidedAt: Date | null }) {
  const { t, locale } = usePage();
  const date = decidedAt ? formatDateTime(decidedAt, locale) : "";
  return html`<section class="auth">
    <h1>${t("guardians.answered.title")}</h1>
    <p role="status">${status === "approved" ? t("guardians.answered.approved", { date }) : t("guardians.answered.declined", { date })}</p>
    <p>${t("guardians.answered.final")}</p>
    <p><a href="/privacy">${t("footer.privacy")}</a></p>
  </section>`;
}
