import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { prepareDatabase, randomSecrets, startStack, type RunningStack } from "../scripts/lib/local-stack.ts";

/**
 * A seeded local stack on ports of its own, so a benchmark never touches `npm run dev`'s data. Its
 * secrets are kept beside its state: the demo members' phone numbers are encrypted with the field key.
 */
export const benchState = ".wrangler/bench-state";

/** `beforeStart` runs once the database is migrated and seeded, before the servers start. */
export async function benchStack(beforeStart?: () => Promise<void>): Promise<RunningStack> {
  const persistTo = benchState;
  console.log("preparing a seeded local stack…");
  const secretsFile = `${persistTo}/secrets.json`;
  if (!existsSync(secretsFile)) {
    mkdirSync(persistTo, { recursive: true });
    writeFileSync(secretsFile, JSON.stringify(randomSecrets()));
  }
  const secrets = { ...randomSecrets(), ...(JSON.parse(readFileSync(secretsFile, "utf8")) as Record<string, string>) };
  await prepareDatabase(persistTo, true, secrets);
  await beforeStart?.();
  return startStack({
    shopPort: Number(process.env.BENCH_SHOP_PORT ?? 8790),
    roomsPort: Number(process.env.BENCH_ROOMS_PORT ?? 2990),
    persistTo,
    secrets,
    inheritOutput: false,
  });
}
