import { Hono } from "hono";
import { html } from "htm/preact";
import type { AppEnv } from "../../app-env.ts";
import { renderPage } from "../../views/render.ts";

/** Placeholder until accounts land: says plainly what exists today, so the header link is never dead. */
export const accountRoutes = new Hono<AppEnv>().get("/account", (c) => {
  const { t } = c.var;
  return renderPage(c, {
    title: t("account.title"),
    section: "account",
    body: html`<section class="plain">
      <h1>${t("account.title")}</h1>
      <p>${t("account.soon")}</p>
      <p><a href="/account/privacy">${t("footer.privacyCenter")}</a></p>
    </section>`,
  });
});
