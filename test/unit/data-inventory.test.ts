import { readFileSync } from "node:fs";
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as schema from "../../db/schema/index.ts";
import { exporters } from "../../worker/features/data-export/exporters.ts";

const inventory = readFileSync(new URL("../../docs/data-inventory.md", import.meta.url), "utf8");

/** Every table of the schema and its columns, as drizzle knows them (what the migrations are generated from). */
const tables = new Map(
  (Object.values(schema) as unknown[])
    .filter((value): value is SQLiteTable => value instanceof SQLiteTable)
    .map((table) => {
      const config = getTableConfig(table);
      return [config.name, config.columns.map((column) => column.name)] as const;
    }),
);

/**
 * Columns whose name says they hold something about a person: encrypted values, keyed hashes, links to
 * a member, and the names the schema gives to what people typed or are known by.
 */
const personalNames = new Set([
  "member_id",
  "host_member_id",
  "host_name",
  "nickname",
  "nickname_key",
  "avatar_key",
  "subject_id",
  "birth_month",
  "guardian",
  "note",
  "invoice_title",
  "location",
  "device",
  "viewer",
  "payload",
  "label",
  "recipient",
  "body",
  "masked_target",
  "recipient_consent_at",
  "object_key",
  "document_key",
  "tracking_number",
  "provider_ref",
]);
const looksPersonal = (column: string) => /_(enc|hash)$/.test(column) || column === "hash" || personalNames.has(column);

/** `table.column` references in the inventory. */
const named = new Set([...inventory.matchAll(/`([a-z_]+)\.([a-z_]+)`/g)].map((match) => `${match[1]}.${match[2]}`));
/** Tables the inventory names, alone or with a column. */
const namedTables = new Set([...inventory.matchAll(/`([a-z_]+)(?:\.[a-z_]+)?`/g)].map((match) => match[1]!));

describe("the data inventory (docs/data-inventory.md)", () => {
  it("names every table of the schema, as holding personal data or as holding none", () => {
    const missing = [...tables.keys()].filter((table) => !namedTables.has(table));
    expect(missing).toEqual([]);
  });

  it("lists every column whose name marks it as personal, and every column of the members table", () => {
    const missing: string[] = [];
    for (const [table, columns] of tables) {
      for (const column of columns) {
        // A member's own row is personal through and through: every column of it is accounted for.
        if ((looksPersonal(column) || table === "members") && !named.has(`${table}.${column}`)) missing.push(`${table}.${column}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("names no column the schema does not have", () => {
    const stale = [...named].filter((field) => {
      const [table, column] = field.split(".") as [string, string];
      return !tables.get(table)?.includes(column);
    });
    expect(stale).toEqual([]);
  });

  it("says, for each personal field, what it is, why, how long, and how it is exported and erased", () => {
    const section = inventory.split("## Personal fields")[1]!.split("\n## ")[0]!;
    const rows = section.split("\n").filter((line) => line.startsWith("| `"));
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) {
      const cells = row.split("|").slice(1, -1).map((cell) => cell.trim());
      expect(cells, row).toHaveLength(6);
      for (const cell of cells) expect(cell.length, row).toBeGreaterThan(0);
    }
  });

  it("names, in its export column, only sections the data export really writes", () => {
    const section = inventory.split("## Personal fields")[1]!.split("\n## ")[0]!;
    const exportCells = section.split("\n").filter((line) => line.startsWith("| `")).map((row) => row.split("|").slice(1, -1)[4] ?? "");
    const sections = new Set(exportCells.flatMap((cell) => [...cell.matchAll(/`([a-zA-Z -]+)`/g)].map((match) => match[1]!)));
    const written = new Set(exporters.map((exporter) => exporter.name));
    expect([...sections].filter((name) => !written.has(name))).toEqual([]);
  });
});
