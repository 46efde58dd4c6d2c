import { html } from "htm/preact";
import type { MessageKey } from "../../i18n/index.ts";
import { en } from "../../i18n/en.ts";
import { formatDateTime } from "../../lib/dates.ts";
import { usePage } from "../../views/page-context.ts";
import { Breadcrumbs } from "../catalog/views.ts";
import type { ExportRow } from "./queries.ts";

/** What the page says above the list after a request: started, refused by the hourly limit, or not started. */
export type ExportNotice = { kind: "requested" } | { kind: "refused"; retryAt: Date } | { kind: "unavailable" } | null;

/** An export as the page lists it, with its signed download link while it is ready. */
export type ListedExport = ExportRow & { downloadLink: string | null };

function size(bytes: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "unit", unit: "kilobyte", maximumFractionDigits: 0 }).format(Math.max(1, Math.round(bytes / 1000)));
}

function ExportItem({ item }: { item: ListedExport }) {
  const { t, locale } = usePage();
  const state =
    item.downloadLink && item.expiresAt
      ? html`<p>${t("export.status.ready", { size: size(item.bytes ?? 0, locale), time: formatDateTime(item.expiresAt, locale) })}</p>
          <p class="center-actions">
            <a class="button" href=${item.downloadLink} download>${t("export.download")}</a>
            <a href=${`/account/export/${item.id}/index.html`}>${t("export.view")}</a>
          </p>`
      : item.status === "queued"
        ? html`<p>${t("export.status.queued")}</p>`
        : item.status === "failed"
          ? html`<p>${t("export.status.failed")}</p>`
          : html`<p>${t("export.status.expired")}</p>`;
  return html`<li>
    <p><strong>${t("export.requestedAt", { time: formatDateTime(item.requestedAt, locale) })}</strong></p>
    ${state}
  </li>`;
}

/** The member's exports and the button to ask for one: a plain form, so it works without JavaScript. */
export function ExportPage({ exports, sections, notice }: { exports: ListedExport[]; sections: string[]; notice: ExportNotice }) {
  const { t, locale } = usePage();
  const sectionTitle = (name: string) => {
    const key = `export.section.${name}`;
    return key in en ? t(key as MessageKey) : name;
  };
  return html`<${Breadcrumbs} trail=${[{ href: "/account", label: t("nav.account") }, { href: "/account/privacy", label: t("center.title") }, { label: t("export.title") }]} />
    <section class="plain">
      <h1>${t("export.title")}</h1>
      ${notice?.kind === "requested" && html`<p class="notice notice--ok" role="status">${t("export.requested")}</p>`}
      ${notice?.kind === "refused" && html`<p class="notice" role="alert">${t("export.refused", { time: formatDateTime(notice.retryAt, locale) })}</p>`}
      ${notice?.kind === "unavailable" && html`<p class="notice" role="alert">${t("export.unavailable")}</p>`}
      <p>${t("export.intro")}</p>
      <details>
        <summary>${t("export.contents")}</summary>
        <ul>
          ${sections.map((name) => html`<li>${sectionTitle(name)}</li>`)}
        </ul>
      </details>
      <p>${t("export.how")}</p>
      <form method="post" action="/account/export">
        <button class="button" type="submit">${t("export.request")}</button>
      </form>
      <h2>${t("export.list")}</h2>
      ${exports.length === 0
        ? html`<p>${t("export.none")}</p>`
        : html`<ul class="export-list">
            ${exports.map((item) => html`<${ExportItem} key=${item.id} item=${item} />`)}
          </ul>`}
    </section>`;
}

/** An export that cannot be downloaded (any more): expired, or a link that is not valid. */
export function ExportGonePage({ reason }: { reason: "expired" | "link" }) {
  const { t } = usePage();
  return html`<section class="plain">
    <h1>${reason === "expired" ? t("export.expired.title") : t("export.link.title")}</h1>
    <p>${reason === "expired" ? t("export.expired.text") : t("export.link.text")}</p>
    <p><a href="/account/export">${t("export.back")}</a></p>
  </section>`;
}
