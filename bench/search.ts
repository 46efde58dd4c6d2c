/**
 * Search at catalogue size: the shop on the state of `npm run seed:large` (built first when missing).
 *  (a) A fixed mix of queries (English words and prefixes, Chinese of 1 to 17 characters, filters,
 *      sorts, later pages, misspellings that ask "did you mean"), one request at a time, `--runs` times:
 *      p50/p95/max of the time the page spent in its search queries inside the worker (its
 *      `Server-Timing: search;dur=…`), per kind of query and overall.
 *  (b) Throughput under load, interleaved rounds: a bare hello-world Worker (bench/auth-worker.ts's
 *      no-op, a Worker of its own), the product page and the search page (an English and a Chinese
 *      query); req/s, p99 and the ratios search/product and search/hello, measured in the same run.
 *   npm run bench:search [-- --runs 5 --seconds 8 --connections 10 --rounds 3 --only queries|load]
 */
import autocannon from "autocannon";
import { parseArgs } from "node:util";
import { largeProducts } from "../db/seed/large-catalog.ts";
import { buildLargeState, largeState, largeStateReady } from "../scripts/lib/large-state.ts";
import { bin, persistedSecrets, serve, startShop, type RunningServer } from "../scripts/lib/local-stack.ts";

const { values } = parseArgs({
  options: {
    products: { type: "string", default: "100000" },
    runs: { type: "string", default: "5" },
    seconds: { type: "string", default: "8" },
    connections: { type: "string", default: "10" },
    rounds: { type: "string", default: "3" },
    only: { type: "string" },
  },
});
const shopPort = Number(process.env.BENCH_SEARCH_PORT ?? 8792);
const helloPort = Number(process.env.BENCH_HELLO_PORT ?? 8793);
// Never started: search needs no rooms, but the shop's pages name a rooms address.
const roomsPort = Number(process.env.BENCH_SEARCH_ROOMS_PORT ?? 2992);

type Language = "en" | "zh-CN";
type Query = { kind: string; language: Language; params: Record<string, string> };

const en = (kind: string, params: Record<string, string>): Query => ({ kind, language: "en", params });
const zh = (kind: string, params: Record<string, string>): Query => ({ kind, language: "zh-CN", params });

/** What shoppers type, by kind; every kind has several queries so one outlier does not make its figures. */
const queries: Query[] = [
  ...["mug", "teapot", "linen", "headphones"].map((q) => en("English word", { q })),
  ...["ce", "tea", "wal", "cash"].map((q) => en("English prefix", { q })),
  ...["handmade ceramic mug", "wireless charger", "silk scarf rose", "japanese-style tea set gift box"].map((q) => en("English words", { q })),
  ...["茶", "杯", "包"].map((q) => zh("Chinese 1 char", { q })),
  ...["陶瓷", "耳机", "真丝围巾", "手工陶瓷"].map((q) => zh("Chinese 2-4 chars", { q })),
  ...["无线充电器", "陶瓷马克杯礼盒装", "手工陶瓷马克杯礼盒装送朋友生日礼物"].map((q) => zh("Chinese 5-17 chars", { q })),
  ...["USB-C 扩展坞", "2026新款 帆布"].map((q) => zh("mixed scripts", { q })),
  en("filters", { q: "mug", category: "ceramic-tableware" }),
  en("filters", { q: "tea", min: "50", max: "200" }),
  en("filters", { q: "headphones", stock: "1" }),
  zh("filters", { q: "茶", origin: "abroad" }),
  en("filters", { q: "bag", category: "bags", stock: "1", min: "100" }),
  en("sorts", { q: "bowl", sort: "newest" }),
  en("sorts", { q: "lamp", sort: "price_asc" }),
  zh("sorts", { q: "茶", sort: "price_desc" }),
  en("page 2+", { q: "mug", page: "2" }),
  en("page 2+", { q: "tea", page: "5" }),
  zh("page 2+", { q: "陶瓷", page: "20" }),
  ...["teapto", "cermaic mug", "headphnoes", "wirelss chargr"].map((q) => en("did you mean", { q })),
  en("filters, no words", { category: "tea", sort: "price_asc" }),
  en("filters, no words", { stock: "1", origin: "abroad", min: "100" }),
];

