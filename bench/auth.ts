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

/** One request, timed from here; fails with the status and body unless it answered 2xx. */
async function timed(url: string): Promise<{ ms: number; body: string }> {
  const started = performance.now();
  const response = await fetch(url);
  const body = await response.text();
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`${response.status} ${body.slice(0, 200)}`);
  return { ms, body };
}

type KdfRow = { params: ScryptParams; encoded: string; hash: number[]; verify: number[]; hashError?: string; verifyError?: string };

async function benchKdf(): Promise<void> {
  const port = Number(process.env.BENCH_AUTH_PORT ?? 8791);
  const url = `http://localhost:${port}`;
  const wrangler = path.resolve(import.meta.dirname, "../node_modules/.bin/wrangler");
  const args = ["dev", "-c", "bench/auth-wrangler.toml", "--port", String(port), "--inspector-port", "0", "--show-interactive-dev-session=false"];
  console.log("starting the hashing worker…");
  const server: RunningServer = await serve(wrangler, args, `${url}/noop`, url, false);
  const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));
  const query = ({ logN, r, p }: ScryptParams) => `ln=${logN}&r=${r}&p=${p}`;
  try {
    for (let i = 0; i < 20; i++) await timed(`${url}/noop`); // warm up the connection and the isolate
    const rows: KdfRow[] = [];
    for (const params of candidates) {
      const row: KdfRow = { params, encoded: "", hash: [], verify: [] };
      try {
        row.encoded = (await timed(`${url}/hash?${query(params)}`)).body;
      } catch (error) {
        row.hashError = reason(error);
      }
      rows.push(row);
    }
    // Rounds interleave every setting (and the no-op), so noise from other work hits them alike.
    const noop: number[] = [];
    for (let round = 0; round < iterations; round++) {
      for (let i = 0; i < 3; i++) noop.push((await timed(`${url}/noop`)).ms);
      for (const row of rows) {
        if (row.hashError) continue;
        row.hash.push((await timed(`${url}/hash?${query(row.params)}`)).ms);
        if (row.verifyError) continue;
        try {
          row.verify.push((await timed(`${url}/verify?${new URLSearchParams({ encoded: row.encoded })}`)).ms);
        } catch (error) {
          // 422: verifyPassword refuses stored parameters above its memory cap (a corrupt row must not
          // exhaust the isolate), so such a setting could never be used.
          row.verifyError = reason(error).startsWith("422") ? "over verifyPassword's memory cap" : reason(error);
        }
      }
    }
    const overhead = percentile(noop.sort((a, b) => a - b), 0.5);
    const figures = (times: number[]) => {
      const sorted = times.sort((a, b) => a - b);
      const ms = (value: number) => `${(value - overhead).toFixed(0)} ms`.padStart(7);
      return `${ms(percentile(sorted, 0.5))} ${ms(percentile(sorted, 0.95))}`;
    };
    console.log(`\nscrypt in workerd: ${iterations} sequential requests each, interleaved, minus the no-op request (median ${overhead.toFixed(1)} ms)`);
    console.log("params             memory   hash median     p95  verify median     p95");
    for (const row of rows) {
      const name = `${label(row.params)}${same(row.params, currentParams) ? " *" : ""}`.padEnd(17);
      const memory = `${mebibytes(row.params)} MiB`.padStart(8);
      if (row.hashError) {
        console.log(`${name}  ${memory}   hash refused: ${row.hashError}`);
        continue;
      }
      const verify = row.verifyError ? `  verify refused: ${row.verifyError}` : `      ${figures(row.verify)}`;
      console.log(`${name}  ${memory}      ${figures(row.hash)}${verify}`);
    }
    console.log("* currentParams. Wall time of one request at a time, so about one core's CPU time on an idle machine.");
    console.log("  An isolate has 128 MB in production, shared by its concurrent requests.");
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
    // latency as real sign-ins (that is the point). A random start keeps each phone to one failure
    // across runs (the bench database persists), so the per-phone back-off never applies.
    let phone = Math.floor(Math.random() * 90_000_000);
    const unknown = summarise(await signInLoad(() => signInForm(`139${String(phone++).padStart(8, "0")}`)));
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
