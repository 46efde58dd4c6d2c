/**
 * Full-text search over the catalogue with FTS5 (`product_search`, migration 0011): bm25 relevance with
 * field weights, prefixes, Chinese substrings (segment.ts), filters, sort and pagination in one query
 * per page; "did you mean" from the index's own vocabulary; suggestions from titles. Every query binds
 * its words as parameters (no LIKE: D1 refuses patterns over 50 bytes) and stays far below D1's 100
 * bound parameters.
 */
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { categories, categoryTexts, type ContentLocale } from "../../../db/schema/index.ts";
import { prepared, runBatch, sqlStatement, type Placeholders } from "../../lib/db.ts";
import type { Page, ProductSummary } from "../catalog/queries.ts";
import type { SearchFilters, SearchSort } from "./input.ts";
import { anyOf, looseTerms, matchExpression, queryParts, type QueryPart } from "./segment.ts";

/** bm25 weights of the index's columns: title, attributes (with the category's name), description. */
const weights = sql.raw("10.0, 4.0, 1.0");

/**
 * Most index rows a relevance search scores: the newest matches that pass the filters, two rows a product
 * at most, so at least `scoreCap / 2` products. bm25 and the filters cost about a microsecond a row each,
 * and a short or common word matches a quarter of a large catalogue, where its score hardly tells
 * products apart. Below the cap nothing changes; above it the page says "more than" its count, as large
 * shops do, and pages go as far as the scored products.
 */
export const scoreCap = 2_000;

/**
 * Most products a listing counts (sorted by price or date, or filters alone): counting stops there, and
 * the page says "more than". Counting every match of a broad word or filter reads every row.
 */
export const countCap = 2_000;

/**
 * An FTS5 expression: as text, or as SQL that computes it in the same statement (the loose match picks
 * its terms from the index's vocabulary there, which saves a round trip).
 */
type Match = string | SQL;

/**
 * What a search looks for: an FTS5 expression, the looser one to use when it finds nothing, and whether
 * its words are broad (match thousands of products).
 */
type Words = { match: Match; loose: Match | null; broad: boolean };

/** The loose match where the strict one (`found` says whether it found anything) found nothing; else nothing. */
const unlessFound = (found: SQL, loose: Match) => sql`(SELECT CASE WHEN ${found} THEN '""' ELSE ${loose} END)`;

/**
 * The scored matches: at most `scoreCap` index rows passing the filters, newest first (`strict`, then
 * the loose match's where that found nothing), then the products' keys with their best score over their
 * languages (a row's rowid is `k * 2 + language`). bm25() only runs with the index as the outer loop, so
 * scored rows are materialised first.
 */
function scoredHits({ match, loose }: Words, filters: SQL[]): SQL {
  const rows = (expression: Match) => sql`SELECT product_search.rowid AS r, bm25(product_search, ${weights}) AS score FROM product_search
    ${filters.length > 0 ? sql`CROSS JOIN search_products AS sp ON sp.k = product_search.rowid >> 1` : sql``}
    WHERE product_search MATCH ${expression} ${sql.join(filters.map((filter) => sql` AND ${filter}`))}
    ORDER BY product_search.rowid DESC LIMIT ${scoreCap}`;
  return sql`
  strict AS MATERIALIZED (${rows(match)}),
  s AS MATERIALIZED (SELECT r, score FROM strict
    ${loose ? sql`UNION ALL SELECT * FROM (${rows(unlessFound(sql`EXISTS (SELECT 1 FROM strict)`, loose))})` : sql``}),
  hits AS MATERIALIZED (SELECT r >> 1 AS k, min(score) AS score FROM s GROUP BY k)`;
}

/** The matching products' keys, unscored (sorts other than relevance); `strict` as above. */
function plainHits({ match, loose }: Words, where: SQL): SQL {
  const keys = (expression: Match) => sql`SELECT rowid >> 1 AS k FROM product_search WHERE product_search MATCH ${expression}`;
  return sql`
  strict AS MATERIALIZED (SELECT DISTINCT k FROM (${keys(match)})),
  hits AS MATERIALIZED (SELECT k FROM strict
    ${loose ? sql`UNION ${keys(unlessFound(sql`EXISTS (SELECT 1 FROM strict CROSS JOIN search_products AS sp ON sp.k = strict.k ${where})`, loose))}` : sql``})`;
}

/** A tile's columns, its first picture's parts as columns (read with json_extract, not parsed). */
type Row = Omit<ProductSummary, "image"> & { imageKey: string | null; imageWidth: number | null; imageHeight: number | null };

const toSummary = ({ imageKey, imageWidth, imageHeight, ...row }: Row): ProductSummary => ({
  ...row,
  image: imageKey === null ? null : { key: imageKey, width: imageWidth ?? 0, height: imageHeight ?? 0 },
});

/**
 * Conditions on `sp` (search_products) for the filters. A price range is checked on the rows, never
 * looked up in the price index (`+`): a range holds most of the catalogue, and reading it through the
 * index costs a lookup a row, where scanning stops at the count's cap.
 */
