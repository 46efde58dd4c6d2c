/**
 * Checks the consent ledger's hash chain in the local database: every record's hash and its link to
 * the one before. Exits non-zero, naming the first broken record, when anything was altered.
 *   npm run consent:verify [-- --persist-to <dir>]
 */
import { verifyConsentChain } from "../worker/features/consent/consent-ledger.ts";
import { database } from "../worker/lib/db.ts";
import { withLocalPlatform } from "./lib/local-platform.ts";

const check = await withLocalPlatform((env) => verifyConsentChain(database(env.DB)));
if (check.ok) console.log(`Consent ledger intact: ${check.records} record(s).`);
else {
  console.error(`Consent ledger broken at record ${check.seq}: ${check.problem}.`);
  process.exitCode = 1;
}
