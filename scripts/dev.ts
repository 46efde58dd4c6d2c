/**
 * `npm run dev`: applies local D1 migrations, seeds the demo shop, builds the client (and keeps
 * rebuilding it), then serves the shop on :8787 and the live rooms on :1999 until Ctrl-C.
 */
import { spawn } from "node:child_process";
import { devSecrets, prepareDatabase, startStack, toolEnv } from "./lib/local-stack.ts";

const shopPort = Number(process.env.SHOP_PORT ?? 8787);
const roomsPort = Number(process.env.ROOMS_PORT ?? 1999);

console.log("Preparing the local database and demo data…");
const secrets = devSecrets();
await prepareDatabase(undefined, false, secrets);
const watcher = spawn(process.execPath, ["scripts/build-client.ts", "--watch"], { env: toolEnv, stdio: ["ignore", "pipe", "inherit"] });
watcher.stdout.pipe(process.stdout);
// The watcher's first build writes the manifest the worker imports: wait for it before serving.
await new Promise<void>((resolve, reject) => {
  watcher.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("client built") && resolve());
  watcher.once("exit", (code) => reject(new Error(`client build exited with ${code}`)));
});

const stack = await startStack({ shopPort, roomsPort, secrets, inheritOutput: true }).catch(
  (error: unknown) => {
    watcher.kill("SIGTERM");
    throw error;
  },
);

console.log(`
  Shop   ${stack.shopUrl}
  Rooms  ${stack.roomsUrl}
  Live   ${stack.shopUrl}/live/spring-tea-tasting
  Inbox  ${stack.shopUrl}/dev/outbox   (codes and messages the shop "sends"; demo logins are in the README)

  Press Ctrl-C to stop both.
`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  watcher.kill("SIGTERM");
  await stack.stop();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