const searchPath = (query: Query) => `/search?${new URLSearchParams(query.params)}`;

/**
 * A page's address that no cache can answer (an extra parameter the page ignores): these benchmarks
 * time the search itself, not the guest page cache in front of it (`npm run bench:ssr` measures that).
 */
const run = Date.now().toString(36);
let requests = 0;
const uncached = (url: string) => `${url}${url.includes("?") ? "&" : "?"}nocache=${run}-${++requests}`;

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

/** The page's own figure for its search queries: `Server-Timing: search;dur=12.3`. */
function searchDuration(response: Response): number | null {
  const match = /(?:^|,)\s*search;(?:[^,]*;)?\s*dur=([\d.]+)/.exec(response.headers.get("server-timing") ?? "");
  return match ? Number(match[1]) : null;
}

async function get(url: string, language: Language): Promise<Response> {
  const response = await fetch(url, { headers: { accept: "text/html", "accept-language": language } });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response;
}

async function benchQueries(shop: string): Promise<void> {
  const runs = Number(values.runs);
  const durations = new Map<string, number[]>();
  const byQuery = new Map<Query, number[]>();
  let untimed = 0;
  for (let run = 0; run < runs; run++) {
    for (const query of queries) {
      const duration = searchDuration(await get(uncached(`${shop}${searchPath(query)}`), query.language));
      if (duration === null) {
        untimed++;
        continue;
      }
      durations.set(query.kind, [...(durations.get(query.kind) ?? []), duration]);
      byQuery.set(query, [...(byQuery.get(query) ?? []), duration]);
    }
  }
  const row = (name: string, times: number[]) => {
    const sorted = [...times].sort((a, b) => a - b);
    const ms = (value: number) => value.toFixed(1).padStart(8);
    return `${name.padEnd(20)} ${String(sorted.length).padStart(4)} ${ms(percentile(sorted, 0.5))} ${ms(percentile(sorted, 0.95))} ${ms(sorted.at(-1) ?? Number.NaN)}`;
  };
  console.log(`\nsearch time inside the worker (Server-Timing search;dur), ${queries.length} queries × ${runs} runs, one at a time`);
  console.log(`${"kind".padEnd(20)} ${"n".padStart(4)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"max ms".padStart(8)}`);
  for (const [kind, times] of durations) console.log(row(kind, times));
  const all = [...durations.values()].flat();
  console.log(row("all", all));
  if (untimed > 0) console.log(`${untimed} answers had no Server-Timing search figure`);

  const slowest = [...byQuery]
    .map(([query, times]) => ({ query, median: percentile([...times].sort((a, b) => a - b), 0.5) }))
    .sort((a, b) => b.median - a.median)
    .slice(0, 8);
  console.log("\nslowest queries (median ms):");
  for (const { query, median } of slowest) console.log(`  ${median.toFixed(1).padStart(7)}  ${query.kind.padEnd(20)} ${decodeURIComponent(searchPath(query))}`);
  const p95 = percentile([...all].sort((a, b) => a - b), 0.95);
  console.log(`\ntarget p95 < 20 ms: ${p95 < 20 ? "met" : `missed by ${(p95 - 20).toFixed(1)} ms`} (p95 ${p95.toFixed(1)} ms)`);
}

type Load = { rps: number; p99: number; errors: number };

