/**
 * Re-encrypting every personal field under a new `FIELD_KEY` (`npm run keys:rotate`). The columns come
 * from the schema itself (every column named `*_enc`), so a column added later is rotated without
 * anyone remembering to list it; each value's encryption context follows the one convention all
 * writers use, `<table>.<column without _enc>:<row id>` (`sealedContext`). Lookup hashes are keyed
 * with the same secret, so the ones that can be recomputed from a decrypted value are recomputed in
 * the same UPDATE; the rest are short-lived (one-time codes, sign-in back-offs) and simply lapse.
 */
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { is } from "drizzle-orm";
import * as schema from "../../db/schema/index.ts";
import { decryptField, encryptField, fieldKeyId, lookupHash, sealedKeyId } from "./field-crypto.ts";

/** The encryption context of a sealed column's value: its table, column and row travel with the ciphertext. */
export const sealedContext = (table: string, encColumn: string, rowId: string) => `${table}.${encColumn.replace(/_enc$/, "")}:${rowId}`;

export type SealedTable = { table: string; primaryKey: string; columns: string[] };

/** Every table with encrypted columns, read from the drizzle schema. */
export function sealedTables(): SealedTable[] {
  const tables: SealedTable[] = [];
  for (const value of Object.values(schema)) {
    if (!is(value, SQLiteTable)) continue;
    const config = getTableConfig(value);
    const columns = config.columns.map((column) => column.name).filter((name) => name.endsWith("_enc"));
    if (columns.length === 0) continue;
    const keys = config.columns.filter((column) => column.primary).map((column) => column.name);
    if (keys.length !== 1 || !keys[0]) throw new Error(`${config.name} has encrypted columns but no single-column primary key to bind them to`);
    tables.push({ table: config.name, primaryKey: keys[0], columns });
  }
  return tables.sort((a, b) => a.table.localeCompare(b.table));
}

/**
 * Lookup hashes recomputed from the value beside them, with the purpose their writer uses
 * (`phoneHash`, `emailHash` in features/accounts/queries.ts).
 */
export const derivedHashes: { table: string; hash: string; from: string; purpose: string }[] = [
  { table: "members", hash: "phone_hash", from: "phone_enc", purpose: "phone" },
  { table: "members", hash: "email_hash", from: "email_enc", purpose: "email" },
  { table: "guardian_consents", hash: "guardian_phone_hash", from: "guardian_phone_enc", purpose: "phone" },
];

export type FieldKeys = { current: string; previous: readonly string[] };
export type RotationReport = { resealed: Record<string, number>; rehashed: Record<string, number>; skipped: number };

const page = 200;
const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Re-encrypts every sealed value not yet under `keys.current` and recomputes the derived lookup hashes.
 * Each row is one UPDATE conditional on the ciphertexts it read, so a row the shop changed meanwhile
 * is left alone (counted as skipped: run it again). Throws, naming the column and row, when a value
 * cannot be decrypted with the keys given (an old key is missing, or the value was altered).
 */
export async function rotateFieldKeys(d1: D1Database, keys: FieldKeys, tables = sealedTables()): Promise<RotationReport> {
  const report: RotationReport = { resealed: {}, rehashed: {}, skipped: 0 };
  const count = (tally: Record<string, number>, key: string) => (tally[key] = (tally[key] ?? 0) + 1);
  const currentId = await fieldKeyId(keys.current);
  for (const { table, primaryKey, columns } of tables) {
    const hashes = derivedHashes.filter((hash) => hash.table === table && columns.includes(hash.from));
    const select = `SELECT ${[primaryKey, ...columns].map(quote).join(", ")} FROM ${quote(table)} WHERE ${quote(primaryKey)} > ?1 ORDER BY ${quote(primaryKey)} LIMIT ${page}`;
    for (let after = ""; ; ) {
      const { results } = await d1.prepare(select).bind(after).all<Record<string, string | null>>();
      const updates: { statement: D1PreparedStatement; resealed: string[]; rehashed: string[] }[] = [];
      for (const row of results) {
        const id = String(row[primaryKey]);
        const set: [string, string][] = [];
        const was: [string, string][] = [];
        for (const column of columns) {
          const sealed = row[column];
          if (!sealed || sealedKeyId(sealed) === currentId) continue;
          const context = sealedContext(table, column, id);
          const plain = await decryptField(keys.current, sealed, context, keys.previous).catch((error: unknown) => {
            throw new Error(`${table}.${column} of row ${id}: ${error instanceof Error ? error.message : String(error)}`);
          });
          set.push([column, await encryptField(keys.current, plain, context)]);
          was.push([column, sealed]);
          for (const hash of hashes.filter((entry) => entry.from === column)) set.push([hash.hash, await lookupHash(keys.current, hash.purpose, plain)]);
        }
        if (set.length === 0) continue;
        const assignments = set.map(([column], index) => `${quote(column)} = ?${index + 1}`).join(", ");
        const conditions = was.map(([column], index) => `${quote(column)} = ?${set.length + 2 + index}`).join(" AND ");
        updates.push({
          statement: d1
            .prepare(`UPDATE ${quote(table)} SET ${assignments} WHERE ${quote(primaryKey)} = ?${set.length + 1} AND ${conditions}`)
            .bind(...set.map(([, value]) => value), id, ...was.map(([, value]) => value)),
          resealed: was.map(([column]) => `${table}.${column}`),
          rehashed: set.filter(([column]) => !column.endsWith("_enc")).map(([column]) => `${table}.${column}`),
        });
      }
      if (updates.length > 0) {
        const outcomes = await d1.batch(updates.map((update) => update.statement));
        outcomes.forEach((result, index) => {
          const update = updates[index]!;
          // Triggers' changes count too (D1), so only zero means the row had changed meanwhile.
          if (result.meta.changes === 0) return void report.skipped++;
          update.resealed.forEach((key) => count(report.resealed, key));
          update.rehashed.forEach((key) => count(report.rehashed, key));
        });
      }
      const last = results.at(-1);
      if (!last || results.length < page) break;
      after = String(last[primaryKey]);
    }
  }
  return report;
}
