/**
 * Full-text search over the catalogue with FTS5 (`product_search`, migration 0011): bm25 relevance with
 * field weights, prefixes, Chinese substrings (segment.ts), filters, sort and pagination in one query
 * per page; "did you mean" from the index's own vocabulary; suggestions from titles. Every query binds
 * its words as parameters (no LIKE: D1 refuses patterns over 50 bytes) and stays far below D1's 100
 * bound parameters.
 */
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { categories, categoryTexts, type ContentLocale } from "../../../db/schema/index.ts";
import { sqlStatement, type Db } from "../../lib/db.ts";
import type { Page, ProductSummary } from "../catalog/queries.ts";
import type { SearchFilters, SearchSort } from "./input.ts";
import { anyOf, looseTerms, matchExpression, queryParts, type QueryPart } from "./segment.ts";

/** bm25 weights of the index's columns: title, attributes (with the category's name), description. */
const weights = sql.raw("10.0, 4.0, 1.0");

/**
 * Most index rows a relevance search scores. bm25 costs about a microsecond a row, and a short or common
 * word matches a quarter of a large catalogue, where its score hardly tells products apart: such a search
 * ranks its newest matches (two rows a product, so at least `scoreCap / 2` products) and still counts
 * them all. Below the cap nothing changes. Filtered searches score every match, so their pages and
 * their total always agree.
 */
export const scoreCap = 2_000;

/**
 * The matching products' keys with their best score over their languages (a row's rowid is `k * 2 +
 * language`). bm25() only runs in a plain query on the index, so scored rows are materialised first.
 */
const scoredHits = (match: string, capped = false) => sql`
  s AS MATERIALIZED (SELECT rowid AS r, bm25(product_search, ${weights}) AS score FROM product_search WHERE product_search MATCH ${match}
    ${capped ? sql`ORDER BY rowid DESC LIMIT ${scoreCap}` : sql``}),
  hits AS MATERIALIZED (SELECT r >> 1 AS k, min(score) AS score FROM s GROUP BY k)`;

/** The matching products' keys, unscored (sorts other than relevance, and counting). */
const plainHits = (match: string) => sql`
  hits AS MATERIALIZED (SELECT DISTINCT rowid >> 1 AS k FROM product_search WHERE product_search MATCH ${match})`;

/** A tile's columns, its first picture's parts as columns (read with json_extract, not parsed). */
type Row = Omit<ProductSummary, "image"> & { imageKey: string | null; imageWidth: number | null; imageHeight: number | null };

const toSummary = ({ imageKey, imageWidth, imageHeight, ...row }: Row): ProductSummary => ({
  ...row,
  image: imageKey === null ? null : { key: imageKey, width: imageWidth ?? 0, height: imageHeight ?? 0 },
});

/** Conditions on `sp` (search_products) for the filters. */
function filterConditions(filters: SearchFilters): SQL[] {
  const conditions: SQL[] = [];
  if (filters.category) conditions.push(sql`sp.category_id = (SELECT id FROM ${categories} WHERE slug = ${filters.category})`);
  if (filters.min !== null) conditions.push(sql`sp.price_minor >= ${filters.min}`);
  if (filters.max !== null) conditions.push(sql`sp.price_minor <= ${filters.max}`);
  if (filters.stock) conditions.push(sql`sp.stock > 0`);
  if (filters.origin) conditions.push(sql`sp.cross_border = ${filters.origin === "abroad" ? 1 : 0}`);
  return conditions;
}

const orderings: Record<SearchSort, SQL> = {
  relevance: sql`hits.score, sp.k`,
  newest: sql`sp.created_at DESC, sp.k`,
  price_asc: sql`sp.price_minor, sp.k`,
  price_desc: sql`sp.price_minor DESC, sp.k`,
};

export type SearchRequest = SearchFilters & { locale: ContentLocale; sort: SearchSort; page: number; pageSize: number };

/**
 * One page of products matching an FTS5 expression (or only the filters when it is null), and their
 * total, in one round trip. The page is chosen on the narrow `search_products` rows; only its dozen
 * products are then read whole, with their texts.
 */
