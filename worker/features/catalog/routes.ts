import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { html } from "htm/preact";
import type { AppEnv } from "../../app-env.ts";
import { runBatch } from "../../lib/db.ts";
import { validate, validatePath } from "../../lib/validation.ts";
import { recordVisit } from "../accounts/history.ts";
import { similarBySlug, toRecommendations, togetherBySlug } from "../recommendations/product.ts";
import { rememberProductView } from "../personalization/recently-viewed.ts";
import { renderPage } from "../../views/render.ts";
import { listingQuery, pageSize, slugParam } from "./listing-query.ts";
import { getCategoryListing, productBySlug } from "./queries.ts";
import { CategoryPage, ProductPage } from "./views.ts";

export const catalogRoutes = new Hono<AppEnv>()
  .get("/c/:slug", validatePath(slugParam), validate("query", listingQuery), async (c) => {
    const { slug } = c.req.valid("param");
    const { sort, page } = c.req.valid("query");
    const found = await getCategoryListing(c.env.DB, { slug, locale: c.get("locale"), sort, page, pageSize });
    if (!found) throw new HTTPException(404);
    const { category, listing } = found;
    await recordVisit(c, "category", category.id);
    return renderPage(c, {
      title: category.name,
      description: category.description,
      body: html`<${CategoryPage} category=${category} listing=${listing} sort=${sort} />`,
    });
  })
  .get("/p/:slug", validatePath(slugParam), async (c) => {
    const input = { slug: c.req.valid("param").slug, locale: c.get("locale") };
    // One round trip: the product, and its recommendations found by the same slug.
    const [[product], similar, together] = await runBatch(c.env.DB, [productBySlug(c.env.DB, input), similarBySlug(c.env.DB, input), togetherBySlug(c.env.DB, input)]);
    if (!product) throw new HTTPException(404);
    await Promise.all([rememberProductView(c, product.slug), recordVisit(c, "product", product.id)]);
    const recommendations = toRecommendations(similar, together);
    return renderPage(c, {
      title: product.title,
      description: product.description,
      body: html`<${ProductPage} product=${product} recommendations=${recommendations} />`,
    });
  });
