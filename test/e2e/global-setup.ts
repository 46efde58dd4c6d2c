import { rm } from "node:fs/promises";
import type { TestProject } from "vitest/node";
import { ensureChromium } from "../../scripts/ensure-chromium.ts";
import { prepareDatabase, randomSecrets, startStack } from "../../scripts/lib/local-stack.ts";

declare module "vitest" {
  export interface ProvidedContext {
    shopUrl: string;
    roomsUrl: string;
    /** The rooms' server-to-server key, to act as the worker in tests (signed room events). */
    roomServerSecret: string;
    /** Where the stack's local D1/R2 live, for tests that set up data the seed does not have. */
    statePath: string;
  }
}

/**
 * The browser tier runs against the real dev servers: a fresh local database and bucket (migrated and
 * seeded, pictures included), `wrangler dev` and `partykit dev` on ports of their own.
 */
export default async function setup(project: TestProject) {
  ensureChromium();
  // A run of one's own beside another (other ports too: TEST_SHOP_PORT, TEST_ROOMS_PORT) needs its own state.
  const persistTo = process.env.TEST_STATE_DIR ?? ".wrangler/e2e-state";
  await rm(persistTo, { recursive: true, force: true });
  const secrets = randomSecrets();
  await prepareDatabase(persistTo, true, secrets);
  const stack = await startStack({
    shopPort: Number(process.env.TEST_SHOP_PORT ?? 8788),
    roomsPort: Number(process.env.TEST_ROOMS_PORT ?? 2998),
    persistTo,
    secrets,
    inheritOutput: false,
  });
  project.provide("shopUrl", stack.shopUrl);
  project.provide("roomsUrl", stack.roomsUrl);
  project.provide("roomServerSecret", secrets.ROOM_SERVER_SECRET!);
  project.provide("statePath", persistTo);
  return stack.stop;
}
