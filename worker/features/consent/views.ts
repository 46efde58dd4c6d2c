import { html } from "htm/preact";
import { formatDate, formatDateTime } from "../../lib/dates.ts";
import { usePage } from "../../views/page-context.ts";
import type { ConsentRecord } from "./consent-ledger.ts";
import type { CategoryCopy, ConsentCopy, GpcOverrideCopy } from "./consent-copy.ts";
import type { MessageKey } from "../../i18n/index.ts";
import type { ConsentState, Decision } from "./consent-state.ts";
import type { Jurisdiction } from "./jurisdiction.ts";
import { cookieCategories, cookieRegistry, optionalCategories, optionalCategoriesInUse, type OptionalCategory } from "./cookie-registry.ts";

/**
 * The hidden fields every consent form carries: what was shown, where it was shown, where to go next,
 * and (before a first choice) an offer of a subject (`offerSubject`).
 */
function ConsentFormFields({ surface, hash, next, subject }: { surface: string; hash: string; next: string; subject: string | null }) {
  return html`<input type="hidden" name="surface" value=${surface} />
    <input type="hidden" name="shown" value=${hash} />
    <input type="hidden" name="next" value=${next} />
    ${subject && html`<input type="hidden" name="subject" value=${subject} />`}`;
}

function Changes({ copy }: { copy: ConsentCopy }) {
  const { t } = usePage();
  if (copy.changes.length === 0) return null;
  const from = Math.min(...copy.changes.map((change) => change.version)) - 1;
  return html`<div class="consent-changes">
    <h3>${t("consent.changes")}</h3>
    <ul>
      ${copy.changes.map((change) => html`<li>${t("notice.version", { version: change.version, date: change.date })} ${change.summary}</li>`)}
    </ul>
    <a href=${`/privacy/diff?from=${from}&to=${copy.policyVersion}`}>${t("consent.compare")}</a>
  </div>`;
}

function CategoryChoice({ category, checked, reason }: { category: CategoryCopy; checked: boolean; reason?: string }) {
  const { t } = usePage();
  const id = `consent-${category.category}`;
  if (category.alwaysOn) {
    return html`<div class="consent-category">
      <p class="consent-category__head"><strong>${category.name}</strong> <span class="badge badge--muted">${t("consent.alwaysOn")}</span></p>
      <p class="consent-category__text">${category.description}</p>
    </div>`;
  }
  return html`<div class="consent-category">
    <p class="consent-category__head">
      <input type="checkbox" id=${id} name=${category.category} value="on" checked=${checked} aria-describedby=${`${id}-text`} />
      <label for=${id}><strong>${category.name}</strong></label>
      ${reason && html`<span class="consent-category__reason">${reason}</span>`}
    </p>
    <p class="consent-category__text" id=${`${id}-text`}>${category.description}</p>
  </div>`;
}

/**
 * The first layer: in the initial HTML, a plain form (no JavaScript needed), three equally prominent
 * actions and no pre-ticked boxes. "Choose" opens the category list in place.
 */
export function ConsentBanner({ copy, hash, subject }: { copy: ConsentCopy; hash: string; subject: string | null }) {
  const { t, path } = usePage();
  const [accept, reject, choose, save] = copy.buttons;
  return html`<section class="consent-banner" aria-labelledby="consent-heading">
    <div class="wrap">
      <h2 id="consent-heading">${copy.heading}</h2>
      <p>${copy.text} <a href="/privacy">${t("consent.policyLink")}</a> · <a href="/cookies">${t("consent.settingsLink")}</a></p>
      <${Changes} copy=${copy} />
      ${copy.gpcNote && html`<p class="consent-gpc">${copy.gpcNote}</p>`}
      <form method="post" action="/consent" class="consent-form">
        <${ConsentFormFields} surface="banner" hash=${hash} next=${path} subject=${subject} />
        <div class="consent-actions">
          <button type="submit" class="consent-button" name="action" value="accept_all">${accept}</button>
          <button type="submit" class="consent-button" name="action" value="reject_all">${reject}</button>
          <details class="consent-choose">
            <summary class="consent-button">${choose}</summary>
            <fieldset>
              <legend class="visually-hidden">${copy.heading}</legend>
              ${copy.categories.map((category) => html`<${CategoryChoice} category=${category} checked=${false} />`)}
            </fieldset>
            <button type="submit" class="consent-button consent-button--save" name="action" value="save">${save}</button>
          </details>
        </div>
      </form>
    </div>
  </section>`;
}

