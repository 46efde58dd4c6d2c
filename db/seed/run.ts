/**
 * Publishes the privacy policy versions and seeds the local D1 database and R2 bucket that `wrangler dev`
 * uses (or those under --persist-to), through wrangler's own local platform, so the data lands exactly
 * where the dev server reads it.
 *   node db/seed/run.ts [--persist-to <dir>]
 */
import { readFile } from "node:fs/promises";
import { withLocalPlatform } from "../../scripts/lib/local-platform.ts";
import { devSecrets } from "../../scripts/lib/local-stack.ts";
import { publishPolicies } from "../../worker/features/privacy/publish-policy.ts";
import { database } from "../../worker/lib/db.ts";
import { policyDrafts } from "../policy/index.ts";
import { seedMembers } from "./seed-members.ts";
import { seedShop } from "./seed-shop.ts";

const started = performance.now();
await withLocalPlatform(async (env) => {
  const db = database(env.DB);
  const policies = await publishPolicies(db, policyDrafts);
  if (policies.length > 0) console.log(`Published privacy policy version(s) ${policies.join(", ")}.`);
  const demoLoop = new Uint8Array(await readFile(new URL("./media/demo-loop.webm", import.meta.url)));
  const report = await seedShop(db, env.MEDIA, { demoLoop });
  // The key the shop runs with: given by the caller (tests, benchmarks), else the one in .dev.vars.
  const members = await seedMembers(db, env.MEDIA, process.env.FIELD_KEY ?? devSecrets().FIELD_KEY!);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `Seeded ${report.categories} categories, ${report.products} products and ${report.shows} shows; ` +
      `${report.imagesUploaded} new images and ${report.videosUploaded} new videos in R2, ${members.created} new demo members (${seconds} s).`,
  );
});
