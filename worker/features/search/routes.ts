/** `/search` (words and filters, one GET form) and `/api/search/suggest` (titles as you type). */
import { Hono } from "hono";
import { html } from "htm/preact";
import * as v from "valibot";
import type { AppEnv } from "../../app-env.ts";
import { database } from "../../lib/db.ts";
import { fieldErrors, validate } from "../../lib/validation.ts";
import { renderPage } from "../../views/render.ts";
import { featuredProductsQuery, toSummary } from "../catalog/queries.ts";
import { recordSearch } from "./history.ts";
import { searchHistoryPanel } from "./history-view.ts";
import { hasFilters, searchInput, suggestInput } from "./input.ts";
import { browse, categoryOptions, search, suggestions, type SearchRequest } from "./queries.ts";
import { queryParts } from "./segment.ts";
import { SearchPage, type SearchFields, type SearchView } from "./views.ts";

export const pageSize = 12;

/** The raw query string as form fields, so an invalid search re-renders with what was typed. */
function typedFields(query: Record<string, string>): SearchFields {
  const field = (name: string) => (query[name] ?? "").slice(0, 200);
  return { q: field("q"), category: field("category"), min: field("min"), max: field("max"), stock: field("stock"), origin: field("origin"), sort: field("sort") };
}

export const searchRoutes = new Hono<AppEnv>()
  .get("/search", async (c) => {
    const db = database(c.env.DB);
    const locale = c.get("locale");
    const typed = typedFields(c.req.query());
    const parsed = v.safeParse(searchInput, c.req.query());
    const categoriesPromise = categoryOptions(c.env.DB, locale);
    let spent = 0;
    let view: SearchView;
    let fields = typed;
    if (!parsed.success) {
      view = { kind: "invalid", errors: fieldErrors(parsed.issues) };
    } else {
      const input = parsed.output;
      fields = { ...typed, q: input.q };
      const sort = input.sort || (input.q ? "relevance" : "newest");
      const request: SearchRequest = { ...input, locale, sort, pageSize };
      if (input.q === "" && !hasFilters(input)) view = { kind: "prompt" };
      else if (input.q !== "" && queryParts(input.q).length === 0) view = { kind: "no-words" };
      else {
        const started = performance.now();
        const result = input.q ? await search(c.env.DB, input.q, request) : { ...(await browse(c.env.DB, request)), matched: "all" as const, suggestion: null };
        spent = performance.now() - started;
        const popular = result.total === 0 ? (await featuredProductsQuery(db, locale, 4)).map(toSummary) : [];
        view = { kind: "results", result, popular };
        if (input.q && input.page === 1) await recordSearch(c, input.q);
      }
    }
    const categories = await categoriesPromise;
    // The time the search itself took in D1 (workerd's clock moves at I/O), for bench:search.
    c.header("Server-Timing", `search;dur=${spent.toFixed(1)}`);
    const history = await searchHistoryPanel(c, view.kind === "results" ? fields.q : "");
    return renderPage(c, {
      title: fields.q && view.kind !== "invalid" ? `${c.get("t")("search.title")}: ${fields.q}` : c.get("t")("search.title"),
      status: view.kind === "invalid" ? 400 : 200,
      body: html`<${SearchPage} fields=${fields} view=${view} categories=${categories} history=${history} />`,
    });
  })
  .get("/api/search/suggest", validate("query", suggestInput), async (c) => {
    const { q } = c.req.valid("query");
    const found = q.length < 2 && queryParts(q).every((part) => part.kind === "word") ? [] : await suggestions(c.env.DB, q, c.get("locale"));
    return c.json({ suggestions: found });
  });
