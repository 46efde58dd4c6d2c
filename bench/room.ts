/**
 * A live room under a crowd: starts its own `partykit dev`, fills one show's room with N members over
 * real WebSockets (tickets signed as the worker signs them), then measures
 *   - filling the room: time at N/4, N/2 and N, and the frames already-connected viewers receive while
 *     others join (a join must cost the room O(1) frames, never a roster to everyone);
 *   - chat at a set total rate, spread over many senders: deliveries received vs expected, and latency
 *     from send to receipt (sender and receivers share this process's clock);
 *   - the same with likes on top (aggregated on the room's 200 ms tick): frames/s per viewer with and
 *     without them;
 *   - reconnect storms: every socket dropped at once, then reconnected with jittered backoff, and with
 *     partysocket's own schedule; the time until every viewer is back and has its `welcome`;
 *   - the rooms server's CPU seconds and resident memory per phase (/proc, partykit dev's process tree).
 * Prints figures and whether each target of the live-show issue was met; never fails on timing.
 *   npm run bench:room                      the issue's figures: 3,000 members, chat 20/s, likes 1,000/s
 *   npm run bench:room -- --quick           300 members, 6 s phases: under a minute
 *   npm run bench:room -- --viewers 1500 --chat-rate 20 --like-rate 1000 --seconds 20
 *     --storms jitter,partysocket|none  --concurrency 100 (attempts in flight while filling)
 *     --ref HEAD (bench a commit instead of the working tree)  --perf (sample workerd with Linux perf)
 *     --no-deflate
 * Environment: BENCH_ROOM_VIEWERS, BENCH_ROOM_CHAT_RATE, BENCH_ROOM_LIKE_RATE, BENCH_ROOM_SECONDS,
 * BENCH_ROOMS_PORT (2990). The rooms server runs a copy of the room's code taken at the start.
 */
import { execFileSync, execSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { cp, mkdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import WebSocket from "ws";
import { partyName, tickMs, ticketTtlSeconds, type RoomTicket } from "../party/protocol.ts";
import { chatLimit, likeLimit } from "../party/room/show-room.ts";
import { serve, type RunningServer } from "../scripts/lib/local-stack.ts";
import { signToken } from "../worker/lib/signed-token.ts";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    viewers: { type: "string" },
    "chat-rate": { type: "string" },
    "like-rate": { type: "string" },
    seconds: { type: "string" },
    /** Connection attempts in flight while filling the room. */
    concurrency: { type: "string", default: "100" },
    /** Do not offer permessage-deflate (browsers offer it; local workerd declines it anyway). */
    "no-deflate": { type: "boolean", default: false },
    /** Which reconnect storms to run: jitter, partysocket, or both (comma-separated), or none. */
    storms: { type: "string", default: "jitter,partysocket" },
    /** Samples workerd with Linux perf during the load phases and prints where its CPU goes. */
    perf: { type: "boolean", default: false },
    /** Bench the room as committed at this git ref instead of the working tree. */
    ref: { type: "string" },
    /** How long a reconnecting socket waits to open before it gives up and retries (partysocket: 4 s). */
    "connect-timeout": { type: "string" },
    /** Print partykit dev's own output (requests, errors) along with the bench's. */
    "server-output": { type: "boolean", default: false },
  },
});

const setting = (flag: string | undefined, env: string, standard: number, quick: number) =>
  Number(flag ?? process.env[env] ?? (values.quick ? quick : standard));
const viewerTotal = setting(values.viewers, "BENCH_ROOM_VIEWERS", 3000, 300);
const chatRate = setting(values["chat-rate"], "BENCH_ROOM_CHAT_RATE", 20, 20);
const likeRate = setting(values["like-rate"], "BENCH_ROOM_LIKE_RATE", 1000, 1000);
const phaseSeconds = setting(values.seconds, "BENCH_ROOM_SECONDS", 20, 5);
const concurrency = Number(values.concurrency);
const deflate = !values["no-deflate"];
const storms = values.storms.split(",").filter((name): name is StormMode => name === "jitter" || name === "partysocket");
const connectTimeoutMs = Number(values["connect-timeout"] ?? 4000);
const roomsPort = Number(process.env.BENCH_ROOMS_PORT ?? 2990);
/** The rooms' storage and the snapshot of their code: fresh for every run. */
const persistTo = ".wrangler/bench-room-state";

/** The issue's targets. */
const targets = { viewers: 3000, chatRate: 20, chatP99Ms: 100, likeRate: 1000, likeFramesPerClient: 10, stormSeconds: 10 };

// ── small helpers ────────────────────────────────────────────────────────────────────────────────

const now = () => performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const int = (value: number) => Math.round(value).toLocaleString("en-US");
const fixed = (value: number, digits = 1) => value.toFixed(digits);
const seconds = (ms: number) => `${fixed(ms / 1000, 2)} s`;
const mib = (kib: number) => `${fixed(kib / 1024, 0)} MiB`;
const mark = (met: boolean) => (met ? "met    " : "NOT met");

function percentile(sorted: ArrayLike<number>, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}

function table(header: string[], rows: string[][]): void {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => "  " + cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

// ── the rooms server's processes, from /proc ─────────────────────────────────────────────────────

const clockTicks = 100; // USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK)

type ProcessSample = { pid: number; name: string; cpuSeconds: number; rssKiB: number };

/** Every process below this one (but --perf's): partykit dev (node), its esbuild and workerd. */
function serverProcesses(): ProcessSample[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone meanwhile
    }
  }
  const below = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (below.has(parent) && !below.has(pid)) {
        below.add(pid);
        grew = true;
      }
    }
  }
  below.delete(process.pid);
  const samples: ProcessSample[] = [];
  for (const pid of below) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const name = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
      if (name === "perf") continue; // --perf's sampler, not the server
      const rss = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
      samples.push({ pid, name, cpuSeconds: (Number(fields[11]) + Number(fields[12])) / clockTicks, rssKiB: rss });
    } catch {
      // gone meanwhile
    }
  }
  return samples;
}