function filterConditions(filters: SearchFilters): SQL[] {
  const conditions: SQL[] = [];
  if (filters.category) conditions.push(sql`sp.category_id = (SELECT id FROM ${categories} WHERE slug = ${filters.category})`);
  if (filters.min !== null) conditions.push(sql`+sp.price_minor >= ${filters.min}`);
  if (filters.max !== null) conditions.push(sql`+sp.price_minor <= ${filters.max}`);
  if (filters.stock) conditions.push(sql`sp.stock > 0`);
  if (filters.origin) conditions.push(sql`sp.cross_border = ${filters.origin === "abroad" ? 1 : 0}`);
  return conditions;
}

const orderings: Record<SearchSort, SQL> = {
  relevance: sql`hits.score, hits.k`,
  newest: sql`sp.created_at DESC, sp.k`,
  price_asc: sql`sp.price_minor, sp.k`,
  price_desc: sql`sp.price_minor DESC, sp.k`,
};

export type SearchRequest = SearchFilters & { locale: ContentLocale; sort: SearchSort; page: number; pageSize: number };

/**
 * A page of search results. `more`: the total is a lower bound (the relevance ranking reached its cap);
 * `strictly`: the products match the strict expression, not only the loose one.
 */
export type FoundPage = Page<ProductSummary> & { more: boolean; strictly: boolean };

type Counts = { total: number; more: number; strictly: number };

/**
 * One page of products matching `words` (or only the filters when null), their total, and which match
 * found them, in one statement. The page is chosen on the narrow `search_products` rows; only its dozen
 * products are then read whole, with their texts. A relevance ranking counts what it scored.
 */
async function findPage(d1: D1Database, words: Words | null, request: SearchRequest): Promise<FoundPage> {
  const conditions = filterConditions(request);
  const where = conditions.length > 0 ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
  const sort = words ? request.sort : request.sort === "relevance" ? "newest" : request.sort;
  const ranked = words !== null && sort === "relevance";
  const withHits = words === null ? sql`` : ranked ? sql`WITH ${scoredHits(words, conditions)}` : sql`WITH ${plainHits(words, where)}`;
  // What the page is chosen from. Ranked hits have passed the filters already and are ordered by their
  // own columns: only the page's dozen are looked up in `search_products`.
  // A sorted listing of broad words walks the sort's index and keeps what is among the hits (`+` keeps
  // SQLite from looking every hit up instead); fewer hits are looked up and sorted.
  const matching = ranked
    ? sql`hits`
    : words === null
      ? sql`search_products AS sp ${where}`
      : words.broad
        ? sql`search_products AS sp WHERE +sp.k IN (SELECT k FROM hits) ${sql.join(conditions.map((condition) => sql` AND ${condition}`))}`
        : sql`hits CROSS JOIN search_products AS sp ON sp.k = hits.k ${where}`;
  const counts = sql`${ranked ? sql`(SELECT count(*) FROM hits)` : sql`(SELECT count(*) FROM (SELECT 1 FROM ${matching} LIMIT ${countCap + 1}))`} AS total,
    ${ranked ? sql`(SELECT count(*) FROM s) >= ${scoreCap}` : sql`0`} AS more,
    ${words === null ? sql`1` : ranked ? sql`EXISTS (SELECT 1 FROM strict)` : sql`EXISTS (SELECT 1 FROM strict CROSS JOIN search_products AS sp ON sp.k = strict.k ${where})`} AS strictly`;
  const { results: rows } = await sqlStatement(d1, sql`${withHits}${words ? sql`,` : sql`WITH`}
    page AS (
      SELECT ${ranked ? sql`hits.k` : sql`sp.k`} AS k, row_number() OVER (ORDER BY ${orderings[sort]}) AS position
      FROM ${matching}
      ORDER BY ${orderings[sort]} LIMIT ${request.pageSize} OFFSET ${(request.page - 1) * request.pageSize}
    )
    SELECT p.id, p.slug, t.title, p.price_minor AS priceMinor, p.list_price_minor AS listPriceMinor, p.currency, p.stock,
      json_extract(p.images, '$[0].key') AS imageKey, json_extract(p.images, '$[0].width') AS imageWidth,
      json_extract(p.images, '$[0].height') AS imageHeight, ${counts}
    FROM page
    CROSS JOIN search_products AS sp ON sp.k = page.k
    CROSS JOIN products AS p ON p.id = sp.product_id
    CROSS JOIN product_texts AS t ON t.product_id = p.id AND t.locale = ${request.locale}
    ORDER BY page.position`).all<Row & Counts>();
  // Past the last page no row carries the counts (a stale link): count apart.
  const found = rows[0] ?? (request.page > 1 ? await sqlStatement(d1, sql`${withHits} SELECT ${counts}`).first<Counts>() : null);
  const total = Math.min(found?.total ?? 0, countCap);
  return {
    items: rows.map(({ total: _total, more: _more, strictly: _strictly, ...row }) => toSummary(row)),
    total,
    more: found?.more === 1 || (found?.total ?? 0) > countCap,
    strictly: found?.strictly === 1,
    page: request.page,
    pages: Math.max(1, Math.ceil(total / request.pageSize)),
  };
}

