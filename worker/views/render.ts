import { html } from "htm/preact";
import type { Context } from "hono";
import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import type { AppEnv } from "../app-env.ts";
import { consentCopy, copyHash } from "../features/consent/consent-copy.ts";
import { needsBanner } from "../features/consent/consent-state.ts";
import { offerSubject } from "../features/consent/record-choice.ts";
import { defaultLocale, translator } from "../i18n/index.ts";
import { pagePath } from "../lib/page-path.ts";
import { Layout, type LayoutProps } from "./layout.ts";
import { PageContextValue, type PageContext } from "./page-context.ts";

export type Page = Omit<LayoutProps, "children"> & {
  body: VNode;
  status?: 200 | 400 | 403 | 404 | 409 | 422 | 429 | 500 | 503;
  /** False on pages that are themselves the consent form (cookie settings). */
  consentBanner?: boolean;
};

/** Renders a full HTML page (layout + body) for the current request, in the request's language. */
export async function renderPage(c: Context<AppEnv>, { body, status = 200, consentBanner = true, ...layout }: Page): Promise<Response> {
  const url = new URL(c.req.url);
  // Error pages can be rendered before the i18n middleware ran; they fall back to the default language.
  const locale = c.get("locale") ?? defaultLocale;
  const t = c.get("t") ?? translator(locale);
  const consent = c.get("consent") ?? null;
  const showBanner = consent !== null && consentBanner && needsBanner(consent);
  const copy = showBanner ? consentCopy(t, locale, consent, "banner") : null;
  const page: PageContext = {
    t,
    locale,
    path: pagePath(url),
    query: url.pathname === "/search" ? (url.searchParams.get("q") ?? "").slice(0, 100) : "",
    islands: new Set(),
    consent,
    banner: copy ? { copy, hash: await copyHash(copy), subject: consent.choice ? null : offerSubject() } : null,
    notice: consent !== null && !showBanner && consent.status === "current" && consent.unseenChanges.length > 0,
    member: c.get("member") ?? null,
  };
  const document = renderToString(
    html`<${PageContextValue.Provider} value=${page}><${Layout} ...${layout}>${body}<//><//>`,
  );
  return c.html(`<!doctype html>${document}`, status);
}
