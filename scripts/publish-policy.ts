/**
 * Publishes the privacy policy versions authored in db/policy/ that the local database does not have
 * yet (already published ones must be unchanged). Visitors see the notice — or are asked again, for a
 * material change — on their next page.
 *   npm run policy:publish [-- --persist-to <dir>]
 */
import { policyDrafts } from "../db/policy/index.ts";
import { publishPolicies } from "../worker/features/privacy/publish-policy.ts";
import { database } from "../worker/lib/db.ts";
import { withLocalPlatform } from "./lib/local-platform.ts";

const published = await withLocalPlatform((env) => publishPolicies(database(env.DB), policyDrafts));
console.log(published.length > 0 ? `Published version(s) ${published.join(", ")}.` : "Nothing new to publish: every version is already out.");
