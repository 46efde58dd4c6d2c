import { Hono } from "hono";
import { html } from "htm/preact";
import type { AppEnv } from "../../app-env.ts";
import { database } from "../../lib/db.ts";
import { renderPage } from "../../views/render.ts";
import { listCategories, listFeaturedProducts, listProductsBySlug } from "../catalog/queries.ts";
import { recentlyViewed } from "../personalization/recently-viewed.ts";
import { listShows } from "../live/queries.ts";
import { HomePage } from "./views.ts";

export const homeRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const db = database(c.env.DB);
  const [featured, categories, shows, recent] = await Promise.all([
    listFeaturedProducts(db, c.var.locale, 10),
    listCategories(db, c.var.locale),
    listShows(db, c.var.locale, ["live", "scheduled"]),
    listProductsBySlug(db, recentlyViewed(c), c.var.locale),
  ]);
  return renderPage(c, {
    title: c.var.t("home.title"),
    body: html`<${HomePage} featured=${featured} categories=${categories} shows=${shows} recent=${recent} />`,
  });
});
