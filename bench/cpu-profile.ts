/**
 * A V8 CPU profile of a `wrangler dev` Worker's isolate, taken through wrangler's inspector (the Chrome
 * DevTools Protocol) while a load runs, with its self time summed into readable buckets: the bundle is
 * one script, so each sample is traced back to its source file through the bundle's source map.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";

type CallFrame = { functionName: string; scriptId: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[] };
type Script = { scriptId: string; url: string; sourceMapURL?: string };
type Message = { id?: number; result?: unknown; error?: { message: string }; method?: string; params?: Script };

const root = path.resolve(import.meta.dirname, "..");

/** A DevTools Protocol session with the first target of the inspector on `port`. */
async function connect(port: number) {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as { webSocketDebuggerUrl: string }[];
  if (!targets[0]) throw new Error(`no inspector target on port ${port}`);
  // wrangler's inspector proxy takes only DevTools' and localhost origins, and Node's own WebSocket cannot set one.
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl, { origin: "http://127.0.0.1" });
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  const pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  const scripts = new Map<string, Script>();
  socket.on("message", (data) => {
    const message = JSON.parse(String(data)) as Message;
    if (message.method === "Debugger.scriptParsed" && message.params) scripts.set(message.params.scriptId, message.params);
    const waiting = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id!);
    if (message.error) waiting.reject(new Error(message.error.message));
    else waiting.resolve(message.result);
  });
  let lastId = 0;
  const send = <T = unknown>(method: string, params: object = {}) =>
    new Promise<T>((resolve, reject) => {
      const id = ++lastId;
      pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });
  return { send, scripts, close: () => socket.close() };
}

const base64 = new Map([..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"].map((char, index) => [char, index]));

function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = base64.get(char)!;
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value % 2 ? -(value - 1) / 2 : value / 2);
    value = 0;
    shift = 0;
  }
  return values;
}

