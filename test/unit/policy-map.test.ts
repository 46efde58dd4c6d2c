import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The policy map is the promise that every clause of the privacy policy is enforced by code and proved by
 * a test. This keeps it honest: every file it names exists, and every test it quotes is in that file.
 */
const root = path.resolve(import.meta.dirname, "../..");
const map = readFileSync(path.join(root, "docs/policy-map.md"), "utf8");
const rows = [...map.matchAll(/^\| (P\d\d) \|[^|]*\|[^|]*\|([^|]*)\|([^|]*)\|$/gm)].map((m) => ({ id: m[1]!, enforced: m[2]!, proved: m[3]! }));

/** Backticked repository paths in a cell (a trailing `*` stands for any rest of a file name). */
const pathsIn = (cell: string) => [...cell.matchAll(/`((?:worker|db|party|client|test|scripts)\/[^`\s]+)`/g)].map((m) => m[1]!);

function exists(file: string): boolean {
  if (!file.endsWith("*")) return existsSync(path.join(root, file)) || existsSync(path.join(root, `${file}.ts`));
  const prefix = file.slice(0, -1);
  const folder = path.dirname(path.join(root, prefix));
  return existsSync(folder) && readdirSync(folder).some((name) => path.join(folder, name).startsWith(path.join(root, prefix)));
}

describe("the policy map", () => {
  it("lists every clause from P01 to P34 once", () => {
    expect(rows.map((row) => row.id)).toEqual(Array.from({ length: 34 }, (_, i) => `P${String(i + 1).padStart(2, "0")}`));
  });

  it("names only files that exist", () => {
    const missing = rows.flatMap((row) =>
      [...pathsIn(row.enforced), ...pathsIn(row.proved)]
        .filter((file) => !exists(file))
        .map((file) => `${row.id}: ${file}`),
    );
    expect(missing).toEqual([]);
  });

  it("quotes tests that are really in the files it names", () => {
    const unknown: string[] = [];
    for (const row of rows) {
      // `test/x.test.ts` "name one", "name two…"; the names run until the next backtick.
      for (const [, file, names] of row.proved.matchAll(/`(test\/[^`]+\.test\.ts)`([^`]*)/g)) {
        const source = readFileSync(path.join(root, file!), "utf8");
        for (const [, name] of names!.matchAll(/"([^"]+)"/g)) {
          const prefix = name!.replace(/…$/, "");
          if (!source.includes(prefix)) unknown.push(`${row.id}: ${file} "${name}"`);
        }
      }
    }
    expect(unknown).toEqual([]);
  });

  it("proves every clause that says it is enforced", () => {
    const unproved = rows.filter((row) => row.enforced.trim() !== "" && !/`test\//.test(row.proved)).map((row) => row.id);
    expect(unproved).toEqual([]);
  });
});
