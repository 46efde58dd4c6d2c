/**
 * Password hashing cost, measured where it runs: in workerd. Prints hash and verify times for the
 * chosen scrypt parameters and OWASP's equivalent alternatives (so the choice is documented), then
 * sign-in requests/s against the real shop (the demo member, and unknown phones) next to /api/health
 * in the same run.
 *   npm run bench:auth [-- --iterations 20 --seconds 10 --connections 4 --only kdf|sign-in]
 *
 * Inside workerd the clocks stand still during pure computation (a Spectre mitigation), so each hash
 * is timed from here, one request at a time, minus the median of a no-op request.
 */
import autocannon from "autocannon";
import path from "node:path";
import { parseArgs } from "node:util";
import { serve, type RunningServer } from "../scripts/lib/local-stack.ts";
import { currentParams, type ScryptParams } from "../worker/features/accounts/password-hash.ts";
import { benchStack } from "./stack.ts";

const { values } = parseArgs({
  options: {
    iterations: { type: "string", default: "20" },
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "4" },
    only: { type: "string" },
  },
});
const iterations = Number(values.iterations);

// OWASP's scrypt settings of equal strength: its minimum 2^17/8/1 and the trade-offs of memory for time.
const owasp: ScryptParams[] = [
  { logN: 17, r: 8, p: 1 },
  { logN: 16, r: 8, p: 2 },
  { logN: 15, r: 8, p: 3 },
  { logN: 14, r: 8, p: 5 },
  { logN: 13, r: 8, p: 10 },
];
const same = (a: ScryptParams, b: ScryptParams) => a.logN === b.logN && a.r === b.r && a.p === b.p;
const candidates = [currentParams, ...owasp.filter((params) => !same(params, currentParams))];

const label = ({ logN, r, p }: ScryptParams) => `ln=${logN},r=${r},p=${p}`;
const mebibytes = ({ logN, r }: ScryptParams) => (128 * 2 ** logN * r) / 2 ** 20;

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

/** Sequential requests, one at a time; milliseconds per request (median, p95) and the last body. */
async function timeRequests(url: string, count: number): Promise<{ median: number; p95: number; body: string }> {
  const times: number[] = [];
  let body = "";
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await fetch(url);
    body = await response.text();
    times.push(performance.now() - started);
    if (!response.ok) throw new Error(`${response.status} ${body.slice(0, 200)}`);
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 0.5), p95: percentile(times, 0.95), body };
}

async function benchKdf(): Promise<void> {
  const port = Number(process.env.BENCH_AUTH_PORT ?? 8791);
  const url = `http://localhost:${port}`;
  const wrangler = path.resolve(import.meta.dirname, "../node_modules/.bin/wrangler");
  const args = ["dev", "-c", "bench/auth-wrangler.toml", "--port", String(port), "--inspector-port", "0", "--show-interactive-dev-session=false"];
  console.log("starting the hashing worker…");
  const server: RunningServer = await serve(wrangler, args, `${url}/noop`, url, false);
  try {
    await timeRequests(`${url}/noop`, 20); // warm up the connection and the isolate
    const overhead = (await timeRequests(`${url}/noop`, Math.max(50, iterations))).median;
    console.log(`\nscrypt in workerd: ${iterations} sequential requests each, minus the no-op request (median ${overhead.toFixed(1)} ms)`);
    const ms = (value: number) => `${(value - overhead).toFixed(0)} ms`.padStart(7);
    const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));
    console.log("params             memory    hash median    p95   verify median    p95");
    for (const params of candidates) {
      const query = `ln=${params.logN}&r=${params.r}&p=${params.p}`;
      const name = `${label(params)}${same(params, currentParams) ? " *" : ""}`.padEnd(17);
      const memory = `${mebibytes(params)} MiB`.padStart(8);
      let hash: Awaited<ReturnType<typeof timeRequests>>;
      try {
        await timeRequests(`${url}/hash?${query}`, 1);
        hash = await timeRequests(`${url}/hash?${query}`, iterations);
      } catch (error) {
        console.log(`${name}  ${memory}   hash refused: ${reason(error)}`);
        continue;
      }
      let verify: string;
      try {
        const timed = await timeRequests(`${url}/verify?${new URLSearchParams({ encoded: hash.body })}`, iterations);
        verify = `${ms(timed.median).padStart(12)}  ${ms(timed.p95)}`;
      } catch (error) {
        // 422: verifyPassword refuses stored parameters above its memory cap (a corrupt row must not
        // exhaust the isolate), so these could never be used.
        verify = `   refused: ${reason(error).slice(0, 3) === "422" ? "over verifyPassword's memory cap" : reason(error)}`;
      }
      console.log(`${name}  ${memory}   ${ms(hash.median).padStart(10)}  ${ms(hash.p95)}   ${verify}`);
    }
    console.log("* currentParams. An isolate has 128 MB in production, shared by its concurrent requests.");
  } finally {
    await server.stop();
  }
}

