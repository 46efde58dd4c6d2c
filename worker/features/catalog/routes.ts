import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { html } from "htm/preact";
import type { AppEnv } from "../../app-env.ts";
import { database } from "../../lib/db.ts";
import { validate, validatePath } from "../../lib/validation.ts";
import { rememberProductView } from "../personalization/recently-viewed.ts";
import { renderPage } from "../../views/render.ts";
import { listingQuery, pageSize, searchQuery, slugParam } from "./listing-query.ts";
import { getCategoryListing, getProduct, searchProducts } from "./queries.ts";
import { CategoryPage, ProductPage, SearchPage } from "./views.ts";

export const catalogRoutes = new Hono<AppEnv>()
  .get("/c/:slug", validatePath(slugParam), validate("query", listingQuery), async (c) => {
    const { slug } = c.req.valid("param");
    const { sort, page } = c.req.valid("query");
    const found = await getCategoryListing(database(c.env.DB), { slug, locale: c.var.locale, sort, page, pageSize });
    if (!found) throw new HTTPException(404);
    const { category, listing } = found;
    return renderPage(c, {
      title: category.name,
      description: category.description,
      body: html`<${CategoryPage} category=${category} listing=${listing} sort=${sort} />`,
    });
  })
  .get("/p/:slug", validatePath(slugParam), async (c) => {
    const product = await getProduct(database(c.env.DB), c.req.valid("param").slug, c.var.locale);
    if (!product) throw new HTTPException(404);
    await rememberProductView(c, product.slug);
    return renderPage(c, {
      title: product.title,
      description: product.description,
      body: html`<${ProductPage} product=${product} />`,
    });
  })
  .get("/search", validate("query", searchQuery), async (c) => {
    const { q, page } = c.req.valid("query");
    const results = q ? await searchProducts(database(c.env.DB), { query: q, locale: c.var.locale, page, pageSize }) : null;
    return renderPage(c, {
      title: q ? `${c.var.t("search.title")}: ${q}` : c.var.t("search.title"),
      body: html`<${SearchPage} query=${q} results=${results} />`,
    });
  });
