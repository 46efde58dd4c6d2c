import type { SQL } from "drizzle-orm";
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";

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
