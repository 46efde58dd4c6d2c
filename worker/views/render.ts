import { html } from "htm/preact";
import type { Context } from "hono";
import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import type { AppEnv } from "../app-env.ts";
import { defaultLocale, translator } from "../i18n/index.ts";
import { Layout, type LayoutProps } from "./layout.ts";
import { PageContextValue, type PageContext } from "./page-context.ts";

export type Page = Omit<LayoutProps, "children"> & { body: VNode; status?: 200 | 400 | 403 | 404 | 409 | 422 | 429 | 500 | 503 };

/** Renders a full HTML page (layout + body) for the current request, in the request's language. */
export function renderPage(c: Context<AppEnv>, { body, status = 200, ...layout }: Page): Response {
  const url = new URL(c.req.url);
  // Error pages can be rendered before the i18n middleware ran; they fall back to the default language.
  const locale = c.var.locale ?? defaultLocale;
  const page: PageContext = {
    t: c.var.t ?? translator(locale),
    locale,
    path: url.pathname + url.search,
    query: url.pathname === "/search" ? (url.searchParams.get("q") ?? "").slice(0, 100) : "",
    islands: new Set(),
  };
  const document = renderToString(
    html`<${PageContextValue.Provider} value=${page}><${Layout} ...${layout}>${body}<//><//>`,
  );
  return c.html(`<!doctype html>${document}`, status);
}
