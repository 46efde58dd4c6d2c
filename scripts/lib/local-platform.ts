import { parseArgs } from "node:util";
import { getPlatformProxy } from "wrangler";

/**
 * Runs `work` against the local bindings `wrangler dev` uses (real D1/R2 in .wrangler/state), or those
 * under `--persist-to <dir>` from the command line, and disposes of them afterwards.
 */
export async function withLocalPlatform<T>(work: (env: Env) => Promise<T>): Promise<T> {
  const { values } = parseArgs({ options: { "persist-to": { type: "string" } }, strict: false });
  const persistTo = typeof values["persist-to"] === "string" ? values["persist-to"] : undefined;
  const platform = await getPlatformProxy<Env>({
    persist: persistTo ? { path: `${persistTo}/v3` } : true,
    envFiles: [],
    remoteBindings: false,
  });
  try {
    return await work(platform.env);
  } finally {
    await platform.dispose();
  }
}
