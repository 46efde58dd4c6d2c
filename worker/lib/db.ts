import type { SQL } from "drizzle-orm";
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import * as schema from "../../db/schema/index.ts";

export type Db = DrizzleD1Database<typeof schema>;

/** The one way to open the database: drizzle over the D1 binding with the shop's schema. */
export const database = (d1: D1Database): Db => drizzle(d1, { schema });

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