/** CPU seconds the whole machine has been busy (all cores; /proc/stat), to tell what everything else took. */
function machineBusySeconds(): number {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (user + nice + system + irq + softirq + steal) / clockTicks;
}

type Usage = { at: number; server: ProcessSample[]; client: NodeJS.CpuUsage; clientRssKiB: number; machine: number };
const usage = (): Usage => ({
  at: now(),
  server: serverProcesses(),
  client: process.cpuUsage(),
  clientRssKiB: process.memoryUsage().rss / 1024,
  machine: machineBusySeconds(),
});

type UsageDelta = {
  wallSeconds: number;
  serverCpu: number;
  workerdCpu: number;
  clientCpu: number;
  /** CPU seconds everything else on the machine took meanwhile (other people's work, the kernel's). */
  otherCpu: number;
  serverRssKiB: number;
  workerdRssKiB: number;
  clientRssKiB: number;
};
function delta(from: Usage, to: Usage): UsageDelta {
  const before = new Map(from.server.map((p) => [p.pid, p.cpuSeconds]));
  let serverCpu = 0;
  let workerdCpu = 0;
  for (const p of to.server) {
    const spent = p.cpuSeconds - (before.get(p.pid) ?? 0);
    serverCpu += spent;
    if (p.name === "workerd") workerdCpu += spent;
  }
  const clientCpu = (to.client.user + to.client.system - from.client.user - from.client.system) / 1e6;
  return {
    wallSeconds: (to.at - from.at) / 1000,
    serverCpu,
    workerdCpu,
    clientCpu,
    otherCpu: Math.max(0, to.machine - from.machine - serverCpu - clientCpu),
    serverRssKiB: to.server.reduce((sum, p) => sum + p.rssKiB, 0),
    workerdRssKiB: to.server.filter((p) => p.name === "workerd").reduce((sum, p) => sum + p.rssKiB, 0),
    clientRssKiB: to.clientRssKiB,
  };
}

// ── where the rooms server spends its CPU: `perf record` on workerd (--perf) ─────────────────────

/**
 * Samples workerd (its C++, the kernel work it causes, and JIT-compiled JavaScript as "[JIT]") with
 * Linux perf until the returned function is called, then prints the shares. workerd's own inspector
 * takes a CPU sample only now and then, so it cannot say this.
 */
function startPerf(file: string): () => Promise<void> {
  const workerd = serverProcesses().find((p) => p.name === "workerd");
  if (!workerd) throw new Error("no workerd process to sample");
  const recorder = spawn("perf", ["record", "-F", "499", "-g", "-p", String(workerd.pid), "-o", file], { stdio: ["ignore", "ignore", "pipe"] });
  let errors = "";
  recorder.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => {
    recorder.once("exit", resolve);
    recorder.once("error", (error) => {
      errors += error.message;
      resolve(-1);
    });
  });
  return async () => {
    recorder.kill("SIGINT");
    if ((await exited) !== 0 && !existsSync(file)) return void console.log(`  perf failed: ${errors.trim().split("\n").pop()}`);
    const report = (sort: string) =>
      execFileSync("perf", ["report", "-i", file, "--no-children", "--sort", sort, "--stdio", "-g", "none"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })
        .split("\n")
        .filter((line) => /^\s+\d/.test(line))
        .map((line) => line.trim().replace(/\s+/g, " ").slice(0, 140));
    console.log(`  workerd by binary (${file}): ${report("dso").slice(0, 5).join(" · ")}`);
    console.log("  top symbols:");
    for (const line of report("sym").slice(0, 12)) console.log(`    ${line}`);
  };
}

// ── clients ──────────────────────────────────────────────────────────────────────────────────────

type Client = {
  index: number;
  /** Stable for the client's life, like partysocket's `_pk`: the connection id the room sees. */
  connectionId: string;
  viewer: string;
  name: string;
  avatar: string;
  socket: WebSocket | null;
  welcomed: boolean;
  welcomedAt: number;
  frames: number;
  lastViewers: number;
  lastLikes: number;
  /** Set while the bench itself drops the socket, so its close is not counted as unexpected. */
  dropping: boolean;
};

type FrameCounts = { frames: number; bytes: number; chat: number; viewers: number; likes: number; welcome: number; welcomeBytes: number; error: number; other: number };
const counts: FrameCounts = { frames: 0, bytes: 0, chat: 0, viewers: 0, likes: 0, welcome: 0, welcomeBytes: 0, error: 0, other: 0 };
const errorCodes = new Map<string, number>();
let unexpectedCloses = 0;
let negotiatedExtensions = "";

/** Every chat message the bench sent, by sequence number: when, and how many viewers received it. */
const sentChat: { sentAt: number; receipts: number }[] = [];
let latencies: number[] = [];

const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
const randomId = (length: number) => Array.from(randomBytes(length), (byte) => alphabet[byte % 36]).join("");

const ticketSecret = randomBytes(24).toString("hex");
const serverSecret = randomBytes(24).toString("hex");
const room = `bench-${Date.now().toString(36)}`;
const liveAt = Date.now() - 10 * 60_000;
const wsBase = `ws://127.0.0.1:${roomsPort}/parties/${partyName}/${room}`;

