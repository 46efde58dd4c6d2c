/**
 * The archive's `index.html`: everything in `data.json`, readable by a person in their language. It is
 * rendered from the parsed JSON itself, so the two cannot disagree, and it is self-contained: no
 * scripts, no styles (the shop's CSP forbids inline ones when it is viewed through the shop; tables
 * take HTML's own border attribute instead), no outside resources. Field and section names come from
 * the catalogue (`export.field.<key>`, `export.section.<name>`); a name a new exporter brings without
 * one is spelled out from its key.
 */
import * as v from "valibot";
import { html } from "htm/preact";
import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import { en, type MessageKey } from "../../i18n/en.ts";
import { translator, type Locale, type Translate } from "../../i18n/index.ts";
import { formatDateTime } from "../../lib/dates.ts";
import { formatMoney } from "../../lib/money.ts";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Any JSON value, for reading an archive's data back as what it is. */
export const jsonValue: v.GenericSchema<Json> = v.union([
  v.null(),
  v.boolean(),
  v.number(),
  v.string(),
  v.array(v.lazy(() => jsonValue)),
  v.record(v.string(), v.lazy(() => jsonValue)),
]);
type JsonObject = { [key: string]: Json };

export type IndexInput = {
  /** `data.json`'s sections, parsed back from the JSON text. */
  sections: JsonObject;
  locale: Locale;
  generatedAt: Date;
  nickname: string;
};

const isoDate = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
/** A file of the archive (`archivedPath`): linked, relative, so the link works in the unpacked folder and through the shop. */
const archivedFile = /^files\/[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_.-]+)*\.[a-z]+$/;
/** Wider rows read better one record at a time than as a table. */
const maxTableColumns = 7;

const isObject = (value: Json): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);
const isScalar = (value: Json) => value === null || typeof value !== "object";

/** "priceSeenMinor" → "Price seen minor": the fallback for names the catalogue does not know. */
const spelledOut = (key: string) => {
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/_/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

function lookup(t: Translate, prefix: string, key: string): string {
  const full = `${prefix}.${key}`;
  return full in en ? t(full as MessageKey) : spelledOut(key);
}

/** Amounts are minor units beside a currency: shown as money, and the currency column is not repeated. */
const isAmount = (key: string) => key.endsWith("Minor");
const hidden = (key: string, siblings: JsonObject) => key === "currency" && Object.keys(siblings).some(isAmount);

export function indexDocument({ sections, locale, generatedAt, nickname }: IndexInput): string {
  const t = translator(locale);
  const label = (key: string) => lookup(t, "export.field", key);

  const scalar = (value: Json, key: string, currency: string | null): string => {
    if (value === null) return "—";
    if (typeof value === "boolean") return value ? t("export.doc.yes") : t("export.doc.no");
    if (typeof value === "number") return isAmount(key) && currency ? formatMoney({ minor: value, currency }, locale) : String(value);
    if (typeof value === "string" && isoDate.test(value)) return formatDateTime(new Date(value), locale);
    return String(value);
  };

  const shown = (value: Json, key: string, currency: string | null): VNode | string =>
    typeof value === "string" && archivedFile.test(value) ? html`<a href=${value}>${value}</a>` : scalar(value, key, currency);

  const render = (value: Json, key: string, currency: string | null): VNode | string => {
    // Line breaks (a consent text as shown) are kept without styles.
    if (typeof value === "string" && value.includes("\n")) return html`${value.split("\n").map((line, i) => (i === 0 ? line : html`<br />${line}`))}`;
    if (isScalar(value)) return shown(value, key, currency);
    if (Array.isArray(value)) return list(value, currency);
    return fields(value as JsonObject, currency);
  };

  const fields = (object: JsonObject, inherited: string | null): VNode => {
    const currency = typeof object.currency === "string" ? object.currency : inherited;
    return html`<dl>
      ${Object.entries(object)
        .filter(([key]) => !hidden(key, object))
        .map(([key, value]) => html`<dt><strong>${label(key)}</strong></dt><dd>${render(value, key, currency)}</dd>`)}
    </dl>`;
  };

  const list = (items: Json[], currency: string | null): VNode | string => {
    if (items.length === 0) return t("export.doc.nothing");
    if (items.every(isScalar)) return html`<ul>${items.map((item) => html`<li>${shown(item, "", currency)}</li>`)}</ul>`;
    const rows = items.filter(isObject);
    const columns = [...new Set(rows.flatMap((row) => Object.keys(row).filter((key) => !hidden(key, row))))];
    if (rows.length === items.length && columns.length <= maxTableColumns && rows.every((row) => Object.values(row).every(isScalar))) {
      return html`<table border="1" cellpadding="4">
        <thead>
          <tr>${columns.map((column) => html`<th scope="col">${label(column)}</th>`)}</tr>
        </thead>
        <tbody>
          ${rows.map((row) => {
            const rowCurrency = typeof row.currency === "string" ? row.currency : currency;
            return html`<tr>${columns.map((column) => html`<td>${shown(row[column] ?? null, column, rowCurrency)}</td>`)}</tr>`;
          })}
        </tbody>
      </table>`;
    }
    return html`<ol>${items.map((item) => html`<li>${render(item, "", currency)}</li>`)}</ol>`;
  };

  const section = (value: Json, name: string) => {
    if (value === null) return html`<p>${t("export.doc.nothing")}</p>`;
    const shown = render(value, name, null);
    return typeof shown === "string" ? html`<p>${shown}</p>` : shown;
  };

  const names = Object.keys(sections);
  const document = html`<html lang=${locale}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>${t("export.doc.title")}</title>
    </head>
    <body>
      <h1>${t("export.doc.title")}</h1>
      <p>${t("export.doc.intro", { nickname, date: formatDateTime(generatedAt, locale) })}</p>
      <p>${t("export.doc.masked")}</p>
      <h2>${t("export.doc.contents")}</h2>
      <ul>
        ${names.map((name) => html`<li><a href=${`#${name}`}>${lookup(t, "export.section", name)}</a></li>`)}
      </ul>
      ${names.map(
        (name) => html`<section id=${name}>
          <h2>${lookup(t, "export.section", name)}</h2>
          ${section(sections[name] ?? null, name)}
        </section>`,
      )}
    </body>
  </html>`;
  return `<!doctype html>${renderToString(document)}`;
}