type LoadResult = { rps: number; p50: number; p99: number; statuses: string; errors: number };

function summarise(result: autocannon.Result): LoadResult {
  const counts = Object.entries(result.statusCodeStats ?? {}).map(([status, { count }]) => `${status} × ${count ?? 0}`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, statuses: counts.join(", ") || "none", errors: result.errors };
}

async function benchSignIn(): Promise<void> {
  const stack = await benchStack();
  try {
    const origin = stack.shopUrl;
    const headers = { "content-type": "application/x-www-form-urlencoded", origin, accept: "text/html", "accept-language": "en" };
    const signInForm = (phone: string) => `country=CN&phone=${phone}&password=blue-teapot-morning-walk&next=%2F`;
    const demoForm = signInForm("13800138001");
    // Every request comes from another address: the per-client AUTH_LIMITER (20 a minute) would
    // otherwise answer 429 after the first few, and this measures capacity, not the limiter. Locally
    // a client's CF-Connecting-IP is kept; in production Cloudflare sets it.
    let client = 0;
    const nextAddress = () => {
      client++;
      return `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}`;
    };
    const probe = await fetch(`${origin}/sign-in`, { method: "POST", headers: { ...headers, "cf-connecting-ip": nextAddress() }, body: demoForm, redirect: "manual" });
    await probe.arrayBuffer();
    console.log(`\nPOST /sign-in (demo member) answered ${probe.status}${probe.status === 303 ? "" : " (expected 303: the figures below measure that answer, not a sign-in)"}`);
    for (let i = 0; i < 20; i++) await fetch(`${origin}/api/health`).then((r) => r.arrayBuffer());

    const common = { connections: Number(values.connections), duration: Number(values.seconds) };
    const signInLoad = (form: () => string) =>
      autocannon({
        ...common,
        url: `${origin}/sign-in`,
        requests: [
          {
            method: "POST",
            headers,
            setupRequest: (request) => ({ ...request, body: form(), headers: { ...request.headers, "cf-connecting-ip": nextAddress() } }),
          },
        ],
      });
    const known = summarise(await signInLoad(() => demoForm));
    // Unknown phones take the dummyVerify path: the same scrypt work, so about the same rate and
    // latency as real sign-ins (that is the point), and no per-phone back-off ever applies.
    let phone = 0;
    const unknown = summarise(await signInLoad(() => signInForm(`1390013${String(phone++ % 10_000).padStart(4, "0")}`)));
    const health = summarise(await autocannon({ ...common, url: `${origin}/api/health` }));
    console.log(`(${common.connections} connections, ${common.duration} s each)`);
    const rows = [
      ["POST /sign-in, demo member    ", known],
      ["POST /sign-in, unknown phones ", unknown],
      ["GET /api/health               ", health],
    ] as const;
    for (const [name, result] of rows) {
      console.log(
        `${name} ${result.rps.toFixed(1).padStart(8)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms  statuses: ${result.statuses}` +
          (result.errors ? `  connection errors ${result.errors}` : ""),
      );
    }
    if (known.statuses.includes("429")) console.log("429: the phone's back-off after failed sign-ins (or the rate limit); those answers skip the hash.");
    console.log(`ratio sign-in/health = ${(known.rps / health.rps).toFixed(4)} (demo member), ${(unknown.rps / health.rps).toFixed(4)} (unknown phones)`);
  } finally {
    await stack.stop();
  }
}

if (values.only !== "sign-in") await benchKdf();
if (values.only !== "kdf") await benchSignIn();
