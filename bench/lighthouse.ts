/**
 * Lighthouse, mobile (its default form factor and simulated throttling), on the seeded bench stack with
 * Debian's chromium: home, a category, a product, search and the live demo show, as a guest who has
 * answered the consent banner ("Accept all", clicked in the same browser, so every optional part of a
 * page is on). Home is scored once more as a first visit, with the banner. Prints each page's four
 * scores and, under any score below 100, the audits that cost points. Not part of `npm test`.
 *   npm run bench:lighthouse [-- --runs 3 --reports dir --shop http://localhost:8787]
 * --shop scores a stack that is already running (e.g. `npm run dev`, seeded) instead of starting one.
 * --runs: each page is scored that many times and the run with the median performance score is shown
 * (Lighthouse's own advice: one run varies by several points). --reports writes those runs' HTML reports.
 * Simulated throttling multiplies the main thread's observed work by 4, so a slow or busy machine lowers
 * the performance score; the "cpu" column is Lighthouse's benchmark index of this machine during the run.
 */
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { type Result } from "lighthouse";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { seedProducts, seedShows } from "../db/seed/catalog-data.ts";
import { chromiumPath, ensureChromium } from "../scripts/ensure-chromium.ts";
import { bin, run, type RunningStack } from "../scripts/lib/local-stack.ts";
import { benchStack } from "./stack.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "1" }, reports: { type: "string" }, shop: { type: "string" } } });

const categories = ["performance", "accessibility", "best-practices", "seo"] as const;
/** Image formats and sizes are the responsive-images work's; listed, but marked. */
const imageAudits = new Set(["image-delivery-insight", "modern-image-formats", "uses-responsive-images", "uses-optimized-images"]);

const product = seedProducts.find((p) => p.categorySlug === "food-tea" && p.stock > 0)!;
const show = seedShows.find((s) => s.status === "live")!;
const pages: [name: string, path: string][] = [
  ["home", "/"],
  ["category", `/c/${product.categorySlug}`],
  ["product", `/p/${product.slug}`],
  ["search", "/search?q=tea"],
  ["live show", `/live/${show.slug}`],
];

type Row = { name: string; scores: (number | null)[]; cpu: number; failing: string[] };

function summarise(name: string, lhr: Result): Row {
  const scores = categories.map((id) => {
    const score = lhr.categories[id]?.score;
    return score == null ? null : Math.round(score * 100);
  });
  const failing: string[] = [];
  for (const id of categories) {
    const category = lhr.categories[id];
    if (!category || category.score === 1) continue;
    for (const ref of category.auditRefs) {
      const audit = lhr.audits[ref.id];
      if (!audit || audit.score === null || audit.score >= 1) continue;
      if (!["binary", "numeric", "metricSavings"].includes(audit.scoreDisplayMode)) continue;
      const mark = imageAudits.has(audit.id) ? " [images: not this task]" : "";
      failing.push(`${id}: ${audit.id} (${audit.score}) — ${audit.title}${audit.displayValue ? ` — ${audit.displayValue}` : ""}${mark}`);
    }
  }
  return { name, scores, cpu: Math.round(lhr.environment.benchmarkIndex), failing };
}

ensureChromium();
let stack: RunningStack | undefined;
if (!values.shop) {
  // Lighthouse scores what ships: the stylesheet and islands as built from this tree.
  await run(bin("node"), ["scripts/build-client.ts"], { quiet: true });
  stack = await benchStack();
}
const shopUrl = values.shop ?? stack!.shopUrl;
let chrome: chromeLauncher.LaunchedChrome | undefined;
try {
  chrome = await chromeLauncher.launch({
    chromePath: chromiumPath,
    // Nothing but the local servers is reachable, so no score depends on (or reaches) the internet.
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost"],
  });
  const port = chrome.port;
  const audit = async (name: string, url: string): Promise<Row> => {
    const runs: { lhr: Result; report: string }[] = [];
    // Now and then headless chromium loses a trace (NO_NAVSTART and the like): Lighthouse says to run again.
    for (let attempt = 1; runs.length < Number(values.runs); attempt++) {
      const result = await lighthouse(url, { port, output: "html", logLevel: "error", onlyCategories: [...categories] });
      if (!result) throw new Error(`lighthouse gave no result for ${url}`);
      if (!result.lhr.runtimeError) runs.push({ lhr: result.lhr, report: String(result.report) });
      else if (attempt >= Number(values.runs) + 2) throw new Error(`${url}: ${result.lhr.runtimeError.message}`);
    }
    runs.sort((a, b) => (a.lhr.categories.performance?.score ?? 0) - (b.lhr.categories.performance?.score ?? 0));
    const median = runs[Math.floor(runs.length / 2)]!;
    if (values.reports) {
      await mkdir(values.reports, { recursive: true });
      await writeFile(path.join(values.reports, `${name.replace(/\W+/g, "-")}.html`), median.report);
    }
    console.log(`  scored ${name} (performance ${runs.map((run) => Math.round((run.lhr.categories.performance?.score ?? 0) * 100)).join(", ")})`);
    return summarise(name, median.lhr);
  };

  // Warm the server first (module load, D1, caches): a production edge serves from a warm isolate.
  for (const [, pagePath] of pages) {
    for (let i = 0; i < 3; i++) await fetch(`${shopUrl}${pagePath}`, { headers: { accept: "text/html" } }).then((response) => response.arrayBuffer());
  }
  const rows: Row[] = [await audit("home (first visit, banner)", `${shopUrl}/`)];
  // Answer the banner as a shopper would, in the browser Lighthouse drives; its cookie jar keeps the answer.
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const page = await browser.contexts()[0]!.newPage();
  await page.goto(`${shopUrl}/`);
  await Promise.all([page.waitForResponse((response) => response.request().method() === "POST"), page.getByRole("button", { name: "Accept all" }).click()]);
  await page.waitForLoadState("load");
  if (await page.locator(".consent-banner").count()) throw new Error("the consent banner is still showing after Accept all");
  await page.close();
  await browser.close();
  for (const [name, pagePath] of pages) rows.push(await audit(name, `${shopUrl}${pagePath}`));

  const cell = (score: number | null) => String(score ?? "–").padStart(6);
  console.log(`\n${"page".padEnd(28)}${["perf", "a11y", "bp", "seo", "cpu"].map((h) => h.padStart(6)).join("")}`);
  for (const row of rows) console.log(`${row.name.padEnd(28)}${row.scores.map(cell).join("")}${String(row.cpu).padStart(6)}`);
  for (const row of rows.filter((r) => r.failing.length > 0)) {
    console.log(`\n${row.name}:`);
    for (const line of row.failing) console.log(`  ${line}`);
  }
} finally {
  chrome?.kill();
  await stack?.stop();
}