/** A member's ticket exactly as the worker signs it (worker/features/live/routes.ts). */
const ticketFor = (client: Client) =>
  signToken(
    ticketSecret,
    { room, sub: client.viewer, role: "member", name: client.name, avatar: client.avatar, liveAt } satisfies RoomTicket,
    ticketTtlSeconds,
  );

const clients: Client[] = Array.from({ length: viewerTotal }, (_, index) => ({
  index,
  connectionId: randomBytes(16).toString("hex"),
  viewer: `vwr_${randomId(16)}`,
  name: `Viewer ${index + 1}`,
  avatar: `/media/avatars/${randomId(16)}.svg`,
  socket: null,
  welcomed: false,
  welcomedAt: 0,
  frames: 0,
  lastViewers: 0,
  lastLikes: 0,
  dropping: false,
}));

/** Bench chat lines read `bench <seq> <sent at>`; receipts are timed against the send on this process's clock. */
const chatMarker = Buffer.from('"text":"bench ');
const [cChat, cViewers, cLikes, cWelcome, cError] = ["c", "v", "l", "w", "e"].map((c) => c.charCodeAt(0));

/** The hot path: classifies a frame by the byte after `{"type":"` and parses only what it needs. */
function receive(client: Client, data: Buffer): void {
  const at = now();
  client.frames++;
  counts.frames++;
  counts.bytes += data.length;
  const kind = data[9];
  if (kind === cChat) {
    counts.chat++;
    let i = data.indexOf(chatMarker);
    if (i < 0) return;
    let seq = 0;
    for (i += chatMarker.length; data[i]! >= 48 && data[i]! <= 57; i++) seq = seq * 10 + data[i]! - 48;
    const message = sentChat[seq];
    if (!message) return;
    message.receipts++;
    latencies.push(at - message.sentAt);
  } else if (kind === cViewers) {
    counts.viewers++;
    client.lastViewers = (JSON.parse(data.toString()) as { count: number }).count;
  } else if (kind === cLikes) {
    counts.likes++;
    client.lastLikes = (JSON.parse(data.toString()) as { total: number }).total;
  } else if (kind === cWelcome) {
    counts.welcome++;
    counts.welcomeBytes += data.length;
    const welcome = JSON.parse(data.toString()) as { viewers: number; likes: number };
    client.lastViewers = welcome.viewers;
    client.lastLikes = welcome.likes;
    client.welcomed = true;
    client.welcomedAt = at;
  } else if (kind === cError) {
    counts.error++;
    const code = (JSON.parse(data.toString()) as { code: string }).code;
    errorCodes.set(code, (errorCodes.get(code) ?? 0) + 1);
  } else {
    counts.other++;
  }
}

/**
 * One connection attempt with a fresh ticket (as the page fetches one per attempt). Resolves "ok" once
 * the room's `welcome` arrived, or the reason it failed; `openTimeoutMs` is partysocket's
 * connectionTimeout (4 s until the socket opens; --connect-timeout).
 */
async function connect(client: Client, openTimeoutMs = connectTimeoutMs): Promise<"ok" | string> {
  const ticket = await ticketFor(client);
  return new Promise((resolve) => {
    const socket = new WebSocket(`${wsBase}?_pk=${client.connectionId}&ticket=${encodeURIComponent(ticket)}`, { perMessageDeflate: deflate, skipUTF8Validation: true });
    client.socket = socket;
    client.welcomed = false;
    let settled = false;
    let welcomed = false;
    const settle = (outcome: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const giveUp = (reason: string) => () => {
      socket.terminate();
      settle(reason);
    };
    let timer = setTimeout(giveUp("open timeout"), openTimeoutMs);
    socket.on("open", () => {
      clearTimeout(timer);
      // Not partysocket's: only so that a room that never says welcome cannot stall the bench.
      if (!settled) timer = setTimeout(giveUp("no welcome within 30 s"), 30_000);
      negotiatedExtensions ||= socket.extensions || "none";
    });
    socket.on("message", (data: Buffer) => {
      receive(client, data);
      if (!welcomed && client.welcomed) {
        welcomed = true;
        settle("ok");
      }
    });
    socket.on("unexpected-response", (_request, response) => {
      settle(`HTTP ${response.statusCode}`);
      socket.terminate();
    });
    socket.on("error", (error) => settle((error as NodeJS.ErrnoException).code ?? error.message));
    socket.on("close", (code) => {
      if (client.socket === socket) {
        client.welcomed = false;
        if (welcomed && !client.dropping) unexpectedCloses++;
      }
      settle(`closed ${code} before welcome`);
    });
  });
}

const failures = new Map<string, number>();
const countFailure = (reason: string) => failures.set(reason, (failures.get(reason) ?? 0) + 1);

/** Connects clients [from, to) with `concurrency` attempts in flight, retrying failures after 100 ms. */
async function fill(from: number, to: number): Promise<void> {
  let next = from;
  const lane = async () => {
    while (next < to) {
      const client = clients[next++]!;
      for (let outcome = await connect(client); outcome !== "ok"; outcome = await connect(client)) {
        countFailure(outcome);
        await sleep(100);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, to - from) }, lane));
}

const open = (client: Client) => client.welcomed && client.socket?.readyState === WebSocket.OPEN;
const openCount = () => clients.reduce((n, c) => n + (open(c) ? 1 : 0), 0);

// ── phases ───────────────────────────────────────────────────────────────────────────────────────

const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();