/** Announces policy versions published since the visitor last looked; editorial changes only inform. */
export function PolicyNotice({ state }: { state: ConsentState }) {
  const { t, locale, path } = usePage();
  const from = state.choice?.n ?? state.policyVersion;
  return html`<section class="policy-notice" aria-labelledby="notice-heading">
    <div class="wrap">
      <h2 id="notice-heading">${t("notice.heading")}</h2>
      <ul>
        ${state.unseenChanges.map(
          (change) =>
            html`<li>${t("notice.version", { version: change.version, date: formatDate(change.effectiveAt, locale) })} ${change.summary[locale] ?? ""}</li>`,
        )}
      </ul>
      <div class="policy-notice__actions">
        <a href=${`/privacy/diff?from=${from}&to=${state.policyVersion}`}>${t("notice.read")}</a>
        <form method="post" action="/privacy/notice">
          <input type="hidden" name="next" value=${path} />
          <button type="submit" class="consent-button">${t("notice.dismiss")}</button>
        </form>
      </div>
    </div>
  </section>`;
}

const reasonKey = (decision: Decision) => `consent.reason.${decision.reason}` as const;

const jurisdictionKey: Record<Jurisdiction["zone"], MessageKey> = {
  "EU/EEA": "jurisdiction.eu",
  UK: "jurisdiction.uk",
  CN: "jurisdiction.cn",
  "US-CA": "jurisdiction.usca",
  other: "jurisdiction.other",
  unknown: "jurisdiction.unknown",
};