async function findPage(d1: D1Database, match: string | null, request: SearchRequest): Promise<Page<ProductSummary>> {
  const conditions = filterConditions(request);
  const where = conditions.length > 0 ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
  const sort = match ? request.sort : request.sort === "relevance" ? "newest" : request.sort;
  const source = match ? sql`hits CROSS JOIN search_products AS sp ON sp.k = hits.k` : sql`search_products AS sp`;
  const capped = Boolean(match) && sort === "relevance" && conditions.length === 0;
  // Where every match is sorted anyway, the total comes with the page (a window over them all); a capped
  // ranking or a listing walked off an index counts apart, which costs less than sorting everything
  // (counting needs no score, and without filters not even the narrow rows).
  const windowed = Boolean(match) && !capped;
  const counted = capped
    ? sql`(SELECT count(DISTINCT rowid >> 1) FROM product_search WHERE product_search MATCH ${match})`
    : sql`(SELECT count(*) FROM search_products AS sp ${where})`;
  const withHits = match ? sql`WITH ${sort === "relevance" ? scoredHits(match, capped) : plainHits(match)},` : sql`WITH`;
  const { results: rows } = await sqlStatement(d1, sql`${withHits}
    page AS (
      SELECT sp.product_id, row_number() OVER (ORDER BY ${orderings[sort]}) AS position
        ${windowed ? sql`, count(*) OVER () AS total` : sql``}
      FROM ${source} ${where}
      ORDER BY ${orderings[sort]} LIMIT ${request.pageSize} OFFSET ${(request.page - 1) * request.pageSize}
    )
    SELECT p.id, p.slug, t.title, p.price_minor AS priceMinor, p.list_price_minor AS listPriceMinor, p.currency, p.stock,
      json_extract(p.images, '$[0].key') AS imageKey, json_extract(p.images, '$[0].width') AS imageWidth,
      json_extract(p.images, '$[0].height') AS imageHeight, ${windowed ? sql`page.total` : counted} AS total
    FROM page
    JOIN products AS p ON p.id = page.product_id
    JOIN product_texts AS t ON t.product_id = p.id AND t.locale = ${request.locale}
    ORDER BY page.position`).all<Row & { total: number }>();
  // Past the last page no row carries the total (a stale link): count apart.
  const stale = () =>
    sqlStatement(d1, windowed && match ? sql`WITH ${plainHits(match)} SELECT count(*) AS total FROM ${source} ${where}` : sql`SELECT ${counted} AS total`).first<number>("total");
  const total = rows[0]?.total ?? (request.page > 1 ? ((await stale()) ?? 0) : 0);
  // A capped ranking reaches its scored products only; the total still says how many matched.
  const reachable = capped ? Math.min(total, scoreCap / 2) : total;
  return {
    items: rows.map(({ total: _total, ...row }) => toSummary(row)),
    total,
    page: request.page,
    pages: Math.max(1, Math.ceil(reachable / request.pageSize)),
  };
}

export type SearchResult = Page<ProductSummary> & {
  /** "all": every word matched; "some": nothing matched them all, these match some of them. */
  matched: "all" | "some";
  /** A respelled query that the catalogue knows, when the words as typed found nothing. */
  suggestion: string | null;
};

/**
 * Searches for `query` with `request`'s filters. Nothing matching every word falls back to products
 * matching some of them (best first), with a "did you mean" when a word looks misspelt.
 */
export async function search(d1: D1Database, query: string, request: SearchRequest): Promise<SearchResult> {
  const parts = queryParts(query);
  const strict = await findPage(d1, inColumns(matchExpression(parts), broad(parts)), request);
  if (strict.total > 0 || parts.length === 0) return { ...strict, matched: "all", suggestion: null };
  const [suggestion, loose] = await Promise.all([
    didYouMean(d1, parts),
    needsLooseSearch(parts) ? looseExpression(d1, parts).then((match) => findPage(d1, inColumns(match, true), request)) : strict,
  ]);
  return { ...loose, matched: "some", suggestion };
}

/** Whether matching "some" differs from "all": several parts, or a Chinese run of several pairs. */
const needsLooseSearch = (parts: QueryPart[]) => parts.length > 1 || (parts[0]?.kind === "cjk" && [...parts[0].text].length > 2);

/**
 * How many products the Chinese pairs of a loose match may hold between them. A long sentence has pairs
 * as common as 生日 or 朋友 (a quarter of the catalogue); scoring them all would cost more than the rest of
 * the search. The rarest pairs are the most telling, so they are taken first, up to this budget.
 */
const loosePairBudget = 5_000;

/** The loose match: the query's words, and its rarest Chinese pairs within the budget (at least one). */
async function looseExpression(d1: D1Database, parts: QueryPart[]): Promise<string | null> {
  const { prefixes, pairs } = looseTerms(parts);
  if (pairs.length === 0) return anyOf({ prefixes, pairs });
  const { results } = await sqlStatement(
    d1,
    sql`SELECT term, doc FROM product_search_terms WHERE term IN (${sql.join(pairs.map((pair) => sql`${pair}`), sql`, `)}) ORDER BY doc`,
  ).all<{ term: string; doc: number }>();
  const chosen: string[] = [];
  let held = 0;
  for (const { term, doc } of results) {
    if (chosen.length > 0 && held + doc > loosePairBudget) break;
    chosen.push(term);
    held += doc;
  }
  return prefixes.length + chosen.length === 0 ? null : anyOf({ prefixes, pairs: chosen });
}