type LoadResult = {
  name: string;
  seconds: number;
  chatSent: number;
  receipts: number;
  expected: number;
  latency: { p50: number; p99: number; max: number };
  likesSent: number;
  likesCounted: number;
  perClient: { total: number; chat: number; likes: number; viewers: number; other: number };
  /** Over the phase and its catching up; framesHandled: every frame the viewers received meanwhile. */
  usage: UsageDelta;
  framesHandled: number;
  loopDelayP99: number;
  refused: number;
  /** How long after the last send the room's last frame arrived. */
  drainMs: number;
};

let chatCursor = 0;
let likeCursor = Math.floor(viewerTotal / 2);
const nextOpen = (cursor: number): [Client | null, number] => {
  for (let tries = 0; tries < viewerTotal; tries++) {
    const client = clients[cursor]!;
    cursor = (cursor + 1) % viewerTotal;
    if (open(client)) return [client, cursor];
  }
  return [null, cursor];
};

/** Sends chat (and likes) at the given total rates for `seconds`, each from the next viewer in turn. */
async function load(name: string, seconds: number, chatPerSecond: number, likesPerSecond: number): Promise<LoadResult> {
  console.log(`\n── ${name} ──`);
  const viewersNow = openCount();
  const firstSeq = sentChat.length;
  const likesBefore = Math.max(...clients.map((c) => c.lastLikes));
  const countsBefore = { ...counts };
  const refusedBefore = (errorCodes.get("rate_limited") ?? 0) + (errorCodes.get("slow_mode") ?? 0);
  latencies = [];
  loopDelay.reset();
  const before = usage();
  const started = now();
  let likesSent = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = Math.min(now() - started, seconds * 1000) / 1000;
      for (let due = Math.floor(elapsed * chatPerSecond) - (sentChat.length - firstSeq); due > 0; due--) {
        const [client, cursor] = nextOpen(chatCursor);
        chatCursor = cursor;
        if (!client) break;
        const seq = sentChat.length;
        const sentAt = now();
        sentChat.push({ sentAt, receipts: 0 });
        client.socket!.send(JSON.stringify({ type: "chat", text: `bench ${seq} ${sentAt.toFixed(3)}` }));
      }
      for (let due = Math.floor(elapsed * likesPerSecond) - likesSent; due > 0; due--) {
        const [client, cursor] = nextOpen(likeCursor);
        likeCursor = cursor;
        if (!client) break;
        client.socket!.send('{"type":"like"}');
        likesSent++;
      }
      if (elapsed >= seconds) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  const countsAfter = { ...counts };
  // Wait until the room has caught up: every line received and no frame for three ticks, or nothing at
  // all for 5 s (a backlog left behind would be measured by the next phase).
  const drainStart = now();
  const pending = () => sentChat.slice(firstSeq).some((m) => m.receipts < viewersNow);
  let framesSeen = counts.frames;
  let quietSince = now();
  while (now() - drainStart < 180_000) {
    await sleep(50);
    if (counts.frames !== framesSeen) {
      framesSeen = counts.frames;
      quietSince = now();
    }
    const quiet = now() - quietSince;
    if ((!pending() && quiet >= 3 * tickMs) || quiet >= 5000) break;
  }
  const drainMs = Math.max(0, quietSince - drainStart);
  // CPU over the sending and the catching up, against every frame received meanwhile.
  const after = usage();
  const framesHandled = counts.frames - countsBefore.frames;
  const sorted = Float64Array.from(latencies).sort();
  const perClient = (field: keyof FrameCounts) => (countsAfter[field] - countsBefore[field]) / viewersNow / seconds;
  const messages = sentChat.slice(firstSeq);
  return {
    name,
    seconds,
    chatSent: messages.length,
    receipts: messages.reduce((n, m) => n + m.receipts, 0),
    expected: messages.length * viewersNow,
    latency: { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1] ?? Number.NaN },
    likesSent,
    likesCounted: Math.max(...clients.map((c) => c.lastLikes)) - likesBefore,
    perClient: {
      total: perClient("frames"),
      chat: perClient("chat"),
      likes: perClient("likes"),
      viewers: perClient("viewers"),
      other: perClient("welcome") + perClient("error") + perClient("other"),
    },
    usage: delta(before, after),
    framesHandled,
    loopDelayP99: loopDelay.percentile(99) / 1e6,
    refused: (errorCodes.get("rate_limited") ?? 0) + (errorCodes.get("slow_mode") ?? 0) - refusedBefore,
    drainMs,
  };
}

type StormMode = "jitter" | "partysocket";
type StormResult = {
  mode: StormMode;
  allBackMs: number;
  p50Ms: number;
  p99Ms: number;
  back: number;
  attempts: number;
  failed: Map<string, number>;
  /** Open viewers whose last viewer count equals the crowd's size, and the count the room itself reports. */
  countsRight: number;
  roomCount: number | null;
  /** From the last welcome until every open viewer's count showed the crowd's size. */
  settleMs: number;
  usage: UsageDelta;
  welcomeBytes: number;
};

/** The room's own viewer count (its public GET). */
const roomViewers = () =>
  fetch(`http://127.0.0.1:${roomsPort}/parties/${partyName}/${room}`, { signal: AbortSignal.timeout(10_000) })
    .then((response) => response.json() as Promise<{ viewers: number }>)
    .then(({ viewers }) => viewers, () => null);

/**
 * partysocket 1.3.0 (reconnecting-websocket): retry k waits minReconnectionDelay 3 s × 1.3^(k-1), at
 * most 10 s, with no randomness, so every page of a dropped crowd comes back at the same instant, and
 * gives up on an attempt after 4 s. "jitter" is what the shop's pages do (client/live/room-connection.ts):
 * each page's first wait is its own random 1–5 s, then × 1.3 up to 15 s, and an attempt may take 15 s
 * (--connect-timeout overrides both).
 */
