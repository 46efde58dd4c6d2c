/** The member's history page: what they watched, a switch to stop keeping it, and a way to clear it. */
import { Hono } from "hono";
import { html } from "htm/preact";
import * as v from "valibot";
import type { AppEnv } from "../../app-env.ts";
import { database } from "../../lib/db.ts";
import { formatDateTime } from "../../lib/dates.ts";
import { validate } from "../../lib/validation.ts";
import { usePage } from "../../views/page-context.ts";
import { renderPage } from "../../views/render.ts";
import { Breadcrumbs } from "../catalog/views.ts";
import { clearHistory, keepsHistory, setKeepHistory, watchedShows } from "./history.ts";
import { requireMember } from "./middleware.ts";

type Watched = Awaited<ReturnType<typeof watchedShows>>;

function HistoryPage({ shows, keep }: { shows: Watched; keep: boolean }) {
  const { t, locale } = usePage();
  return html`<${Breadcrumbs} trail=${[{ href: "/account", label: t("nav.account") }, { label: t("history.title") }]} />
    <h1>${t("history.title")}</h1>
    <p>${t("history.intro")}</p>
    <form class="inline-form" method="post" action="/account/history/keep">
      <input type="hidden" name="keep" value=${keep ? "off" : "on"} />
      <p role="status">${keep ? t("history.on") : t("history.off")}</p>
      <button class="button--secondary" type="submit">${keep ? t("history.turnOff") : t("history.turnOn")}</button>
    </form>
    <h2>${t("history.shows")}</h2>
    ${shows.length === 0
      ? html`<p>${t("history.empty")}</p>`
      : html`<ul class="history-list">
            ${shows.map((show) => html`<li key=${show.slug}><a href=${`/live/${show.slug}`}>${show.title}</a> <span class="muted">${formatDateTime(show.at, locale)}</span></li>`)}
          </ul>
          <form method="post" action="/account/history/clear">
            <button class="button--secondary" type="submit">${t("history.clear")}</button>
          </form>`}`;
}

export const historyRoutes = new Hono<AppEnv>()
  .use("/account/history", requireMember())
  .use("/account/history/*", requireMember())
  .get("/account/history", async (c) => {
    const db = database(c.env.DB);
    const member = c.var.member!;
    const [shows, keep] = await Promise.all([watchedShows(db, member.id, c.var.locale), keepsHistory(db, member.id)]);
    return renderPage(c, { title: c.var.t("history.title"), body: html`<${HistoryPage} shows=${shows} keep=${keep} />` });
  })
  .post("/account/history/keep", validate("form", v.object({ keep: v.picklist(["on", "off"]) })), async (c) => {
    await setKeepHistory(database(c.env.DB), c.var.member!.id, c.req.valid("form").keep === "on");
    return c.redirect("/account/history", 303);
  })
  .post("/account/history/clear", async (c) => {
    await clearHistory(database(c.env.DB), c.var.member!.id);
    return c.redirect("/account/history", 303);
  });