export function CookieTable() {
  const { t, locale } = usePage();
  return html`<table class="cookie-table">
    <caption>${t("settings.table")}</caption>
    <thead>
      <tr>
        <th scope="col">${t("settings.column.name")}</th>
        <th scope="col">${t("settings.column.category")}</th>
        <th scope="col">${t("settings.column.purpose")}</th>
        <th scope="col">${t("settings.column.lifetime")}</th>
        <th scope="col">${t("settings.column.type")}</th>
      </tr>
    </thead>
    <tbody>
      ${cookieRegistry.map(
        (entry) => html`<tr>
          <td><code>${entry.name}</code></td>
          <td>${t(`consent.category.${entry.category}.name`)}</td>
          <td>${entry.purpose[locale]}</td>
          <td>${entry.lifetime[locale]}</td>
          <td>${t(`settings.type.${entry.kind}`)}, ${t("settings.firstParty")}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

export function SettingsPage({
  copy,
  hash,
  subject,
  state,
  saved,
  stale,
}: {
  copy: ConsentCopy;
  hash: string;
  subject: string | null;
  state: ConsentState;
  saved: boolean;
  stale: boolean;
}) {
  const { t } = usePage();
  const chosen = state.status === "current" ? state.choice : null;
  const [save, acceptAll, withdraw] = copy.buttons;
  return html`<section class="plain settings">
    <h1>${copy.heading}</h1>
    ${saved && html`<p class="notice notice--ok" role="status">${t("consent.saved")}</p>`}
    ${stale && html`<div class="notice" role="alert"><strong>${t("consent.stale.title")}</strong> ${t("consent.stale.text")}</div>`}
    <p>${copy.text}</p>
    <p class="muted"><strong>${t("settings.rules")}:</strong> ${t(jurisdictionKey[state.jurisdiction.zone])}</p>
    ${copy.gpcNote && html`<p class="consent-gpc">${copy.gpcNote}</p>`}
    <form method="post" action="/consent" class="settings-form">
      <${ConsentFormFields} surface="settings" hash=${hash} next="/cookies?saved=1" subject=${subject} />
      <fieldset>
        <legend>${t("center.choices")}</legend>
        ${copy.categories.map((category) =>
          category.alwaysOn
            ? html`<${CategoryChoice} category=${category} checked=${true} />`
            : html`<${CategoryChoice}
                category=${category}
                checked=${chosen?.c[category.category as OptionalCategory] ?? false}
                reason=${t(reasonKey(state.decisions[category.category]))}
              />`,
        )}
      </fieldset>
      <div class="consent-actions">
        <button type="submit" class="consent-button" name="action" value="save">${save}</button>
        <button type="submit" class="consent-button" name="action" value="accept_all">${acceptAll}</button>
        <button type="submit" class="consent-button" name="action" value="withdraw">${withdraw}</button>
      </div>
    </form>
    <${CookieTable} />
  </section>`;
}

/** Asks before an explicit opt-in overrides the browser's Global Privacy Control signal. */
export function GpcOverridePage({
  copy,
  surface,
  hash,
  next,
  subject,
  requested,
}: {
  copy: GpcOverrideCopy;
  surface: string;
  hash: string;
  next: string;
  subject: string | null;
  requested: Record<OptionalCategory, boolean>;
}) {
  const wanted = optionalCategories.filter((category) => requested[category]);
  return html`<section class="plain">
    <h1>${copy.title}</h1>
    <p>${copy.text}</p>
    <form method="post" action="/consent">
      <${ConsentFormFields} surface=${surface} hash=${hash} next=${next} subject=${subject} />
      <input type="hidden" name="action" value=${surface === "center" ? "personalization_on" : "save"} />
      ${wanted.map((category) => html`<input type="hidden" name=${category} value="on" />`)}
      <div class="consent-actions">
        <button type="submit" class="consent-button" name="gpc_override" value="yes">${copy.yes}</button>
        <button type="submit" class="consent-button" name="gpc_override" value="no">${copy.no}</button>
      </div>
    </form>
  </section>`;
}

export function RecordsTable({ records }: { records: ConsentRecord[] }) {
  const { t, locale } = usePage();
  const choices = (record: ConsentRecord) =>
    optionalCategoriesInUse()
      .filter((category) => category in record.categories)
      .map((category) => `${t(`consent.category.${category}.name`)}: ${record.categories[category] ? t("consent.on") : t("consent.off")}`)
      .join(" · ");
  return html`<table class="records-table">
    <thead>
      <tr>
        <th scope="col">${t("center.record.when")}</th>
        <th scope="col">${t("center.record.event")}</th>
        <th scope="col">${t("center.record.choices")}</th>
        <th scope="col">${t("center.record.policy")}</th>
        <th scope="col">${t("center.record.source")}</th>
        <th scope="col">${t("center.record.keptUntil")}</th>
      </tr>
    </thead>
    <tbody>
      ${records.map(
        (record) => html`<tr>
          <td>${formatDateTime(record.createdAt, locale)}</td>
          <td>${t(`center.event.${record.event}`)}</td>
          <td>${choices(record)}</td>
          <td><a href=${`/privacy/v/${record.policyVersion}`}>v${record.policyVersion}</a></td>
          <td>${t(`center.source.${record.source}`)}</td>
          <td>${formatDate(record.retainUntil, locale)}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

export function PrivacyCenterPage({
  state,
  records,
  personalization,
  saved,
}: {
  state: ConsentState;
  records: ConsentRecord[];
  personalization: { copy: ConsentCopy; hash: string; subject: string | null };
  saved: boolean;
}) {
  const { t, member } = usePage();
  const personalized = state.decisions.personalization.storage;
  const [toggle] = personalization.copy.buttons;
  return html`<section class="plain center">
    <h1>${t("center.title")}</h1>
    ${saved && html`<p class="notice notice--ok" role="status">${t("consent.saved")}</p>`}
    <p>${t("center.intro")}</p>
    ${state.gpc && html`<p class="consent-gpc">${t("consent.gpc.honoured")}</p>`}

    <h2>${t("center.choices")}</h2>
    ${state.status === "none" && html`<p>${t("center.noChoice")}</p>`}
    <ul class="choice-list">
      ${optionalCategoriesInUse().map((category) => {
        const decision = state.decisions[category];
        const label = `${t(`consent.category.${category}.name`)}: ${decision.storage ? t("consent.on") : t("consent.off")}`;
        return html`<li>${label} <span class="muted">(${t(reasonKey(decision))})</span></li>`;
      })}
    </ul>
    <p><a href="/cookies">${t("consent.settingsLink")}</a></p>

    <h2 id="personalization">${t("center.personalization")}</h2>
    <p>${personalized ? t("center.personalization.on") : t("center.personalization.off")}</p>
    <form method="post" action="/consent" class="center-switch">
      <${ConsentFormFields} surface="center" hash=${personalization.hash} next="/account/privacy?saved=1" subject=${personalization.subject} />
      <button type="submit" class="consent-button" name="action" value=${personalized ? "personalization_off" : "personalization_on"}>${toggle}</button>
    </form>

    <h2>${t("center.records")}</h2>
    ${state.choice && html`<p class="muted">${t("center.subject", { id: state.choice.sid })}</p>`}
    ${records.length === 0
      ? html`<p>${t("center.records.none")}</p>`
      : html`<${RecordsTable} records=${records} />
          <p class="muted">${t("center.chain")}</p>
          <p class="center-actions">
            <a class="button" href="/account/privacy/receipt.json" download>${t("center.receipt.json")}</a>
            <a href="/account/privacy/receipt">${t("center.receipt.page")}</a>
          </p>`}

    <h2>${t("center.export")}</h2>
    <p>${member ? t("export.center.text") : t("export.center.guest")} <a href="/account/export">${t("export.title")}</a></p>
    <h2>${t("center.delete")}</h2>
    <p>${t("center.delete.soon")}</p>
    <h2>${t("center.policy")}</h2>
    <p>${t("center.policy.text", { version: state.policyVersion })} <a href="/privacy">${t("consent.policyLink")}</a></p>
  </section>`;
}

export function ReceiptPage({ subjectId, records, issuedAt }: { subjectId: string; records: ConsentRecord[]; issuedAt: Date }) {
  const { t, locale } = usePage();
  return html`<section class="plain receipt">
    <h1>${t("receipt.title")}</h1>
    <p>${t("receipt.intro", { id: subjectId, date: formatDateTime(issuedAt, locale) })}</p>
    ${records.map(
      (record) => html`<article class="receipt-record">
        <h2>#${record.seq} · ${t(`center.event.${record.event}`)} · ${formatDateTime(record.createdAt, locale)}</h2>
        <dl>
          <dt>${t("center.record.choices")}</dt>
          <dd>
            ${cookieCategories
              .filter((category) => category in record.categories)
              .map((category) => `${t(`consent.category.${category}.name`)}: ${record.categories[category] ? t("consent.on") : t("consent.off")}`)
              .join(" · ")}
          </dd>
          <dt>${t("receipt.jurisdiction")}</dt>
          <dd>${record.jurisdiction}</dd>
          <dt>${t("receipt.basis")}</dt>
          <dd>${record.legalBasis}</dd>
          <dt>${t("center.record.policy")}</dt>
          <dd><a href=${`/privacy/v/${record.policyVersion}`}>v${record.policyVersion}</a></dd>
          <dt>${t("receipt.policyHash")}</dt>
          <dd><code>${record.policyHash}</code></dd>
          <dt>${t("receipt.textHash")}</dt>
          <dd><code>${record.textHash}</code></dd>
          <dt>${t("center.record.source")}</dt>
          <dd>${t(`center.source.${record.source}`)} (${record.locale})</dd>
          <dt>${t("center.record.keptUntil")}</dt>
          <dd>${formatDate(record.retainUntil, locale)}</dd>
          <dt>${t("receipt.previous")}</dt>
          <dd><code>${record.prevHash}</code></dd>
          <dt>${t("receipt.hash")}</dt>
          <dd><code>${record.hash}</code></dd>
        </dl>
      </article>`,
    )}
  </section>`;
}
