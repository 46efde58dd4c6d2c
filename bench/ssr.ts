/**
 * SSR throughput against an honest ceiling. In one run, on the same wrangler/workerd: the seeded shop and
 * a bare hello-world Worker of its own (bench/hello-worker.ts: no framework, no middleware). Rounds are
 * interleaved (every route in round 1, then every route in round 2…) so machine noise hits all alike.
 * Routes: the ceiling; the same Worker with the shop's static-assets setup (bench/hello-assets-wrangler.toml:
 * what the platform's assets routing costs), that sending the cheapest route's response headers (what
 * those bytes cost), and that sending as many bytes as the product page, with its headers (what moving a
 * page through workerd and the dev proxy costs, whatever makes it); the shop's cheapest route (/api/health: the middleware chain alone), home, a
 * category, a product and a search page, the shows page and a live show's page, each page twice: warm (the same URL every request, which the
 * guest page cache may answer) and cold (a unique query string per request, which no cache can). Prints
 * per route the medians of req/s and p99 over the rounds, errors (non-2xx included) and the ratio to the
 * ceiling, then the old ratio product/health. Requests are a guest's: HTML, English, no cookies.
 * `--profile` then takes a V8 CPU profile of the shop's isolate while product pages are served (cold
 * unless `--variant warm`) and prints where its time goes, by bucket and by function.
 *   npm run bench:ssr [-- --seconds 8 --connections 10 --rounds 3 --routes cheapest,product]
 *   npm run bench:ssr -- --profile [--requests 400 --variant cold|warm] [--route product|home|category|search|shows|show|cheapest] [--only profile]
 * Environment: BENCH_SHOP_PORT (8790), BENCH_ROOMS_PORT (2990), BENCH_SSR_HELLO_PORT (8794), BENCH_SSR_HELLO_ASSETS_PORT (8795),
 * BENCH_SSR_INSPECTOR_PORT (9232, the shop's V8 inspector).
 */
import autocannon from "autocannon";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { seedProducts, seedShows } from "../db/seed/catalog-data.ts";
import { bin, serve } from "../scripts/lib/local-stack.ts";
import { profileDuring, type ProfileSummary } from "./cpu-profile.ts";
import { cpuSeconds, serverProcesses } from "./process-cpu.ts";
import { benchStack } from "./stack.ts";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "8" },
    connections: { type: "string", default: "10" },
    rounds: { type: "string", default: "3" },
    /** Only these routes (by first word: ceiling, cheapest, home, category, product, search); the ceilings always. */
    routes: { type: "string" },
    profile: { type: "boolean", default: false },
    /** Product pages served while profiling. */
    requests: { type: "string", default: "400" },
    variant: { type: "string", default: "cold" },
    /** The page profiled: product, home, category, search, or cheapest (/api/health, the chain alone). */
    route: { type: "string", default: "product" },
    /** `load` (throughput only) or `profile` (the profile only). */
    only: { type: "string" },
  },
});
if (values.only !== undefined && values.only !== "load" && values.only !== "profile") throw new Error("--only is load or profile");
if (values.variant !== "cold" && values.variant !== "warm") throw new Error("--variant is cold or warm");
const measureLoad = values.only !== "profile";
const takeProfile = values.only === "profile" || (values.profile && values.only !== "load");
const connections = Number(values.connections);
const helloPort = Number(process.env.BENCH_SSR_HELLO_PORT ?? 8794);
const helloAssetsPort = Number(process.env.BENCH_SSR_HELLO_ASSETS_PORT ?? 8795);
const inspectorPort = Number(process.env.BENCH_SSR_INSPECTOR_PORT ?? 9232);

/** A guest's request: no cookies, so no session and the consent banner shows. */
const guest = { accept: "text/html", "accept-language": "en" };
/** A query string no cache has seen: autocannon puts a fresh id in place of `[<id>]` on every request. */
const uncached = (url: string) => `${url}${url.includes("?") ? "&" : "?"}nocache=[<id>]`;

type Route = { name: string; url: string; target?: number };
/** `cpuUs`: CPU its server's processes spent per request, in µs. */
type Load = { rps: number; p99: number; errors: number; non2xx: number; cpuUs: number };

async function measure(route: Route): Promise<Load> {
  const server = serverProcesses(Number(new URL(route.url.replace("[<id>]", "x")).port));
  const before = cpuSeconds(server);
  const result = await autocannon({ url: route.url, connections, duration: Number(values.seconds), headers: guest, idReplacement: route.url.includes("[<id>]") });
  const cpuUs = ((cpuSeconds(server) - before) * 1e6) / Math.max(1, result.requests.total);
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx, non2xx: result.non2xx, cpuUs };
}

