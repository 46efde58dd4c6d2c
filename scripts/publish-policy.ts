/**
 * Publishes the privacy policy versions authored in db/policy/ that the local database does not have
 * yet (already published ones must be unchanged). Visitors see the notice — or are asked again, for a
 * material change — on their next page.
 *   npm run policy:publish [-- --persist-to <dir>]
 */
import { parseArgs } from "node:util";
import { getPlatformProxy } from "wrangler";
import { policyDrafts } from "../db/policy/index.ts";
import { publishPolicies } from "../worker/features/privacy/publish-policy.ts";
import { database } from "../worker/lib/db.ts";

const { values } = parseArgs({ options: { "persist-to": { type: "string" } } });
const persistTo = values["persist-to"];
const platform = await getPlatformProxy<Env>({ persist: persistTo ? { path: `${persistTo}/v3` } : true, envFiles: [], remoteBindings: false });
try {
  const published = await publishPolicies(database(platform.env.DB), policyDrafts);
  console.log(published.length > 0 ? `Published version(s) ${published.join(", ")}.` : "Nothing new to publish: every version is already out.");
} finally {
  await platform.dispose();
}