const jitterMin = new WeakMap<Client, number>();
const backoff = (mode: StormMode, attempt: number, client: Client) => {
  if (mode === "partysocket") return Math.min(10_000, 3000 * 1.3 ** (attempt - 1));
  if (!jitterMin.has(client)) jitterMin.set(client, 1000 + Math.random() * 4000);
  return Math.min(15_000, jitterMin.get(client)! * 1.3 ** (attempt - 1));
};
const stormTimeout = (mode: StormMode) => (values["connect-timeout"] !== undefined ? connectTimeoutMs : mode === "jitter" ? 15_000 : 4000);

let stopping = false;

async function storm(mode: StormMode): Promise<StormResult> {
  const before = usage();
  const welcomesBefore = counts.welcome;
  const welcomeBytesBefore = counts.welcomeBytes;
  const failed = new Map<string, number>();
  let attempts = 0;
  const dropped = now();
  for (const client of clients) {
    client.dropping = true;
    client.welcomed = false;
    client.lastViewers = 0;
    client.socket?.terminate();
  }
  let over = false;
  await new Promise<void>((resolve) => {
    // Give up after a minute: whoever is not back by then counts as never back (and stops retrying).
    const cap = setTimeout(() => {
      over = true;
      resolve();
    }, 60_000);
    let back = 0;
    const retry = (client: Client, attempt: number) => {
      setTimeout(async () => {
        if (stopping || over) return;
        attempts++;
        const outcome = await connect(client, stormTimeout(mode));
        if (outcome === "ok") {
          client.dropping = false;
          if (++back === viewerTotal) {
            clearTimeout(cap);
            resolve();
          }
        } else {
          failed.set(outcome, (failed.get(outcome) ?? 0) + 1);
          retry(client, attempt + 1);
        }
      }, backoff(mode, attempt, client));
    };
    for (const client of clients) retry(client, 1);
  });
  const backTimes = Float64Array.from(clients, (c) => (open(c) ? c.welcomedAt - dropped : Number.POSITIVE_INFINITY)).sort();
  const after = usage();
  // Everyone's viewer count should settle on the crowd's size with the next tick (given 5 s).
  const settleStart = now();
  const seeAll = () => clients.filter((c) => open(c) && c.lastViewers === viewerTotal).length;
  while (seeAll() < openCount() && now() - settleStart < 5000) await sleep(50);
  const settleMs = now() - settleStart;
  const welcomes = counts.welcome - welcomesBefore;
  return {
    mode,
    allBackMs: backTimes[backTimes.length - 1]!,
    p50Ms: percentile(backTimes, 0.5),
    p99Ms: percentile(backTimes, 0.99),
    back: openCount(),
    attempts,
    failed,
    countsRight: seeAll(),
    settleMs,
    roomCount: await roomViewers(),
    usage: delta(before, after),
    welcomeBytes: (counts.welcomeBytes - welcomeBytesBefore) / Math.max(1, welcomes),
  };
}

// ── the rooms server, on a snapshot of the room's code ───────────────────────────────────────────

const root = path.resolve(import.meta.dirname, "..");

/**
 * A copy of the room's code (party/, worker/ for the shared helpers, partykit.json and the tsconfig it
 * extends) taken when the bench starts, from the working tree or from a git ref. `partykit dev` rebuilds
 * and restarts the room whenever a file it bundled changes, which would drop every socket in the middle
 * of a measurement while others edit party/; a copy nobody edits keeps the room up, and the figures
 * belong to one version of it.
 */
async function snapshotRoom(ref: string | undefined): Promise<{ source: string; version: string }> {
  const source = path.join(root, persistTo, "source");
  await mkdir(source, { recursive: true });
  const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();
  if (ref !== undefined) {
    if (!/^[\w./~^@-]+$/.test(ref)) throw new Error(`not a git ref: ${ref}`);
    const commit = git("rev-parse", "--short", `${ref}^{commit}`);
    execSync(`git archive ${commit} party worker partykit.json tsconfig.base.json | tar -x -C '${source}'`, { cwd: root });
    return { source, version: `commit ${commit}` };
  }
  for (const entry of ["party", "worker", "partykit.json", "tsconfig.base.json"]) await cp(path.join(root, entry), path.join(source, entry), { recursive: true });
  const changed = git("status", "--porcelain", "--", "party", "worker").split("\n").filter(Boolean).length;
  return { source, version: `the working tree (commit ${git("rev-parse", "--short", "HEAD")}${changed ? `, ${changed} files changed under party/ and worker/` : ""})` };
}

/** `partykit dev` as scripts/lib/local-stack.ts's startRooms runs it, but on the snapshot's config. */
function startSnapshotRooms(source: string): Promise<RunningServer> {
  const url = `http://localhost:${roomsPort}`;
  const args = ["dev", "-c", path.join(source, "partykit.json"), "--port", String(roomsPort), "--disable-request-cf-fetch", "--no-hotkeys"];
  args.push("--persist", path.join(root, persistTo, "rooms"));
  args.push("--var", `ROOM_TICKET_SECRET=${ticketSecret}`, "--var", `ROOM_SERVER_SECRET=${serverSecret}`);
  return serve(path.join(root, "node_modules/.bin/partykit"), args, `${url}/parties/${partyName}/health`, url, values["server-output"]);
}

// ── the run ──────────────────────────────────────────────────────────────────────────────────────

