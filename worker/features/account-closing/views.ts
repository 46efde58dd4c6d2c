import { html } from "htm/preact";
import { formatDateTime, formatTime } from "../../lib/dates.ts";
import { ErrorSummary, PasswordField } from "../../views/form.ts";
import { usePage } from "../../views/page-context.ts";
import type { FormState } from "../accounts/forms.ts";
import { Breadcrumbs } from "../catalog/views.ts";
import { closingGraceMs } from "./queries.ts";

const graceDays = Math.round(closingGraceMs / 86_400_000);

/** "Keep my account": cancels a scheduled closing, from the account page's banner and the closing page. */
function KeepButton() {
  const { t } = usePage();
  return html`<form class="inline-form" method="post" action="/account/close/cancel">
    <button class="button" type="submit">${t("closing.keep")}</button>
  </form>`;
}

/** The account page's banner while the account is set to be erased: the date, and the way back. */
export function ClosingBanner({ due }: { due: Date | null }) {
  const { t, locale } = usePage();
  if (!due) return null;
  return html`<div class="notice" id="closing" role="status">
    <p><strong>${t("closing.banner", { date: formatDateTime(due, locale) })}</strong></p>
    <p>${t("closing.banner.keep")}</p>
    <${KeepButton} />
  </div>`;
}

/** The account page's way to the closing page. */
export function CloseAccountSection() {
  const { t } = usePage();
  return html`<section class="account-section" id="close" aria-labelledby="close-heading">
    <h2 id="close-heading">${t("closing.title")}</h2>
    <p>${t("closing.section.text", { days: graceDays })}</p>
    <p><a class="button button--secondary" href="/account/close">${t("closing.section.open")}</a></p>
  </section>`;
}

/** What closing erases, what the law makes the shop keep (and in what form), and the grace period. */
function WhatHappens({ openOrders }: { openOrders: number }) {
  const { t } = usePage();
  return html`<h2>${t("closing.erased.heading")}</h2>
    <ul>
      <li>${t("closing.erased.profile")}</li>
      <li>${t("closing.erased.shopping")}</li>
      <li>${t("closing.erased.live")}</li>
      <li>${t("closing.erased.files")}</li>
      <li>${t("closing.erased.sessions")}</li>
    </ul>
    <h2>${t("closing.kept.heading")}</h2>
    <ul>
      <li>${t("closing.kept.orders")}</li>
      <li>${t("closing.kept.invoices")}</li>
      <li>${t("closing.kept.consent")}</li>
    </ul>
    ${openOrders > 0 && html`<p class="notice">${t("closing.openOrders", { count: openOrders })}</p>`}`;
}

export function ClosePage({
  due,
  openOrders,
  confirmedUntil,
  form,
  kept,
}: {
  /** When the account is set to be erased; null when it is not. */
  due: Date | null;
  openOrders: number;
  /** Until when the member needs no password (they signed in or confirmed with a code moments ago). */
  confirmedUntil: Date | null;
  form: FormState;
  /** The member just pressed "Keep my account". */
  kept: boolean;
}) {
  const { t, locale } = usePage();
  return html`<${Breadcrumbs} trail=${[{ href: "/account", label: t("nav.account") }, { label: t("closing.title") }]} />
    <h1>${t("closing.title")}</h1>
    ${kept && html`<p class="notice notice--ok" role="status">${t("closing.kept")}</p>`}
    ${due
      ? html`<${ClosingBanner} due=${due} />
          <${WhatHappens} openOrders=${openOrders} />`
      : html`<p>${t("closing.intro", { days: graceDays })}</p>
          <${WhatHappens} openOrders=${openOrders} />
          <h2>${t("closing.confirm.heading")}</h2>
          <${ErrorSummary} errors=${form.errors} labels=${{ current: t("form.current.label") }} />
          <form class="account-form" method="post" action="/account/close" novalidate>
            ${confirmedUntil
              ? html`<p class="notice notice--ok">${t("closing.confirm.active", { time: formatTime(confirmedUntil, locale) })}</p>`
              : html`<${PasswordField} id="close-current" name="current" label=${t("form.current.label")} errors=${form.errors.current} hint=${t("closing.confirm.hint")} autocomplete="current-password" />`}
            <button class="button button--danger" type="submit">${t("closing.submit", { days: graceDays })}</button>
          </form>
          ${!confirmedUntil &&
          html`<form class="inline-form" method="post" action="/account/confirm">
            <span class="muted">${t("account.confirm.noPassword")} </span>
            <button class="link-button" type="submit">${t("account.confirm.send")}</button>
          </form>`}
          <p><a href="/account">${t("closing.back")}</a></p>`}`;
}