async function measure(url: string, language: Language): Promise<Load> {
  const result = await autocannon({
    // Every request a new address for the shop's pages, so each is rendered (the bare Worker ignores it).
    url: `${url}${url.includes("?") ? "&" : "?"}nocache=[<id>]`,
    idReplacement: true,
    connections: Number(values.connections),
    duration: Number(values.seconds),
    headers: { accept: "text/html", "accept-language": language },
  });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

async function benchLoad(shop: string, hello: string, productSlug: string): Promise<void> {
  const routes = {
    hello: { url: `${hello}/noop`, language: "en" },
    product: { url: `${shop}/p/${productSlug}`, language: "en" },
    "search en": { url: `${shop}/search?q=linen+shirt`, language: "en" },
    "search zh": { url: `${shop}/search?q=${encodeURIComponent("陶瓷马克杯")}`, language: "zh-CN" },
  } satisfies Record<string, { url: string; language: Language }>;
  type Route = keyof typeof routes;
  const samples = new Map<Route, Load[]>();
  console.log(`\nthroughput: ${values.connections} connections, ${values.seconds} s per sample, ${values.rounds} interleaved rounds`);
  for (let round = 1; round <= Number(values.rounds); round++) {
    for (const name of Object.keys(routes) as Route[]) {
      const sample = await measure(routes[name].url, routes[name].language);
      samples.set(name, [...(samples.get(name) ?? []), sample]);
      console.log(`round ${round} ${name.padEnd(10)} ${sample.rps.toFixed(0).padStart(6)} req/s  p99 ${sample.p99} ms  errors ${sample.errors}`);
    }
  }
  // Medians of the rounds: on a shared machine one round can stall whole (0 answers in 8 s) for reasons of its own.
  const median = (name: Route, pick: (load: Load) => number) => percentile(samples.get(name)!.map(pick).sort((a, b) => a - b), 0.5);
  console.log("");
  for (const name of Object.keys(routes) as Route[]) {
    console.log(`${name.padEnd(10)} ${median(name, (s) => s.rps).toFixed(0).padStart(6)} req/s  p99 ${median(name, (s) => s.p99).toFixed(0)} ms (medians of ${values.rounds} rounds)`);
  }
  const search = (median("search en", (s) => s.rps) + median("search zh", (s) => s.rps)) / 2;
  const product = median("product", (s) => s.rps);
  console.log(`ratio search/product = ${(search / product).toFixed(2)} (target ≥ 0.5), search/hello = ${(search / median("hello", (s) => s.rps)).toFixed(3)}`);
}

const products = Number(values.products);
if (!largeStateReady(products)) await buildLargeState(products);
// A generated product in stock, for the product page.
const productSlug = [...largeProducts(20)].find((product) => product.stock > 0)!.slug;

const servers: RunningServer[] = [];
try {
  console.log(`starting the shop on ${largeState} (port ${shopPort}) and the hello-world Worker (port ${helloPort})…`);
  const secrets = persistedSecrets(largeState);
  const [shop, hello] = await Promise.allSettled([
    startShop({ shopPort, roomsPort, persistTo: largeState, secrets, inheritOutput: false }),
    serve(bin("wrangler"), ["dev", "-c", "bench/auth-wrangler.toml", "--port", String(helloPort), "--inspector-port", "0", "--show-interactive-dev-session=false"], `http://localhost:${helloPort}/noop`, `http://localhost:${helloPort}`, false),
  ]);
  for (const server of [shop, hello]) if (server.status === "fulfilled") servers.push(server.value);
  if (shop.status === "rejected") throw shop.reason;
  if (hello.status === "rejected") throw hello.reason;

  // Warm up: module load, D1's page cache over the index, every query once.
  for (let i = 0; i < 20; i++) {
    await get(`${hello.value.url}/noop`, "en");
    await get(`${shop.value.url}/p/${productSlug}`, "en");
  }
  for (const query of queries) await get(`${shop.value.url}${searchPath(query)}`, query.language);

  if (values.only !== "load") await benchQueries(shop.value.url);
  if (values.only !== "queries") await benchLoad(shop.value.url, hello.value.url, productSlug);
} finally {
  await Promise.all(servers.map((server) => server.stop()));
}
