/**
 * SSR throughput: the product page against a hello-world route on the same local server, measured in
 * the same run and interleaved (A B A B…) so machine noise hits both alike. Prints requests/s and the
 * ratio product/hello: how much of the raw request budget a full page render (D1 + preact) keeps.
 *   npm run bench:ssr [-- --seconds 10 --connections 10 --rounds 3]
 */
import autocannon from "autocannon";
import { parseArgs } from "node:util";
import { seedProducts } from "../db/seed/catalog-data.ts";
import { benchStack } from "./stack.ts";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "8" },
    connections: { type: "string", default: "10" },
    rounds: { type: "string", default: "3" },
  },
});

async function measure(url: string): Promise<{ rps: number; p99: number; errors: number }> {
  const result = await autocannon({
    url,
    connections: Number(values.connections),
    duration: Number(values.seconds),
    headers: { accept: "text/html", "accept-language": "en" },
  });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

const stack = await benchStack();
try {
  const product = seedProducts.find((p) => p.listPriceMinor > p.priceMinor)!;
  const routes = { hello: `${stack.shopUrl}/api/health`, product: `${stack.shopUrl}/p/${product.slug}` };
  // Warm up both routes (module load, D1 page cache).
  for (const url of Object.values(routes)) for (let i = 0; i < 20; i++) await fetch(url).then((r) => r.arrayBuffer());

  const samples: Record<keyof typeof routes, { rps: number; p99: number; errors: number }[]> = { hello: [], product: [] };
  for (let round = 1; round <= Number(values.rounds); round++) {
    for (const name of ["hello", "product"] as const) {
      const sample = await measure(routes[name]);
      samples[name].push(sample);
      console.log(`round ${round} ${name.padEnd(7)} ${sample.rps.toFixed(0).padStart(6)} req/s  p99 ${sample.p99} ms  errors ${sample.errors}`);
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const hello = mean(samples.hello.map((s) => s.rps));
  const page = mean(samples.product.map((s) => s.rps));
  console.log(`\nhello-world  ${hello.toFixed(0)} req/s`);
  console.log(`product page ${page.toFixed(0)} req/s`);
  console.log(`ratio product/hello = ${(page / hello).toFixed(2)}  (${values.connections} connections, ${values.seconds} s × ${values.rounds} rounds each)`);
} finally {
  await stack.stop();
}
