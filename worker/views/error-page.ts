import { html } from "htm/preact";
import type { MessageKey } from "../i18n/index.ts";
import { formatTime } from "../lib/dates.ts";
import { usePage } from "./page-context.ts";

export type ErrorKind = "404" | "400" | "429" | "500" | "generic";

export const errorTitleKey = (kind: ErrorKind): MessageKey => `error.${kind}.title`;

/** What a shopper sees when something fails: what happened in plain words, a way on, and a reference. */
export function ErrorPage({ status, kind, requestId, retryAfter = null }: { status: number; kind: ErrorKind; requestId: string; retryAfter?: number | null }) {
  const { t, locale } = usePage();
  const text: Record<ErrorKind, MessageKey | null> = {
    "404": "error.404.text",
    "400": "error.400.text",
    "429": "error.429.text",
    "500": "error.500.text",
    generic: null,
  };
  const explanation = text[kind];
  return html`<section class="error-page">
    <p class="error-page__code" aria-hidden="true">${status}</p>
    <h1>${t(errorTitleKey(kind))}</h1>
    ${retryAfter !== null
      ? html`<p>${t("error.429.when", { count: Math.max(1, Math.ceil(retryAfter / 60)), time: formatTime(new Date(Date.now() + retryAfter * 1000), locale) })}</p>`
      : explanation && html`<p>${t(explanation)}</p>`}
    <p><a class="button" href="/">${t("error.home")}</a></p>
    ${status >= 500 && html`<p class="muted">${t("error.reference", { id: requestId })}</p>`}
  </section>`;
}
