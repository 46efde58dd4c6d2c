import { Hono } from "hono";
import { html } from "htm/preact";
import type { AppEnv } from "../../app-env.ts";
import { renderPage } from "../../views/render.ts";
import { recentlyViewed } from "../personalization/recently-viewed.ts";
import { forYou } from "../recommendations/for-you.ts";
import { getHomePage } from "./queries.ts";
import { HomePage } from "./views.ts";

export const homeRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const [{ featured, categories, shows, recent }, picks] = await Promise.all([
    getHomePage(c.env.DB, { locale: c.get("locale"), recentSlugs: await recentlyViewed(c), featured: 10 }),
    forYou(c),
  ]);
  return renderPage(c, {
    title: c.get("t")("home.title"),
    body: html`<${HomePage} featured=${featured} categories=${categories} shows=${shows} recent=${recent} forYou=${picks} />`,
  });
});
