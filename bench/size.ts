/**
 * JavaScript budget: loads each page in chromium and sums the gzip size of every script it fetched
 * (including island chunks loaded on demand). Pages without islands should ship 0 bytes.
 *   npm run bench:size
 */
import { gzipSync } from "node:zlib";
import { seedProducts } from "../db/seed/catalog-data.ts";
import { ensureChromium } from "../scripts/ensure-chromium.ts";
import { launchBrowser } from "../test/e2e/browser.ts";
import { benchStack } from "./stack.ts";

ensureChromium();
const stack = await benchStack();
const browser = await launchBrowser();
try {
  const pages = {
    home: "/",
    category: "/c/home-kitchen",
    product: `/p/${seedProducts[0]!.slug}`,
    search: "/search?q=tea",
    "live show": "/live/spring-tea-tasting",
  };
  console.log("page         scripts  raw bytes  gzip bytes");
  for (const [name, path] of Object.entries(pages)) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const scripts: Promise<Buffer>[] = [];
    page.on("response", (response) => {
      if (response.request().resourceType() === "script") scripts.push(response.body());
    });
    await page.goto(`${stack.shopUrl}${path}`, { waitUntil: "networkidle" });
    const bodies = await Promise.all(scripts);
    const raw = bodies.reduce((n, b) => n + b.length, 0);
    const gzip = bodies.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0);
    console.log(`${name.padEnd(12)} ${String(bodies.length).padStart(7)} ${String(raw).padStart(10)} ${String(gzip).padStart(11)}`);
    await context.close();
  }
} finally {
  await browser.close();
  await stack.stop();
}
