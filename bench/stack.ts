import { prepareDatabase, randomSecrets, startStack, type RunningStack } from "../scripts/lib/local-stack.ts";

/** A seeded local stack on ports of its own, so a benchmark never touches `npm run dev`'s data. */
export async function benchStack(): Promise<RunningStack> {
  const persistTo = ".wrangler/bench-state";
  console.log("preparing a seeded local stack…");
  const secrets = randomSecrets();
  await prepareDatabase(persistTo, true, secrets);
  return startStack({
    shopPort: Number(process.env.BENCH_SHOP_PORT ?? 8790),
    roomsPort: Number(process.env.BENCH_ROOMS_PORT ?? 2990),
    persistTo,
    secrets,
    inheritOutput: false,
  });
}
