import { Hono } from "hono";
import { html } from "htm/preact";
import type { AppEnv } from "../../app-env.ts";
import { renderPage } from "../../views/render.ts";

/**
 * Interim privacy and cookie pages: they describe what the software does today. The versioned policy
 * and the consent layer replace them (see docs/policy-map.md).
 */
export const privacyRoutes = new Hono<AppEnv>()
  .get("/privacy", (c) => {
    const { t } = c.var;
    return renderPage(c, {
      title: t("privacy.title"),
      body: html`<section class="plain">
        <h1>${t("privacy.title")}</h1>
        <p>${t("privacy.soon")}</p>
        <ul>
          <li>${t("privacy.today.1")}</li>
          <li>${t("privacy.today.2")}</li>
          <li>${t("privacy.today.3")}</li>
        </ul>
        <p><a href="/cookies">${t("footer.cookies")}</a></p>
      </section>`,
    });
  })
  .get("/cookies", (c) => {
    const { t } = c.var;
    return renderPage(c, {
      title: t("cookies.title"),
      body: html`<section class="plain">
        <h1>${t("cookies.title")}</h1>
        <p>${t("cookies.soon")}</p>
        <table>
          <thead>
            <tr><th scope="col">${t("cookies.name")}</th><th scope="col">${t("cookies.purpose")}</th><th scope="col">${t("cookies.lifetime")}</th></tr>
          </thead>
          <tbody>
            <tr><td><code>lang</code></td><td>${t("cookies.lang.purpose")}</td><td>${t("cookies.lang.lifetime")}</td></tr>
          </tbody>
        </table>
      </section>`,
    });
  });
