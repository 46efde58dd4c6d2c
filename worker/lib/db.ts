import { fillPlaceholders, sql, type Placeholder, type SQL } from "drizzle-orm";
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import { SQLiteAsyncDialect, type PreparedQueryConfig, type SQLitePreparedQuery } from "drizzle-orm/sqlite-core";

export type Db = DrizzleD1Database;

/**
 * The one way to open the database: drizzle over the D1 binding. Without the schema: queries name their
 * tables, nothing uses drizzle's relational `db.query` API, and handing drizzle the schema cost about
 * 350 µs of CPU per call (it rebuilds the relations of every table), several times a request.
 */
export const database = (d1: D1Database): Db => drizzle(d1);

/**
 * A drizzle query as a bound D1 statement, for batches that also hold hand-written SQL: drizzle's
 * `batch` cannot take raw SQL with parameters, so such batches go to D1 directly (still one transaction).
 */
export function boundStatement(d1: D1Database, query: { toSQL(): { sql: string; params: unknown[] } }): D1PreparedStatement {
  const { sql, params } = query.toSQL();
  return d1.prepare(sql).bind(...params);
}

const dialect = new SQLiteAsyncDialect();

/** Hand-written SQL (FTS5, CTEs) as a bound D1 statement, to run or to batch with others. */
export function sqlStatement(d1: D1Database, query: SQL): D1PreparedStatement {
  const { sql, params } = dialect.sqlToQuery(query);
  return d1.prepare(sql).bind(...params);
}

/** A failed query's message with its cause (drizzle wraps D1's error, which names the constraint). */
export const databaseError = (error: unknown): string => String(error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : error);

/** A query's input: a value, or a placeholder for queries built once (`prepared`). */
export type Input<T> = T | Placeholder;

export type Placeholders<Values> = { [Name in keyof Values & string]: Placeholder<Name, Values[Name]> };

/** drizzle over no database: it builds prepared queries' SQL, it never runs one. */
const builder = drizzle({ prepare: () => ({}) } as unknown as D1Database);

/** A prepared query bound to one request's values and database: a statement to run or batch, and its rows' mapping. */
export type Bound<Row> = { statement: D1PreparedStatement; rows(result: D1Result): Row[] };

/**
 * A drizzle query whose SQL is built once per isolate, its inputs named by placeholders, and run on each
 * request's own database (session). Building a query's SQL costs drizzle far more than running it does
 * (a quarter of a cold product page's CPU); drizzle's own `prepare()` would tie it to one binding.
 *
 *   const productBySlug = prepared((db, input: Placeholders<{ slug: string; locale: ContentLocale }>) => productQuery(db, input.slug, input.locale));
 *   const [[product], similar] = await runBatch(d1, [productBySlug(d1, { slug, locale }), similarBySlug(d1, { slug, locale })]);
 */
export function prepared<Values extends Record<string, unknown>, Row>(
  build: (db: Db, input: Placeholders<Values>) => PromiseLike<Row[]> & { prepare(): SQLitePreparedQuery<PreparedQueryConfig> },
): (d1: D1Database, values: Values) => Bound<Row> {
  let made: SQLitePreparedQuery<PreparedQueryConfig> | undefined;
  const input = new Proxy({}, { get: (_, name) => sql.placeholder(String(name)) }) as Placeholders<Values>;
  return (d1, values) => {
    made ??= build(builder, input).prepare();
    const { sql: text, params } = made.getQuery();
    const query = made;
    return { statement: d1.prepare(text).bind(...fillPlaceholders(params, values)), rows: (result) => query.mapAllResult(result, true) as Row[] };
  };
}

/** Prepared queries in one round trip (and one transaction), each result mapped as drizzle would. */
export async function runBatch<const Queries extends Bound<unknown>[]>(
  d1: D1Database,
  queries: Queries,
): Promise<{ [Index in keyof Queries]: Queries[Index] extends Bound<infer Row> ? Row[] : never }> {
  const results = await d1.batch(queries.map((query) => query.statement));
  return queries.map((query, index) => query.rows(results[index]!)) as { [Index in keyof Queries]: Queries[Index] extends Bound<infer Row> ? Row[] : never };
}
