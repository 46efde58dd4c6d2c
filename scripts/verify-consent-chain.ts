/**
 * Checks the consent ledger's hash chain in the local database: every record's hash and its link to
 * the one before. Exits non-zero, naming the first broken record, when anything was altered.
 *   npm run consent:verify [-- --persist-to <dir>]
 */
import { parseArgs } from "node:util";
import { getPlatformProxy } from "wrangler";
import { verifyConsentChain } from "../worker/features/consent/consent-ledger.ts";
import { database } from "../worker/lib/db.ts";

const { values } = parseArgs({ options: { "persist-to": { type: "string" } } });
const persistTo = values["persist-to"];
const platform = await getPlatformProxy<Env>({ persist: persistTo ? { path: `${persistTo}/v3` } : true, envFiles: [], remoteBindings: false });
try {
  const check = await verifyConsentChain(database(platform.env.DB));
  if (check.ok) console.log(`Consent ledger intact: ${check.records} record(s).`);
  else {
    console.error(`Consent ledger broken at record ${check.seq}: ${check.problem}.`);
    process.exitCode = 1;
  }
} finally {
  await platform.dispose();
}