const openFilesLimit = Number(/^Max open files\s+(\d+)/m.exec(readFileSync("/proc/self/limits", "utf8"))?.[1] ?? Number.NaN);
console.log(
  `live room bench: ${int(viewerTotal)} members, chat ${chatRate}/s and likes ${likeRate}/s in total, ${phaseSeconds} s per phase, ` +
    `permessage-deflate ${deflate ? "offered" : "off"}`,
);
console.log(
  `machine: ${os.availableParallelism()} cores, ${fixed(os.totalmem() / 2 ** 30)} GiB RAM, load ${os.loadavg().map((l) => fixed(l, 2)).join(" ")}, ` +
    `Node ${process.version}, open files limit ${openFilesLimit}`,
);
if (openFilesLimit < viewerTotal + 200) console.log(`warning: ulimit -n ${openFilesLimit} is below the ${viewerTotal} sockets this run opens (raise it: ulimit -n ${viewerTotal * 2})`);
const chatSeconds = viewerTotal / chatRate;
if (chatSeconds < chatLimit.refillMs / 1000) console.log(`warning: each viewer would chat every ${fixed(chatSeconds, 2)} s, faster than the room's limit (one per ${chatLimit.refillMs / 1000} s)`);
if (likeRate / viewerTotal > 1000 / likeLimit.refillMs) console.log(`warning: ${fixed(likeRate / viewerTotal)} likes/s per viewer exceeds the room's ${1000 / likeLimit.refillMs}/s; the excess is not counted`);

