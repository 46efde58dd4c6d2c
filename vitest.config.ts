import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

/**
 * Four tiers, one config: `vitest run --project <name>`.
 * - unit:   pure modules in Node.
 * - worker: through the Worker in workerd, with real D1/R2 (migrations applied per test file).
 * - party:  a real `partykit dev` and real WebSockets.
 * - e2e:    Debian's chromium driven by Playwright over real `wrangler dev` + `partykit dev`.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: { name: "unit", include: ["test/unit/**/*.test.ts"], environment: "node" },
      },
      {
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: await readD1Migrations("db/migrations"),
                ROOM_TICKET_SECRET: "test-secret-for-the-worker-tier-0123456789",
                ROOM_SERVER_SECRET: "test-server-secret-for-the-worker-tier-0123",
                COOKIE_SECRET: "test-cookie-secret-for-the-worker-tier-0123",
                FIELD_KEY: "test-field-key-for-the-worker-tier-0123456789",
                // A key from "before a rotation": values it sealed must still be read (test/worker/identity.test.ts).
                FIELD_KEY_PREVIOUS: "test-previous-field-key-for-the-worker-tier",
                LINK_SECRET: "test-link-secret-for-the-worker-tier-01234",
                PAYMENT_WEBHOOK_SECRET: "test-payment-webhook-secret-for-the-worker-tier",
                CARRIER_WEBHOOK_SECRET: "test-carrier-webhook-secret-for-the-worker-tier",
                // Requests in this tier carry a deliberate `cf.country`, so the consent rules may trust it.
                TRUST_CF_COUNTRY: "true",
              },
            },
          })),
        ],
        test: {
          name: "worker",
          include: ["test/worker/**/*.test.ts"],
          setupFiles: ["test/worker/setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "party",
          include: ["test/party/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/party/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Files that restart a rooms server share its port.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/e2e/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // On CI a browser test gets a second try: now and then headless chromium on a shared machine
          // stalls a navigation for its whole 30 s timeout (seen on several pages, never reproducible).
          // A real regression fails both tries; locally a failure shows at once.
          retry: process.env.CI ? 1 : 0,
        },
      },
    ],
  },
});