/** Warms a route up (module load, D1's page cache, the page cache) and answers its `X-Page-Cache` status, failing on anything but 200. */
async function warmUp(route: Route): Promise<string> {
  let cache = "";
  for (let i = 0; i < 20; i++) {
    const response = await fetch(route.url.replaceAll("[<id>]", randomUUID()), { headers: guest, redirect: "manual" });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${route.name}: ${route.url} answered ${response.status}`);
    cache = response.headers.get("x-page-cache") ?? "";
  }
  return cache;
}

const median = (numbers: number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function benchLoad(routes: Route[]): Promise<void> {
  const caches = new Map<Route, string>();
  for (const route of routes) caches.set(route, await warmUp(route));
  console.log(`\nthroughput: ${connections} connections, ${values.seconds} s per sample, ${values.rounds} interleaved rounds`);
  const samples = new Map<Route, Load[]>(routes.map((route) => [route, []]));
  for (let round = 1; round <= Number(values.rounds); round++) {
    for (const route of routes) {
      const sample = await measure(route);
      samples.get(route)!.push(sample);
      console.log(`round ${round} ${route.name.padEnd(14)} ${sample.rps.toFixed(0).padStart(6)} req/s  p99 ${sample.p99} ms  errors ${sample.errors}  server CPU ${sample.cpuUs.toFixed(0)} µs/request`);
    }
  }
  const rps = (route: Route) => median(samples.get(route)!.map((s) => s.rps));
  const cpu = (route: Route) => median(samples.get(route)!.map((s) => s.cpuUs));
  // Ratios are taken round by round (each route against the ceiling measured seconds before it), then the median.
  const ceilingSamples = samples.get(routes[0]!)!;
  const ratio = (route: Route, of: (load: Load, ceiling: Load) => number) => median(samples.get(route)!.map((load, round) => of(load, ceilingSamples[round]!)));
  // Medians of the rounds: on a shared machine one round can stall whole for reasons of its own.
  console.log(`\n${"route".padEnd(14)} ${"req/s".padStart(6)} ${"p99 ms".padStart(7)} ${"errors".padStart(7)} ${"non-2xx".padStart(7)} ${"× ceiling".padStart(9)}  target  ${"CPU µs".padStart(6)} ${"× (CPU)".padStart(7)}  cache`);
  for (const route of routes) {
    const loads = samples.get(route)!;
    const sum = (pick: (load: Load) => number) => loads.reduce((total, load) => total + pick(load), 0);
    console.log(
      `${route.name.padEnd(14)} ${rps(route).toFixed(0).padStart(6)} ${median(loads.map((s) => s.p99)).toFixed(0).padStart(7)} ` +
        `${String(sum((s) => s.errors)).padStart(7)} ${String(sum((s) => s.non2xx)).padStart(7)} ${ratio(route, (load, ceiling) => load.rps / ceiling.rps).toFixed(2).padStart(9)}  ` +
        `${(route.target ? `≥ ${route.target}` : "").padEnd(6)}  ${cpu(route).toFixed(0).padStart(6)} ${ratio(route, (load, ceiling) => ceiling.cpuUs / load.cpuUs).toFixed(2).padStart(7)}  ${caches.get(route) || "-"}`,
    );
  }
  const byName = (name: string) => rps(routes.find((route) => route.name === name)!);
  console.log(
    `product/health (the old ratio): ${(byName("product warm") / byName("cheapest")).toFixed(2)} warm, ${(byName("product cold") / byName("cheapest")).toFixed(2)} cold`,
  );
  console.log(
    `(req/s, p99, CPU and the ratios: medians of ${values.rounds} rounds, each ratio taken within its round; errors include non-2xx, summed over the rounds; CPU µs: what the route's server ` +
      `processes (wrangler and its workerd) spent per request, the client not included; × (CPU): the ceiling's CPU per request over the route's; ` +
      `cache: X-Page-Cache after warm-up)`,
  );
}

function printProfile(summary: ProfileSummary, requests: number): void {
  const busy = summary.samples - summary.idle;
  const busyMs = (summary.wallMs * busy) / summary.samples;
  const share = (samples: number) => `${((100 * samples) / busy).toFixed(1).padStart(5)}%  ${String(samples).padStart(6)}`;
  console.log(
    `${summary.samples} samples over ${summary.wallMs.toFixed(0)} ms (one per ${((1000 * summary.wallMs) / summary.samples).toFixed(0)} µs); ` +
      `idle ${((100 * summary.idle) / summary.samples).toFixed(0)}% (waiting for D1, the cache, I/O); ` +
      `busy ≈ ${busyMs.toFixed(0)} ms = ${(busyMs / requests).toFixed(1)} ms per request (background work and, on a loaded machine, time the OS ran others included)`,
  );
  console.log(`\nself time by bucket (% of busy samples, samples; built-ins count for their JS caller):`);
  for (const [bucket, samples] of summary.buckets) if (samples / busy >= 0.005) console.log(`  ${share(samples)}  ${bucket}`);
  console.log("\ntop 15 functions by self time (% of busy samples, samples):");
  for (const [name, samples] of summary.functions.slice(0, 15)) console.log(`  ${share(samples)}  ${name}`);
}

const started = new Date();
const cpus = os.cpus();
const wrangler = (JSON.parse(readFileSync(new URL("../node_modules/wrangler/package.json", import.meta.url), "utf8")) as { version: string }).version;
console.log(
  `${started.toISOString()}  ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? "unknown"}), load average ${os.loadavg().map((load) => load.toFixed(2)).join(" ")}, ` +
    `Node ${process.versions.node}, wrangler ${wrangler}`,
);

const stops: (() => Promise<void>)[] = [];
const helloUrls: string[] = [];
try {
  console.log(measureLoad ? `starting the shop, then the hello-world Worker (port ${helloPort})…` : "starting the shop…");
  const shop = await benchStack(undefined, { inspectorPort });
  // A discounted product (both prices on the page) and its category.
  const product = seedProducts.find((p) => p.listPriceMinor > p.priceMinor)!;
  stops.push(shop.stop);
  if (measureLoad) {
    // The bare Worker with the shop's assets setup also answers with what the shop's cheapest route sends, per-response values aside.
    const sent = async (path: string) => {
      const response = await fetch(`${shop.shopUrl}${path}`, { headers: guest });
      const bytes = (await response.arrayBuffer()).byteLength;
      const headers: [string, string][] = [];
      response.headers.forEach((value, name) => void (["date", "content-length", "connection", "keep-alive", "transfer-encoding", "x-page-cache"].includes(name) || headers.push([name, value])));
      return { bytes, headers };
    };
    const health = await sent("/api/health");
    const productPage = await sent(`/p/${product.slug}`);
    const vars = { SHOP_HEADERS: JSON.stringify(health.headers), PAGE_HEADERS: JSON.stringify(productPage.headers), PAGE_BYTES: String(productPage.bytes) };
    const hello = (config: string, port: number) =>
      serve(
        bin("wrangler"),
        ["dev", "-c", config, "--port", String(port), "--inspector-port", "0", "--show-interactive-dev-session=false", ...Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}:${value}`])],
        `http://localhost:${port}/`,
        `http://localhost:${port}`,
        false,
      );
    for (const [config, port] of [["bench/hello-wrangler.toml", helloPort], ["bench/hello-assets-wrangler.toml", helloAssetsPort]] as const) {
      const started = await hello(config, port);
      stops.push(started.stop);
      helloUrls.push(started.url);
    }
  }

  // The shows page is cached for guests; a live show's own page never is (its "warm" is as cold as its "cold").
  const liveShow = seedShows.find((show) => show.status === "live")!;
  const pages = { home: "/", category: `/c/${product.categorySlug}`, product: `/p/${product.slug}`, search: "/search?q=tea", shows: "/live", show: `/live/${liveShow.slug}` };
  const shopUrl = shop.shopUrl;

  if (measureLoad) {
    const routes: Route[] = [
      { name: "ceiling", url: `${helloUrls[0]}/` },
      { name: "+ assets", url: `${helloUrls[1]}/` },
      { name: "+ and headers", url: `${helloUrls[1]}/with-headers` },
      { name: "+ page bytes", url: `${helloUrls[1]}/page-sized` },
      { name: "cheapest", url: `${shopUrl}/api/health`, target: 0.8 },
      ...Object.entries(pages).flatMap(([name, page]): Route[] => [
        { name: `${name} warm`, url: `${shopUrl}${page}`, ...(name === "product" && { target: 0.8 }) },
        { name: `${name} cold`, url: uncached(`${shopUrl}${page}`), ...(name === "product" && { target: 0.5 }) },
      ]),
    ];
    const only = values.routes?.split(",");
    if (only) routes.splice(0, routes.length, ...routes.filter((route) => route.name.startsWith("ceiling") || route.name.startsWith("+") || only.includes(route.name.split(" ")[0]!)));
    console.log("routes:");
    for (const route of routes) console.log(`  ${route.name.padEnd(14)} ${route.url}`);
    await benchLoad(routes);
  }

  if (takeProfile) {
    const path = values.route === "cheapest" ? "/api/health" : pages[values.route as keyof typeof pages];
    if (path === undefined) throw new Error("--route is product, home, category, search, shows, show or cheapest");
    const cold = values.variant === "cold" && values.route !== "cheapest";
    const url = cold ? uncached(`${shopUrl}${path}`) : `${shopUrl}${path}`;
    const requests = Number(values.requests);
    if (!measureLoad) await warmUp({ name: values.route, url });
    console.log(`\nCPU profile of the shop's isolate: ${requests} requests (${cold ? "cold" : "warm"}: ${url}), ${connections} connections, sampled every 100 µs`);
    const summary = await profileDuring(inspectorPort, async () => {
      const result = await autocannon({ url, connections, amount: requests, headers: guest, idReplacement: cold });
      if (result.errors + result.non2xx > 0) console.log(`errors while profiling: ${result.errors + result.non2xx} (non-2xx ${result.non2xx})`);
    });
    printProfile(summary, requests);
  }
} finally {
  await Promise.all(stops.map((stop) => stop()));
}
