/**
 * Takes a full-page screenshot with Debian's chromium, to look at a page as a shopper sees it.
 *   node scripts/screenshot.ts <url> <out.png> [--no-js] [--width 1280] [--height 900] [--viewport] [--locale zh-CN] [--click "Accept all"]
 */
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "no-js": { type: "boolean", default: false },
    width: { type: "string", default: "1280" },
    locale: { type: "string", default: "en-GB" },
    height: { type: "string", default: "900" },
    viewport: { type: "boolean", default: false },
    /** Before the shot: press this button (by its accessible name) on the page first, e.g. "Accept all". */
    click: { type: "string" },
  },
});
const [url, out] = positionals;
if (!url || !out) throw new Error("usage: node scripts/screenshot.ts <url> <out.png> [--no-js] [--width N] [--locale L]");

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
try {
  const context = await browser.newContext({
    javaScriptEnabled: !values["no-js"],
    viewport: { width: Number(values.width), height: Number(values.height) },
    locale: values.locale,
  });
  const page = await context.newPage();
  if (values.click) {
    await page.goto(url, { waitUntil: "networkidle" });
    await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: values.click }).first().click()]);
    await page.waitForTimeout(300);
  }
  await page.goto(url, { waitUntil: "networkidle" });
  await page.screenshot({ path: out, fullPage: !values.viewport });
  console.log(`saved ${out}`);
} finally {
  await browser.close();
}
