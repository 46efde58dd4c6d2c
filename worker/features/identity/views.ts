import { html } from "htm/preact";
import type { VerificationReason } from "../../../db/schema/index.ts";
import { formatDate } from "../../lib/dates.ts";
import { ErrorSummary, Field, Hidden } from "../../views/form.ts";
import { usePage } from "../../views/page-context.ts";
import type { FormState } from "../accounts/forms.ts";
import type { ShownIdentity } from "./queries.ts";

/** "Verified on 3 May 2026 for cross-border shopping · 王* · 1****************X" (masked everywhere). */
function IdentityFacts({ identity }: { identity: ShownIdentity }) {
  const { t, locale } = usePage();
  return html`<dl class="identity-facts">
    <dt>${t("identity.verified_on")}</dt>
    <dd>${t("identity.verified_for", { date: formatDate(identity.verifiedAt, locale), reason: t(`identity.reason.${identity.reason}`) })}</dd>
    <dt>${t("identity.real_name")}</dt>
    <dd>${identity.realName}</dd>
    <dt>${t("identity.id_number")}</dt>
    <dd>${identity.idNumber}</dd>
  </dl>`;
}

function DeleteButton() {
  const { t } = usePage();
  return html`<form method="post" action="/account/identity/delete">
    <button class="button button--secondary" type="submit">${t("identity.delete")}</button>
  </form>`;
}

/** The account page's section: verified or not (masked), and how to delete the details. */
export function IdentitySection({ identity }: { identity: ShownIdentity | null }) {
  const { t } = usePage();
  return html`<section class="account-section" id="identity" aria-labelledby="identity-heading">
    <h2 id="identity-heading">${t("identity.title")}</h2>
    ${identity ? html`<${IdentityFacts} identity=${identity} /><p class="field__hint">${t("identity.delete_hint")}</p><${DeleteButton} />` : html`<p class="muted">${t("identity.none")}</p>`}
  </section>`;
}

export type IdentityPageState = {
  /** Why a feature asks for it; without one, the page only shows what is on file. */
  reason: VerificationReason | null;
  next: string;
  identity: ShownIdentity | null;
  form: FormState;
  deleted: boolean;
};

/** Why we ask, the form (real name, ID number), and what happens to the details. */
export function IdentityPage({ state }: { state: IdentityPageState }) {
  const { t } = usePage();
  const { reason, next, identity, form, deleted } = state;
  const labels = { real_name: t("identity.real_name"), id_number: t("identity.id_number") };
  return html`<div class="identity">
    <h1>${t("identity.title")}</h1>
    ${deleted && html`<p class="notice notice--ok" role="status">${t("identity.deleted")}</p>`}
    ${identity
      ? html`<${IdentityFacts} identity=${identity} />
          ${reason && html`<p><a class="button" href=${next}>${t("identity.continue")}</a></p>`}
          <p class="field__hint">${t("identity.delete_hint")}</p>
          <${DeleteButton} />`
      : reason
        ? html`<p>${t(`identity.why.${reason}`)}</p>
            <p>${t("identity.kept")}</p>
            <${ErrorSummary} errors=${form.errors} labels=${labels} />
            <form class="account-form" method="post" action="/account/identity" novalidate>
              <${Hidden} name="reason" value=${reason} />
              <${Hidden} name="next" value=${next} />
              <${Field} id="real_name" name="real_name" label=${labels.real_name} value=${form.values.real_name} errors=${form.errors.real_name} hint=${t("identity.real_name_hint")} autocomplete="name" maxlength=${50} />
              <${Field} id="id_number" name="id_number" label=${labels.id_number} errors=${form.errors.id_number} hint=${t("identity.id_number_hint")} autocomplete="off" maxlength=${18} />
              <button class="button" type="submit">${t("identity.submit")}</button>
            </form>
            <p><a href=${next}>${t("identity.back")}</a></p>`
        : html`<p class="muted">${t("identity.none")}</p>`}
  </div>`;
}

/** The second step of deleting: says what goes and asks once more. */
export function DeleteIdentityPage({ identity }: { identity: ShownIdentity }) {
  const { t } = usePage();
  return html`<div class="identity">
    <h1>${t("identity.delete_title")}</h1>
    <${IdentityFacts} identity=${identity} />
    <p>${t("identity.delete_explain")}</p>
    <form method="post" action="/account/identity/delete">
      <${Hidden} name="confirm" value="yes" />
      <button class="button" type="submit">${t("identity.delete_confirm")}</button>
    </form>
    <p><a href="/account#identity">${t("identity.delete_cancel")}</a></p>
  </div>`;
}