/**
 * Whether a query is so short it matches a large part of the catalogue (one Chinese character, a word
 * of up to three letters): it then looks in titles, categories and attributes only, where such a word
 * means something, and bm25 has far fewer rows to score. The loose fallback does the same.
 */
const broad = (parts: QueryPart[]) => parts.every((part) => [...part.text].length <= (part.kind === "cjk" ? 1 : 3));

const inColumns = (expression: string | null, narrow: boolean) =>
  expression && narrow ? `{title attributes} : (${expression})` : expression;


/** Products for filters alone (no words): a filtered listing, newest first unless sorted otherwise. */
export function browse(d1: D1Database, request: SearchRequest): Promise<Page<ProductSummary>> {
  return findPage(d1, null, request);
}

/** Edit distance (insertions, deletions, substitutions, and swaps of neighbours), up to `limit` + 1. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = Array.from({ length: b.length + 1 }, (_, j) => j);
  let previous = before;
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2]! + 1);
      row.push(best);
    }
    before = previous;
    previous = row;
  }
  return previous[b.length]!;
}

/**
 * A respelling of the query's words from the index's vocabulary: each word of three letters or more
 * that no indexed term starts with is replaced by the most common term within one edit (two for words
 * of six letters or more) that starts with the same two letters. Null when nothing changes.
 */
async function didYouMean(d1: D1Database, parts: QueryPart[]): Promise<string | null> {
  const candidates = parts.filter((part) => part.kind === "word" && part.text.length >= 3 && /^[a-z]/.test(part.text));
  if (candidates.length === 0) return null;
  // Terms sharing the word's first two letters: a typo is rarely there, and fts5vocab counts documents
  // for every term it reads, so a one-letter range would cost four times as much.
  const ranges = candidates.map((part) => {
    const start = part.text.slice(0, 2);
    return sql`(term >= ${start} AND term < ${start[0]! + String.fromCharCode(start.charCodeAt(1) + 1)})`;
  });
  const { results: terms } = await sqlStatement(d1, sql`SELECT term, doc FROM product_search_terms WHERE ${sql.join(ranges, sql` OR `)}`).all<{
    term: string;
    doc: number;
  }>();
  const respelled = new Map<string, string>();
  for (const part of candidates) {
    if (terms.some((entry) => entry.term.startsWith(part.text))) continue;
    const limit = part.text.length >= 6 ? 2 : 1;
    let best: { term: string; distance: number; doc: number } | null = null;
    for (const entry of terms) {
      if (!entry.term.startsWith(part.text.slice(0, 2))) continue;
      const distance = editDistance(part.text, entry.term, limit);
      if (distance > limit) continue;
      if (!best || distance < best.distance || (distance === best.distance && entry.doc > best.doc)) best = { ...entry, distance };
    }
    if (best) respelled.set(part.text, best.term);
  }
  if (respelled.size === 0) return null;
  return parts.map((part) => respelled.get(part.text) ?? part.text).join(" ");
}

/** Up to six product titles for what is being typed: its words as prefixes, in titles only. */
export async function suggestions(d1: D1Database, query: string, locale: ContentLocale): Promise<{ title: string; href: string }[]> {
  const expression = matchExpression(queryParts(query));
  if (!expression) return [];
  const { results: rows } = await sqlStatement(d1, sql`
    WITH ${scoredHits(`title : (${expression})`)},
    best AS (SELECT k, score FROM hits ORDER BY score, k LIMIT 6)
    SELECT p.slug, t.title FROM best
    JOIN search_products AS sp ON sp.k = best.k
    JOIN products AS p ON p.id = sp.product_id
    JOIN product_texts AS t ON t.product_id = p.id AND t.locale = ${locale}
    ORDER BY best.score, best.k`).all<{ slug: string; title: string }>();
  return rows.map((row) => ({ title: row.title, href: `/p/${row.slug}` }));
}

/** Category names for the filter, in shelf order (no counts: they would cost a scan at catalogue size). */
export function categoryOptions(db: Db, locale: ContentLocale) {
  return db
    .select({ slug: categories.slug, name: categoryTexts.name })
    .from(categories)
    .innerJoin(categoryTexts, and(eq(categoryTexts.categoryId, categories.id), eq(categoryTexts.locale, locale)))
    .orderBy(asc(categories.position));
}