/** Where a bundle position came from: a source map's segments as [generated column, source, original line] per generated line. */
function sourceMapOf(script: Script) {
  if (!script.sourceMapURL || !script.url.startsWith("file:")) return null;
  const mapFile = fileURLToPath(new URL(script.sourceMapURL, script.url));
  const map = JSON.parse(readFileSync(mapFile, "utf8")) as { sources: string[]; sourceRoot?: string; mappings: string };
  const sources = map.sources.map((source) => {
    const file = path.relative(root, path.resolve(path.dirname(mapFile), map.sourceRoot ?? "", source));
    const dependency = file.indexOf("node_modules/");
    // drizzle-orm's own maps name its files ../src/*.ts, which lands beside its folder rather than in it.
    return dependency < 0 ? file : file.slice(dependency).replace(/^node_modules\/src\//, "node_modules/drizzle-orm/src/");
  });
  let source = 0;
  let line = 0;
  const lines = map.mappings.split(";").map((text) => {
    let column = 0;
    const segments: [number, number, number][] = [];
    for (const segment of text.split(",")) {
      if (!segment) continue;
      const [columnDelta = 0, sourceDelta, lineDelta] = decodeVlq(segment);
      column += columnDelta;
      if (sourceDelta === undefined || lineDelta === undefined) continue;
      source += sourceDelta;
      line += lineDelta;
      segments.push([column, source, line]);
    }
    return segments;
  });
  return (generatedLine: number, generatedColumn: number): { file: string; line: number } | null => {
    const segments = lines[generatedLine] ?? [];
    const segment = segments.findLast(([column]) => column <= generatedColumn) ?? segments[0];
    return segment ? { file: sources[segment[1]]!, line: segment[2] + 1 } : null;
  };
}

/** V8's own entries, which have no script; (idle) is the isolate waiting (for D1, the cache, the network). */
const pseudoFrames = new Set(["(root)", "(program)", "(idle)", "(garbage collector)"]);

/** Buckets by source file, first match wins. */
const bucketRules: [RegExp, string][] = [
  [/^node_modules\/hono\//, "hono: routing, compose, context, cookies"],
  [/^worker\/features\/accounts\/(middleware|sessions)\.ts$/, "session: worker/features/accounts/{middleware,sessions}.ts"],
  [/^worker\/middleware\/consent\.ts$|^worker\/features\/(consent|privacy)\//, "consent: worker/middleware/consent.ts, worker/features/{consent,privacy}/"],
  [/^worker\/middleware\/i18n\.ts$|^worker\/i18n\//, "i18n: worker/middleware/i18n.ts, worker/i18n/"],
  [/^worker\/middleware\/security-headers\.ts$/, "security headers: worker/middleware/security-headers.ts"],
  [/^node_modules\/drizzle-orm\//, "drizzle: query building, result mapping"],
  [/^cloudflare-internal:d1-api$/, "D1 binding, JS side (waiting for D1 is idle time)"],
  [/^node_modules\/(preact|preact-render-to-string|htm)\//, "render: preact-render-to-string, htm"],
  [/^worker\/views\/|^worker\/features\/[^/]+\/views\.ts$/, "views: worker/views/, worker/features/*/views.ts"],
  [/^node-internal:|^node:/, "Node.js compatibility layer (node-internal:*)"],
  [/^\.wrangler\/|^node_modules\/wrangler\//, "wrangler's dev wrapper"],
];

/** A file's bucket: a rule's, else its feature's folder, its package, or the file itself. */
function bucketOf(file: string): string {
  const rule = bucketRules.find(([pattern]) => pattern.test(file));
  if (rule) return rule[1];
  const feature = /^worker\/features\/[^/]+\//.exec(file)?.[0];
  return feature ? `${feature}*` : (/^node_modules\/(@[^/]+\/)?[^/]+/.exec(file)?.[0] ?? file);
}

/** Sample counts: under CPU contention a sample's time delta also holds the time the thread waited to run. */
export type ProfileSummary = { wallMs: number; samples: number; idle: number; buckets: [string, number][]; functions: [string, number][] };

/**
 * Profiles the isolate behind the inspector on `port` while `load` runs, sampling every 100 µs. Self time
 * of a built-in without a script (JSON.stringify, crypto.subtle, new Response) counts for its caller.
 */
export async function profileDuring(port: number, load: () => Promise<unknown>): Promise<ProfileSummary> {
  const session = await connect(port);
  try {
    // Enabling the debugger reports every script (the bundle and its source map); it is off again while sampling.
    await session.send("Debugger.enable");
    await session.send("Debugger.disable");
    await session.send("Profiler.enable");
    await session.send("Profiler.setSamplingInterval", { interval: 100 });
    await session.send("Profiler.start");
    await load();
    const { profile } = await session.send<{ profile: CpuProfile }>("Profiler.stop");
    return summarize(profile, session.scripts);
  } finally {
    session.close();
  }
}

function summarize(profile: CpuProfile, scripts: Map<string, Script>): ProfileSummary {
  const maps = new Map([...scripts.values()].map((script) => [script.scriptId, sourceMapOf(script)]));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, ProfileNode>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node);

  const described = new Map<number, { bucket: string; name: string }>();
  const describe = (node: ProfileNode): { bucket: string; name: string } => {
    const known = described.get(node.id);
    if (known) return known;
    const frame = node.callFrame;
    const name = frame.functionName || "(anonymous)";
    let description: { bucket: string; name: string };
    if (pseudoFrames.has(frame.functionName)) description = { bucket: frame.functionName, name };
    else if (!frame.url) {
      const caller = parents.get(node.id);
      const from = caller && !pseudoFrames.has(caller.callFrame.functionName) ? describe(caller) : undefined;
      description = from
        ? { bucket: from.bucket, name: `${name} (built-in) ← ${from.name}` }
        : { bucket: "native code with no JS caller (workerd's own work in the isolate)", name: `${name} (native, no JS caller)` };
    } else {
      const map = maps.get(frame.scriptId);
      const mapped = map?.(frame.lineNumber, frame.columnNumber);
      if (mapped) description = { bucket: bucketOf(mapped.file), name: `${name} ${mapped.file}:${mapped.line}` };
      else if (map) description = { bucket: "bundle code with no source: esbuild's helpers (__name)", name: `${name} ${frame.url}:${frame.lineNumber + 1}` };
      else description = { bucket: bucketOf(frame.url), name: `${name} ${frame.url}:${frame.lineNumber + 1}` };
    }
    described.set(node.id, description);
    return description;
  };

  const buckets = new Map<string, number>();
  const functions = new Map<string, number>();
  const count = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const id of profile.samples) {
    const { bucket, name } = describe(nodes.get(id)!);
    count(buckets, bucket);
    if (!pseudoFrames.has(name)) count(functions, name);
  }
  const idle = (buckets.get("(idle)") ?? 0) + (buckets.get("(root)") ?? 0);
  buckets.delete("(idle)");
  buckets.delete("(root)");
  const bySamples = (counts: Map<string, number>) => [...counts].sort((a, b) => b[1] - a[1]);
  return { wallMs: (profile.endTime - profile.startTime) / 1000, samples: profile.samples.length, idle, buckets: bySamples(buckets), functions: bySamples(functions) };
}
