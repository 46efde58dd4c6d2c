/**
 * Starts and stops the local stack — D1 migrations, seed, `wrangler dev` and `partykit dev` — for
 * `npm run dev` and for the test tiers that need real servers. Each child runs in its own process
 * group so that stopping the stack stops everything it started.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
export const bin = (name: string) => path.join(root, "node_modules/.bin", name);

/** Quiet, offline-friendly defaults for wrangler and partykit. */
export const toolEnv: NodeJS.ProcessEnv = {
  ...process.env,
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_SEND_METRICS: "false",
  // Make `node` on PATH the project's pinned Node 22 even when called outside npm scripts.
  PATH: `${path.join(root, "node_modules/.bin")}${path.delimiter}${process.env.PATH ?? ""}`,
};

export type StackOptions = {
  shopPort: number;
  roomsPort: number;
  /** Where local D1/R2 state lives; omitted means wrangler's default (shared with `wrangler d1 …`). */
  persistTo?: string;
  /** The worker's secrets (names from .dev.vars.example); ROOM_TICKET_SECRET is shared with the rooms. */
  secrets: Record<string, string>;
  /** Print the servers' output (dev) or keep it for error reports only (tests). */
  inheritOutput: boolean;
  /** The shop's V8 inspector port (DevTools, CPU profiles); omitted means any free port. */
  inspectorPort?: number;
};

export type RunningStack = { shopUrl: string; roomsUrl: string; stop: () => Promise<void> };

/** Runs a command to completion, failing with its output when it fails; quiet runs answer their standard output. */
export function run(command: string, args: string[], options: { quiet?: boolean; env?: Record<string, string> } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: { ...toolEnv, ...options.env }, stdio: options.quiet ? "pipe" : "inherit" });
    let output = "";
    let stdout = "";
    child.stdout?.on("data", (chunk: Buffer) => ((output += chunk.toString()), (stdout += chunk.toString())));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${path.basename(command)} ${args.join(" ")} exited with ${code}\n${output}`)),
    );
  });
}

/**
 * The secrets .dev.vars.example names, read from .dev.vars; any missing there get a random value
 * written to it (so a fresh checkout just works, and values survive restarts).
 */
export function devSecrets(): Record<string, string> {
  const file = path.join(root, ".dev.vars");
  const names = [...readFileSync(path.join(root, ".dev.vars.example"), "utf8").matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]!);
  const existing = existsSync(file) ? readFileSync(file, "utf8") : "";
  const secrets: Record<string, string> = {};
  let added = "";
  for (const name of names) {
    const value = new RegExp(`^${name}=(.+)$`, "m").exec(existing)?.[1]?.trim();
    secrets[name] = value ?? randomBytes(32).toString("hex");
    if (!value) added += `${name}=${secrets[name]}\n`;
  }
  if (added) writeFileSync(file, `${existing && !existing.endsWith("\n") ? "\n" : ""}${existing ? "" : "# Local secrets, created by npm run dev. Never commit this file.\n"}${added}`, { flag: "a" });
  return secrets;
}

/** Random secrets for a throwaway stack (tests, benchmarks). */
export function randomSecrets(): Record<string, string> {
  const names = [...readFileSync(path.join(root, ".dev.vars.example"), "utf8").matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]!);
  return Object.fromEntries(names.map((name) => [name, randomBytes(32).toString("hex")]));
}

/**
 * Random secrets for a stack whose state is kept (benchmarks), stored beside that state: the demo
 * members' phone numbers are encrypted with the field key, so later runs must start with the same one.
 */
export function persistedSecrets(persistTo: string): Record<string, string> {
  const file = path.resolve(root, persistTo, "secrets.json");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(randomSecrets()));
  }
  return { ...randomSecrets(), ...(JSON.parse(readFileSync(file, "utf8")) as Record<string, string>) };
}

/**
 * Migrates and seeds local D1/R2. The seed encrypts the demo members' phone numbers with the FIELD_KEY
 * the shop will run with, so `secrets` must be the ones the stack is started with.
 */
export async function prepareDatabase(persistTo: string | undefined, quiet: boolean, secrets: Record<string, string>): Promise<void> {
  const persist = persistTo ? ["--persist-to", persistTo] : [];
  await run(bin("wrangler"), ["d1", "migrations", "apply", "DB", "--local", ...persist], { quiet });
  await run(bin("node"), ["db/seed/run.ts", ...persist], { quiet, env: { FIELD_KEY: secrets.FIELD_KEY ?? "" } });
}

async function waitFor(url: string, child: ChildProcess, log: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server for ${url} exited early:\n${log()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${url}:\n${log()}`);
}

function startServer(command: string, args: string[], inheritOutput: boolean) {
  const child = spawn(command, args, {
    cwd: root,
    env: toolEnv,
    stdio: inheritOutput ? ["ignore", "inherit", "inherit"] : ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { child, log: () => output };
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }, 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

export type RunningServer = { url: string; stop: () => Promise<void> };

/** Starts a server in its own process group and resolves once `readyUrl` answers below 500. */
export async function serve(command: string, args: string[], readyUrl: string, url: string, inheritOutput: boolean): Promise<RunningServer> {
  const server = startServer(command, args, inheritOutput);
  const stop = () => stopProcess(server.child);
  try {
    await waitFor(readyUrl, server.child, server.log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

/**
 * `partykit dev`: the live rooms. Rooms keep their state in storage; with `persistTo` it lives there
 * (a test run's own folder, wiped with it), else in partykit's default folder (shared with `npm run dev`).
 */
export function startRooms(options: Pick<StackOptions, "roomsPort" | "secrets" | "inheritOutput" | "persistTo">): Promise<RunningServer> {
  const url = `http://localhost:${options.roomsPort}`;
  const args = ["dev", "--port", String(options.roomsPort), "--disable-request-cf-fetch", "--no-hotkeys"];
  if (options.persistTo) args.push("--persist", path.resolve(root, options.persistTo, "rooms"));
  args.push("--var", `ROOM_TICKET_SECRET=${options.secrets.ROOM_TICKET_SECRET}`);
  if (options.secrets.ROOM_SERVER_SECRET) args.push("--var", `ROOM_SERVER_SECRET=${options.secrets.ROOM_SERVER_SECRET}`);
  return serve(bin("partykit"), args, `${url}/parties/main/health`, url, options.inheritOutput);
}

/** `wrangler dev`: the shop, pointed at the rooms on `roomsPort`. */
export function startShop(options: StackOptions): Promise<RunningServer> {
  const url = `http://localhost:${options.shopPort}`;
  const args = ["dev", "--port", String(options.shopPort), "--inspector-port", String(options.inspectorPort ?? 0), "--show-interactive-dev-session=false"];
  if (options.persistTo) args.push("--persist-to", options.persistTo);
  args.push("--var", `PARTY_URL:http://localhost:${options.roomsPort}`);
  for (const [name, value] of Object.entries(options.secrets)) args.push("--var", `${name}:${value}`);
  return serve(bin("wrangler"), args, `${url}/api/health`, url, options.inheritOutput);
}

/** Starts the shop and the rooms, resolving once both answer HTTP. */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const [rooms, shop] = await Promise.allSettled([startRooms(options), startShop(options)]);
  const stop = async () => {
    await Promise.all([rooms, shop].map((r) => (r.status === "fulfilled" ? r.value.stop() : undefined)));
  };
  if (rooms.status === "rejected" || shop.status === "rejected") {
    await stop();
    throw rooms.status === "rejected" ? rooms.reason : (shop as PromiseRejectedResult).reason;
  }
  return { shopUrl: shop.value.url, roomsUrl: rooms.value.url, stop };
}