export type SearchResult = FoundPage & {
  /** "all": every word matched; "some": nothing matched them all, these match some of them. */
  matched: "all" | "some";
  /** A respelled query that the catalogue knows, when the words as typed found nothing. */
  suggestion: string | null;
};

/**
 * Searches for `query` with `request`'s filters. Nothing matching every word falls back, in the same
 * statement, to products matching some of them (best first); then a word that looks misspelt gets a
 * "did you mean" from the vocabulary.
 */
export async function search(d1: D1Database, query: string, request: SearchRequest): Promise<SearchResult> {
  const parts = queryParts(query);
  const match = inColumns(matchExpression(parts), broad(parts));
  if (match === null) return { ...(await browse(d1, request)), matched: "all", suggestion: null };
  const found = await findPage(d1, { match, loose: needsLooseSearch(parts) ? looseMatch(parts) : null, broad: broad(parts) }, request);
  if (found.strictly) return { ...found, matched: "all", suggestion: null };
  return { ...found, matched: "some", suggestion: await didYouMean(d1, parts) };
}

/** Whether matching "some" differs from "all": several parts, or a Chinese run of several pairs. */
const needsLooseSearch = (parts: QueryPart[]) => parts.length > 1 || (parts[0]?.kind === "cjk" && [...parts[0].text].length > 2);

/**
 * How many products the Chinese pairs of a loose match may hold between them. A long sentence has pairs
 * as common as 生日 or 朋友 (a quarter of the catalogue), which tell little. The rarest pairs are the most
 * telling, so they are taken first, up to this budget.
 */
const loosePairBudget = 5_000;

/**
 * The loose match, in titles and attributes: any of the query's words, or of its rarest Chinese pairs
 * within the budget (at least one). The pairs are chosen from the vocabulary inside the statement; when
 * the catalogue has none of them and there are no words, the match is the empty phrase, which finds nothing.
 */
function looseMatch(parts: QueryPart[]): Match {
  const { prefixes, pairs } = looseTerms(parts);
  if (pairs.length === 0) return inColumns(anyOf({ prefixes, pairs }), true) || '""';
  const words = prefixes.map((prefix) => sql`SELECT ${anyOf({ prefixes: [prefix], pairs: [] })} AS term UNION ALL `);
  return sql`(SELECT coalesce('{title attributes} : (' || group_concat(term, ' OR ') || ')', '""') FROM (${sql.join(words)}
    SELECT '"' || term || '"' AS term FROM (
      SELECT term, doc, sum(doc) OVER (ORDER BY doc, term) AS held FROM product_search_terms
      WHERE term IN (${sql.join(pairs.map((pair) => sql`${pair}`), sql`, `)}))
    WHERE held <= ${loosePairBudget} OR held = doc))`;
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
export function browse(d1: D1Database, request: SearchRequest): Promise<FoundPage> {
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
  const { results: terms } = await sqlStatement(d1, sql`SELECT term, doc FROM product_search_terms WHERE ${sql.join(ranges, sql` OR `)}`).all<Term>();
  const respelled = new Map<string, string>();
  for (const part of candidates) {
    if (terms.some((entry) => entry.term.startsWith(part.text))) continue;
    const limit = part.text.length >= 6 ? 2 : 1;
    let best: (Term & { distance: number }) | null = null;
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

/** A term of the index's vocabulary and how many index rows hold it. */
type Term = { term: string; doc: number };

/** Up to six product titles for what is being typed: its words as prefixes, in titles only. */
export async function suggestions(d1: D1Database, query: string, locale: ContentLocale): Promise<{ title: string; href: string }[]> {
  const expression = matchExpression(queryParts(query));
  if (!expression) return [];
  const { results: rows } = await sqlStatement(d1, sql`
    WITH ${scoredHits({ match: `title : (${expression})`, loose: null, broad: false }, [])},
    best AS (SELECT k, score FROM hits ORDER BY score, k LIMIT 6)
    SELECT p.slug, t.title FROM best
    CROSS JOIN search_products AS sp ON sp.k = best.k
    CROSS JOIN products AS p ON p.id = sp.product_id
    CROSS JOIN product_texts AS t ON t.product_id = p.id AND t.locale = ${locale}
    ORDER BY best.score, best.k`).all<{ slug: string; title: string }>();
  return rows.map((row) => ({ title: row.title, href: `/p/${row.slug}` }));
}

const categoryNames = prepared((db, input: Placeholders<{ locale: ContentLocale }>) =>
  db
    .select({ slug: categories.slug, name: categoryTexts.name })
    .from(categories)
    .innerJoin(categoryTexts, and(eq(categoryTexts.categoryId, categories.id), eq(categoryTexts.locale, input.locale)))
    .orderBy(asc(categories.position)),
);

/** Category names for the filter, in shelf order (no counts: they would cost a scan at catalogue size). */
export async function categoryOptions(d1: D1Database, locale: ContentLocale) {
  const [names] = await runBatch(d1, [categoryNames(d1, { locale })]);
  return names;
}