await rm(path.join(root, persistTo), { recursive: true, force: true });
const idle = usage();
const { source, version } = await snapshotRoom(values.ref);
console.log(`\nstarting partykit dev on :${roomsPort} with the room at ${version}…`);
const rooms = await startSnapshotRooms(source);
// Ctrl-C must not leave partykit dev running (it runs in its own process group).
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    stopping = true;
    for (const client of clients) client.socket?.terminate();
    void rooms.stop().finally(() => process.exit(130));
  });
}
const stormResults: StormResult[] = [];
try {
  const started = usage();
  console.log(`rooms server: ${started.server.map((p) => `${p.name} (pid ${p.pid}, ${mib(p.rssKiB)})`).join(", ")}; startup CPU ${fixed(delta(idle, started).serverCpu)} s`);

  // A first viewer wakes the room (its Durable Object, storage) outside the measurement.
  await fill(0, 1);
  const warm = usage();

  console.log(`\n── Filling the room (${concurrency} connection attempts in flight, a fresh ticket each) ──`);
  const stages = [...new Set([Math.floor(viewerTotal / 4), Math.floor(viewerTotal / 2), viewerTotal])].filter((n) => n > 1);
  const checkpoints: [number, number][] = [];
  const rows: string[][] = [];
  let connected = 1;
  let elapsed = 0;
  const cpuPerJoin: number[] = [];
  let maxPerJoiner = 0;
  for (const stage of stages) {
    const earlier = clients.slice(0, connected);
    const framesBefore = earlier.reduce((n, c) => n + c.frames, 0);
    const before = usage();
    const t0 = now();
    await fill(connected, stage);
    const ms = now() - t0;
    const cpu = delta(before, usage());
    elapsed += ms;
    checkpoints.push([stage, elapsed]);
    const toEarlier = earlier.reduce((n, c) => n + c.frames, 0) - framesBefore;
    const joiners = stage - connected;
    cpuPerJoin.push((cpu.workerdCpu * 1000) / joiners);
    if (earlier.length > 1) maxPerJoiner = Math.max(maxPerJoiner, toEarlier / earlier.length / joiners);
    rows.push([
      `${int(connected)} → ${int(stage)}`,
      int(joiners),
      seconds(ms),
      fixed(ms / joiners, 2),
      fixed((cpu.workerdCpu * 1000) / joiners, 2),
      fixed((cpu.serverCpu * 1000) / joiners, 2),
      int(toEarlier),
      fixed((toEarlier / earlier.length / ms) * 1000, 1),
      fixed(toEarlier / earlier.length / joiners, 4),
    ]);
    connected = stage;
  }
  const filled = usage();
  table(
    ["stage", "joiners", "time", "ms/joiner", "workerd CPU ms/join", "server CPU ms/join", "frames to earlier viewers", "each per s", "each per joiner"],
    rows,
  );
  console.log(
    "  cumulative time to fill: " +
      checkpoints.map(([n, ms]) => `${int(n)} in ${seconds(ms)} (${fixed(ms / n, 2)} ms/viewer)`).join(", "),
  );
  const [firstN, firstMs] = checkpoints[0]!;
  const [lastN, lastMs] = checkpoints[checkpoints.length - 1]!;
  const growth = lastMs / lastN / (firstMs / firstN);
  const cpuGrowth = cpuPerJoin[cpuPerJoin.length - 1]! / cpuPerJoin[0]!;
  console.log(
    `  per viewer, filling to ${int(lastN)} vs to ${int(firstN)}: × ${fixed(growth, 2)} the time, × ${fixed(cpuGrowth, 2)} workerd's CPU per join in the last stage vs the first (1.0 = linear)`,
  );
  console.log(
    `  welcome frame ${int(counts.welcomeBytes / counts.welcome)} B on average (the room's state, not a roster); connection failures: ` +
      (failures.size ? [...failures].map(([reason, n]) => `${reason} × ${n}`).join(", ") : "none") +
      `; extensions: ${negotiatedExtensions}`,
  );
  const fillUsage = delta(warm, filled);
  console.log(
    `  server CPU ${fixed(fillUsage.serverCpu, 2)} s (workerd ${fixed(fillUsage.workerdCpu, 2)} s, ${fixed((fillUsage.workerdCpu * 1000) / (viewerTotal - 1), 2)} ms per join); ` +
      `server RSS ${mib(delta(idle, warm).serverRssKiB)} → ${mib(fillUsage.serverRssKiB)} ` +
      `(workerd ${mib(delta(idle, warm).workerdRssKiB)} → ${mib(fillUsage.workerdRssKiB)}, ` +
      `${fixed((fillUsage.workerdRssKiB - delta(idle, warm).workerdRssKiB) / (viewerTotal - 1), 1)} KiB per viewer); bench process CPU ${fixed(fillUsage.clientCpu, 2)} s; ` +
      `everything else on the machine took ${fixed((100 * fillUsage.otherCpu) / fillUsage.wallSeconds, 0)} % of a core meanwhile`,
  );

  const printLoad = (result: LoadResult) => {
    const u = result.usage;
    if (result.expected === 0) return console.log("  no viewer was connected");
    console.log(
      `  chat: ${int(result.chatSent)} sent (${fixed(result.chatSent / result.seconds)}/s), ${int(result.refused)} refused by the room; ` +
        `deliveries ${int(result.receipts)} / ${int(result.expected)} expected (${fixed((100 * result.receipts) / Math.max(1, result.expected), 3)} %)`,
    );
    console.log(
      `  chat latency send → receipt: p50 ${fixed(result.latency.p50)} ms, p99 ${fixed(result.latency.p99)} ms, max ${fixed(result.latency.max)} ms; ` +
        `the room's last frame came ${seconds(result.drainMs)} after the last send`,
    );
    if (result.likesSent) console.log(`  likes: ${int(result.likesSent)} sent (${fixed(result.likesSent / result.seconds)}/s), the room's total rose by ${int(result.likesCounted)}`);
    const p = result.perClient;
    console.log(
      `  frames/s per viewer: ${fixed(p.total, 2)} (chat ${fixed(p.chat, 2)}, likes ${fixed(p.likes, 2)}, viewers ${fixed(p.viewers, 2)}, other ${fixed(p.other, 2)}); ` +
        `${int(p.total * viewerTotal)} frames/s from the room in all`,
    );
    const us = (cpu: number) => fixed((cpu * 1e6) / Math.max(1, result.framesHandled), 1);
    console.log(
      `  CPU over the phase and its catching up (${fixed(u.wallSeconds, 1)} s): server ${fixed(u.serverCpu, 2)} s = ${fixed((100 * u.serverCpu) / u.wallSeconds, 0)} % of a core ` +
        `(workerd ${fixed((100 * u.workerdCpu) / u.wallSeconds, 0)} %), ${us(u.workerdCpu)} µs of workerd per frame delivered; ` +
        `bench process ${fixed((100 * u.clientCpu) / u.wallSeconds, 0)} % of a core, ${us(u.clientCpu)} µs per frame received, event-loop delay p99 ${fixed(result.loopDelayP99)} ms`,
    );
    const perFrame = u.workerdCpu / Math.max(1, result.framesHandled);
    console.log(
      `  at that cost a whole core of workerd (one thread runs the room) would deliver ≈ ${int(1 / perFrame)} frames/s: ` +
        `≈ ${fixed(1 / perFrame / viewerTotal, 1)} chat lines/s to ${int(viewerTotal)} viewers, one frame per line`,
    );
    console.log(
      `  RSS: server ${mib(u.serverRssKiB)} (workerd ${mib(u.workerdRssKiB)}), bench process ${mib(u.clientRssKiB)}; ` +
        `everything else on the machine took ${fixed((100 * u.otherCpu) / u.wallSeconds, 0)} % of a core meanwhile`,
    );
  };

  const stopPerf = values.perf ? startPerf(path.join(root, persistTo, "workerd.perf")) : null;
  const chatOnly = await load(`Chat at ${chatRate}/s for ${phaseSeconds} s`, phaseSeconds, chatRate, 0);
  printLoad(chatOnly);
  const withLikes = await load(`Chat at ${chatRate}/s and likes at ${likeRate}/s for ${phaseSeconds} s`, phaseSeconds, chatRate, likeRate);
  printLoad(withLikes);
  // What likes cost each viewer: the room's `likes` frames (everything else is there without likes too).
  const likesAdd = withLikes.perClient.likes;
  console.log(
    `  likes add ${fixed(likesAdd, 2)} frames/s per viewer (the room's tick allows at most ${1000 / tickMs}); ` +
      `all frames ${fixed(chatOnly.perClient.total, 2)}/s per viewer without likes, ${fixed(withLikes.perClient.total, 2)}/s with them`,
  );
  if (stopPerf) {
    console.log("\n── Where workerd's CPU went during both load phases (perf) ──");
    await stopPerf();
  }

  for (const mode of storms) {
    const description =
      mode === "jitter"
        ? "the shop's pages: each first retries after its own random 1–5 s, then × 1.3 up to 15 s"
        : "partysocket 1.3.0's defaults: every socket retries exactly 3 s after the drop, then 3.9 s, 5.1 s…";
    console.log(
      `\n── Reconnect storm: all ${int(viewerTotal)} sockets dropped at once (${description}; an attempt not open after ${fixed(stormTimeout(mode) / 1000, 0)} s is abandoned) ──`,
    );
    const result = await storm(mode);
    stormResults.push(result);
    console.log(
      (Number.isFinite(result.allBackMs)
        ? `  every viewer back with its welcome after ${seconds(result.allBackMs)}`
        : `  NOT every viewer back within 60 s: ${int(result.back)} of ${int(viewerTotal)}`) +
        ` (p50 ${seconds(result.p50Ms)}, p99 ${seconds(result.p99Ms)}); ` +
        `${int(result.attempts)} attempts, failures: ${result.failed.size ? [...result.failed].map(([reason, n]) => `${reason} × ${n}`).join(", ") : "none"}`,
    );
    console.log(
      `  open afterwards: ${int(result.back)}; the room counts ${result.roomCount === null ? "?" : int(result.roomCount)} viewers, and ${int(result.countsRight)} open viewers see ${int(viewerTotal)} ` +
        `(${fixed(result.settleMs, 0)} ms after the last welcome); ` +
        `welcome ${int(result.welcomeBytes)} B on average`,
    );
    console.log(
      `  server CPU ${fixed(result.usage.serverCpu, 2)} s (workerd ${fixed(result.usage.workerdCpu, 2)} s) in ${fixed(result.usage.wallSeconds, 1)} s; RSS ${mib(result.usage.serverRssKiB)} (workerd ${mib(result.usage.workerdRssKiB)}); ` +
        `everything else on the machine took ${fixed((100 * result.usage.otherCpu) / result.usage.wallSeconds, 0)} % of a core meanwhile`,
    );
  }

  // After the storms: is the room still whole? One more short chat round must reach everyone.
  if (storms.length) {
    const afterStorm = await load(`Chat after the storms (${Math.min(phaseSeconds, 5)} s): is the room still whole?`, Math.min(phaseSeconds, 5), chatRate, 0);
    printLoad(afterStorm);
  }
  if (unexpectedCloses) console.log(`\nwarning: ${unexpectedCloses} sockets closed by the server during the run (a rooms server reload when a file under party/ changes?)`);
  if (errorCodes.size) console.log(`errors the room sent: ${[...errorCodes].map(([code, n]) => `${code} × ${n}`).join(", ")}`);

  // ── targets ──
  console.log("\n── Targets (live-show issue; 2 cores shared by clients and server) ──");
  const full = viewerTotal >= targets.viewers;
  const scale = full ? "" : ` [at N=${int(viewerTotal)}, not the issue's ${int(targets.viewers)}]`;
  const everyChat = [chatOnly, withLikes].every((r) => r.receipts === r.expected && r.refused === 0);
  const p99 = Math.max(chatOnly.latency.p99, withLikes.latency.p99);
  console.log(`  ${mark(full)} ${int(viewerTotal)} members connected at once (target ${int(targets.viewers)})`);
  const slowest = Math.max(chatOnly.latency.max, withLikes.latency.max);
  console.log(`  ${mark(everyChat)} every chat message delivered to every viewer at ${chatRate}/s (the slowest after ${seconds(slowest)})${scale}`);
  console.log(`  ${mark(p99 < targets.chatP99Ms)} chat p99 ${fixed(p99)} ms (target < ${targets.chatP99Ms} ms)${scale}`);
  console.log(`  ${mark(likesAdd <= targets.likeFramesPerClient)} likes at ${likeRate}/s add ${fixed(likesAdd, 2)} frames/s per viewer (target ≤ ${targets.likeFramesPerClient})`);
  console.log(
    `  ${mark(cpuGrowth <= 1.5)} filling grows linearly: joining a room of ${int(stages[stages.length - 2] ?? 1)}–${int(lastN)} costs workerd × ${fixed(cpuGrowth, 2)} ` +
      `the CPU of joining one of 1–${int(firstN)} ` +
      `(wall time per viewer × ${fixed(growth, 2)}); an earlier viewer receives ${fixed(maxPerJoiner, 4)} frames per joiner at most`,
  );
  for (const result of stormResults) {
    const met = result.allBackMs < targets.stormSeconds * 1000 && result.back === viewerTotal && result.roomCount === viewerTotal;
    const took = Number.isFinite(result.allBackMs) ? seconds(result.allBackMs) : `more than 60 s (${int(result.back)} back)`;
    console.log(`  ${mark(met)} reconnect storm (${result.mode}): all back and resynced in ${took} (target < ${targets.stormSeconds} s)${scale}`);
  }
  const busiest = [chatOnly, withLikes].reduce((a, b) => (a.usage.clientCpu / a.usage.wallSeconds > b.usage.clientCpu / b.usage.wallSeconds ? a : b));
  const clientShare = busiest.usage.clientCpu / busiest.usage.wallSeconds;
  if (clientShare > 0.85) {
    console.log(
      `\nnote: the bench process used ${fixed(100 * clientShare, 0)} % of a core during "${busiest.name}": its single thread may be the bottleneck (latency includes its queueing).`,
    );
  }
  const cores = os.availableParallelism();
  for (const { name, usage: u } of [chatOnly, withLikes]) {
    const share = (u.serverCpu + u.clientCpu + u.otherCpu) / u.wallSeconds;
    if (share < 0.9 * cores) continue;
    console.log(
      `note: all ${cores} cores were busy during "${name}" (rooms server ${fixed((100 * u.serverCpu) / u.wallSeconds, 0)} %, bench ${fixed((100 * u.clientCpu) / u.wallSeconds, 0)} %, ` +
        `everything else ${fixed((100 * u.otherCpu) / u.wallSeconds, 0)} % of a core): its rates and latencies are the machine's limit as much as the room's.`,
    );
  }
} finally {
  stopping = true;
  for (const client of clients) {
    client.dropping = true;
    client.socket?.terminate();
  }
  await rooms.stop();
  loopDelay.disable();
}
