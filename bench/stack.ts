import { persistedSecrets, prepareDatabase, startStack, type RunningStack } from "../scripts/lib/local-stack.ts";

/** A seeded local stack on ports of its own, so a benchmark never touches `npm run dev`'s data. */
export const benchState = ".wrangler/bench-state";

/**
 * `beforeStart` runs once the database is migrated and seeded, before the servers start;
 * `inspectorPort` fixes the shop's V8 inspector port for a benchmark that profiles it.
 */
export async function benchStack(beforeStart?: () => Promise<void>, options: { inspectorPort?: number } = {}): Promise<RunningStack> {
  const persistTo = benchState;
  console.log("preparing a seeded local stack…");
  const secrets = persistedSecrets(persistTo);
  await prepareDatabase(persistTo, true, secrets);
  await beforeStart?.();
  return startStack({
    shopPort: Number(process.env.BENCH_SHOP_PORT ?? 8790),
    roomsPort: Number(process.env.BENCH_ROOMS_PORT ?? 2990),
    persistTo,
    secrets,
    inheritOutput: false,
    inspectorPort: options.inspectorPort,
  });
}
