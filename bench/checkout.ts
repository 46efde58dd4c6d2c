/**
 * Concurrent checkouts of one hot product through the real shop (`POST /checkout`, signed-in members
 * with the product in their carts), against a stock smaller than the crowd: prints orders/s, the
 * latency of placing an order, a no-op request (`/api/health`) measured in the same run as the
 * baseline, and whether the stock ever went below zero or orders and stock disagree.
 *   npm run bench:checkout [-- --buyers 600 --stock 300 --concurrency 50]
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { bin, run } from "../scripts/lib/local-stack.ts";
import { benchStack, benchState } from "./stack.ts";

const { values } = parseArgs({
  options: {
    buyers: { type: "string", default: "600" },
    stock: { type: "string", default: "300" },
    concurrency: { type: "string", default: "50" },
  },
});
const buyers = Number(values.buyers);
const stock = Number(values.stock);
const concurrency = Number(values.concurrency);

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

/** Runs `task` for every item with at most `limit` in flight; returns each call's wall time. */
async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        const started = performance.now();
        await task(item);
        times.push(performance.now() - started);
      }
    }),
  );
  return times.sort((a, b) => a - b);
}

async function sql(statement: string): Promise<string> {
  const file = path.join(benchState, "checkout-bench.sql");
  writeFileSync(file, statement);
  return run(bin("wrangler"), ["d1", "execute", "DB", "--local", "--persist-to", benchState, "--file", file, "--json"], { quiet: true });
}

// Members with a session each and the hot product in their cart, written before the shop starts.
const runId = randomBytes(4).toString("hex");
const members = Array.from({ length: buyers }, (_, index) => ({ id: `mbr_bench${runId}${String(index).padStart(7, "0")}`, token: randomBytes(32).toString("hex") }));
const now = Date.now();
mkdirSync(benchState, { recursive: true });
const stack = await benchStack(async () => {
  const setup = [
    `UPDATE products SET stock = ${stock}, cross_border = 0 WHERE id = (SELECT id FROM products ORDER BY id LIMIT 1);`,
    ...members.flatMap((member) => [
      `INSERT INTO members (id, phone_hash, phone_enc, nickname, nickname_key, password_hash, avatar_key, locale, subject_id, created_at, password_changed_at) VALUES ('${member.id}', '${member.id}', 'x', '${member.id}', '${member.id}', 'x', 'avatars/x.svg', 'en', '${member.id}', ${now}, ${now});`,
      `INSERT INTO sessions (id, member_id, token_hash, device, created_at, last_seen_at, expires_at, confirmed_at) VALUES ('ses_${member.id.slice(4)}', '${member.id}', '${createHash("sha256").update(member.token).digest("hex")}', 'bench', ${now}, ${now}, ${now + 86_400_000}, ${now});`,
      `INSERT INTO cart_items (member_id, product_id, quantity, price_seen_minor, added_at) SELECT '${member.id}', id, 1, price_minor, ${now} FROM products ORDER BY id LIMIT 1;`,
    ]),
  ];
  await sql(setup.join("\n"));
});

try {
  const shop = stack.shopUrl;
  const cookie = (member: (typeof members)[number]) => `lantern_session=${member.token}`;
  // The total every buyer sees: the same product, level and shipping for all of them.
  const page = await (await fetch(`${shop}/checkout`, { headers: { cookie: cookie(members[0]!) } })).text();
  const quoted = /name="quoted_total" value="(\d+)"/.exec(page)?.[1];
  if (!quoted) throw new Error("the checkout page did not load for the bench members");
  const form = (key: string) =>
    new URLSearchParams({
      checkout_key: key,
      quoted_total: quoted,
      intent: "place",
      address_id: "new",
      recipient: "Bench Buyer",
      country: "CN",
      phone: "13912345678",
      address: "1 Bench Road, Hangzhou",
      delivery_time: "any",
    });

  for (let i = 0; i < 50; i++) await fetch(`${shop}/api/health`).then((response) => response.text());
  const health = await pool(Array.from({ length: buyers }), concurrency, async () => {
    await (await fetch(`${shop}/api/health`)).text();
  });

  const outcomes = { placed: 0, soldOut: 0, other: 0 };
  const others = new Map<string, number>();
  const started = performance.now();
  const checkout = await pool(members, concurrency, async (member) => {
    const response = await fetch(`${shop}/checkout`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: cookie(member), origin: shop, "content-type": "application/x-www-form-urlencoded" },
      body: form(`chk_${randomBytes(10).toString("hex").slice(0, 16).replace(/[^0-9a-z]/g, "0")}`),
    });
    const body = await response.text();
    if (response.status === 303) outcomes.placed++;
    else if (response.status === 409 && /sold out|not enough stock|no longer have enough/i.test(body)) outcomes.soldOut++;
    else {
      outcomes.other++;
      const what = `${response.status} ${/<h1[^>]*>([^<]*)/.exec(body)?.[1] ?? body.slice(0, 80)}`;
      others.set(what, (others.get(what) ?? 0) + 1);
    }
  });
  const seconds = (performance.now() - started) / 1000;

  const check = JSON.parse(
    await sql(
      `SELECT (SELECT stock FROM products ORDER BY id LIMIT 1) AS stock,
              (SELECT count(*) FROM order_items oi JOIN orders o ON o.id = oi.order_id WHERE o.member_id LIKE 'mbr_bench${runId}%') AS orders;`,
    ),
  ) as { results: { stock: number; orders: number }[] }[];
  const final = check[0]!.results[0]!;

  const ms = (value: number) => `${value.toFixed(1)} ms`;
  console.log(`\ncheckout of one hot product: ${buyers} buyers, ${stock} in stock, ${concurrency} requests in flight`);
  console.log(`  orders placed ${outcomes.placed}, sold out ${outcomes.soldOut}, other answers ${outcomes.other}`);
  for (const [what, count] of others) console.log(`    ${count} × ${what}`);
  console.log(`  orders/s ${(outcomes.placed / seconds).toFixed(1)} (all checkout answers/s ${(buyers / seconds).toFixed(1)})`);
  console.log(`  POST /checkout   p50 ${ms(percentile(checkout, 0.5))}  p99 ${ms(percentile(checkout, 0.99))}`);
  console.log(`  GET /api/health  p50 ${ms(percentile(health, 0.5))}  p99 ${ms(percentile(health, 0.99))}  (baseline, same run)`);
  console.log(`  p50 ratio checkout/health ${(percentile(checkout, 0.5) / percentile(health, 0.5)).toFixed(1)}×`);
  const oversold = final.stock < 0 || final.orders !== stock - final.stock || final.orders > stock;
  console.log(`  stock left ${final.stock}, order lines ${final.orders}: ${oversold ? "OVERSOLD" : "no oversell"}`);
  if (oversold || outcomes.other > 0) process.exitCode = 1;
} finally {
  await stack.stop();
}
