/**
 * `npm test`: every tier, on a fresh machine too. Type-checks, builds the client the Worker links to,
 * makes sure Debian's chromium is there, then runs unit, worker, party and e2e tests. The party and
 * e2e tiers start (and stop) their own `partykit dev` / `wrangler dev`.
 *   npm test                 all tiers
 *   npm test -- unit worker  only those tiers
 */
import { ensureChromium } from "./ensure-chromium.ts";
import path from "node:path";
import { run } from "./lib/local-stack.ts";

const tiers = ["unit", "worker", "party", "e2e"];
const asked = process.argv.slice(2).filter((arg) => tiers.includes(arg));
const selected = asked.length > 0 ? asked : tiers;
const bin = (name: string) => path.join("node_modules/.bin", name);

const started = performance.now();
// The Worker imports the client's manifest, so build before type-checking.
await run(process.execPath, ["scripts/build-client.ts"]);
await run("npm", ["run", "--silent", "check"]);
if (selected.includes("e2e")) ensureChromium();
for (const tier of selected) {
  console.log(`\n── ${tier} tests ──`);
  await run(bin("vitest"), ["run", "--project", tier]);
}
console.log(`\nAll ${selected.join(", ")} tests passed in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
