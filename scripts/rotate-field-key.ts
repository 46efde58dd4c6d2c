/**
 * Re-encrypts every personal field of the local database under the current FIELD_KEY and recomputes
 * the lookup hashes kept beside them (worker/lib/field-rotation.ts). The keys come from the environment
 * or, when it has none, from .dev.vars: FIELD_KEY is the new key, FIELD_KEY_PREVIOUS the old one(s),
 * comma-separated. Safe to run again (values already under FIELD_KEY are left alone) and while the shop
 * runs (each row is updated only if it still holds what was read).
 *   npm run keys:rotate [-- --persist-to <dir>]
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fieldKeyId, previousFieldKeys } from "../worker/lib/field-crypto.ts";
import { rotateFieldKeys } from "../worker/lib/field-rotation.ts";
import { withLocalPlatform } from "./lib/local-platform.ts";

const devVars = path.resolve(import.meta.dirname, "../.dev.vars");
const fromFile = existsSync(devVars) ? readFileSync(devVars, "utf8") : "";
const secret = (name: string) => process.env[name] ?? new RegExp(`^${name}=(.*)$`, "m").exec(fromFile)?.[1]?.trim();

const current = secret("FIELD_KEY");
if (!current) {
  console.error("FIELD_KEY is not set (in the environment or .dev.vars): it is the key to re-encrypt with.");
  process.exit(1);
}
const previous = previousFieldKeys(secret("FIELD_KEY_PREVIOUS"));
const keyName = async (key: string) => `k${await fieldKeyId(key)}`;
console.log(`Re-encrypting under ${await keyName(current)}; also reading ${previous.length ? (await Promise.all(previous.map(keyName))).join(", ") : "no previous key"}.`);

try {
  const report = await withLocalPlatform((env) => rotateFieldKeys(env.DB, { current, previous }));
  const summary = (title: string, tally: Record<string, number>) =>
    [`${title}: ${Object.values(tally).reduce((sum, count) => sum + count, 0)}`, ...Object.entries(tally).map(([column, count]) => `  ${column}: ${count}`)].join("\n");
  console.log(summary("Values re-encrypted", report.resealed));
  console.log(summary("Lookup hashes recomputed", report.rehashed));
  if (report.skipped > 0) {
    console.log(`${report.skipped} row(s) changed while being read and were left alone: run it again.`);
    process.exitCode = 2;
  } else console.log("Every value is now under the current key: FIELD_KEY_PREVIOUS can be removed.");
} catch (error) {
  console.error(`Stopped: ${error instanceof Error ? error.message : String(error)}`);
  console.error("Nothing after that row was changed. Add the missing old key to FIELD_KEY_PREVIOUS, or restore the altered value, and run it again.");
  process.exitCode = 1;
}
