import axe from "axe-core";
import type { BrowserContextOptions, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { countLayoutShifts, desktop, layoutShifts, useBrowser } from "./browser.ts";

const shopUrl = inject("shopUrl");
const session = useBrowser();

async function openPage(options: BrowserContextOptions = {}) {
  const context = await session.browser.newContext({ ...desktop, ...options });
  const page = await context.newPage();
  return { context, page };
}

/** Opens /search and waits until the island has made the box a combobox (typing before that is plain typing). */
async function openSearch(page: Page) {
  await page.goto(`${shopUrl}/search`, { waitUntil: "domcontentloaded" });
  await page.locator("#search-q[role=combobox]").waitFor();
}

const box = (page: Page) => page.locator("#search-q");
const list = (page: Page) => page.getByRole("listbox", { name: /Suggestions|搜索建议/ });
const options = (page: Page) => list(page).getByRole("option");

/** Waits for the list to show suggestions that all fit `pattern`, and returns their titles. */
async function suggestionsFor(page: Page, pattern: RegExp): Promise<string[]> {
  await expect.poll(async () => {
    const titles = await options(page).allTextContents();
    return titles.length > 0 && (await list(page).isVisible()) && titles.every((title) => pattern.test(title));
  }).toBe(true);
  return (await options(page).allTextContents()).map((title) => title.trim());
}

describe("searching by text", () => {
  it("works without JavaScript: the page's form submits and shows results", async () => {
    const { context, page } = await openPage({ javaScriptEnabled: false });
    await page.goto(`${shopUrl}/search`);
    await expect(box(page).getAttribute("role")).resolves.toBeNull();
    expect(await page.getByRole("button", { name: "Search by voice" }).count()).toBe(0);
    await page.getByLabel("Search products", { exact: true }).and(box(page)).fill("tea");
    await Promise.all([page.waitForURL(/\/search\?(.+&)?q=tea/), box(page).press("Enter")]);
    await expect(page.getByRole("status").filter({ hasText: /results? for “tea”/ }).count()).resolves.toBe(1);
    expect(await page.locator(".product-card").count()).toBeGreaterThan(0);
    await context.close();
  });

  it("moves nothing on a phone's screen when the query box's island starts (layout shift 0)", async () => {
    const { context, page } = await openPage({ viewport: { width: 412, height: 823 } });
    await countLayoutShifts(page);
    await page.goto(`${shopUrl}/search?q=tea`);
    await page.locator("#search-q[role=combobox]").waitFor();
    await expect(page.getByRole("button", { name: "Search by voice" }).isEnabled()).resolves.toBe(true);
    await page.waitForTimeout(300);
    const shifts = await layoutShifts(page);
    expect(shifts.total, shifts.moved.join("; ")).toBe(0);
    await context.close();
  });

  it("suggests products as one types; ArrowDown and Enter open the chosen one", async () => {
    const { context, page } = await openPage();
    await openSearch(page);
    await box(page).pressSequentially("tea");
    const titles = await suggestionsFor(page, /\btea/i);
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.length).toBeLessThanOrEqual(6);
    await expect(box(page).getAttribute("aria-expanded")).resolves.toBe("true");
    await expect(page.locator(".search-box [aria-live=polite]").textContent()).resolves.toMatch(new RegExp(`^${titles.length} suggestions?\\.`));

    await box(page).press("ArrowDown");
    const first = options(page).first();
    await expect.poll(() => first.getAttribute("aria-selected")).toBe("true");
    await expect(box(page).getAttribute("aria-activedescendant")).resolves.toBe(await first.getAttribute("id"));
    await Promise.all([page.waitForURL(/\/p\/[a-z0-9-]+$/), box(page).press("Enter")]);
    await expect(page.locator("h1").textContent()).resolves.toBe(titles[0]);
    await context.close();
  });

  it("submits the form on Enter when no suggestion is chosen", async () => {
    const { context, page } = await openPage();
    await openSearch(page);
    await box(page).pressSequentially("tea");
    await suggestionsFor(page, /\btea/i);
    await Promise.all([page.waitForURL(/\/search\?(.+&)?q=tea/), box(page).press("Enter")]);
    expect(await page.locator(".product-card").count()).toBeGreaterThan(0);
    await context.close();
  });

  it("asks once per pause in typing, cancels the earlier request, and never shows an older query's suggestions", async () => {
    const { context, page } = await openPage();
    // Holds the first query's answer back, so it would arrive last if it were not cancelled.
    let heldBack: Promise<void> | undefined;
    await page.route("**/api/search/suggest?*", async (route) => {
      if (new URL(route.request().url()).searchParams.get("q") === "oolong") {
        heldBack = new Promise((resolve) => setTimeout(resolve, 1_500));
        await heldBack;
      }
      await route.continue().catch(() => undefined); // the page may have cancelled it meanwhile
    });
    const asked: string[] = [];
    const failed: string[] = [];
    const q = (url: string) => new URL(url).searchParams.get("q") ?? "";
    page.on("request", (request) => request.url().includes("/api/search/suggest") && asked.push(q(request.url())));
    page.on("requestfailed", (request) => request.url().includes("/api/search/suggest") && failed.push(q(request.url())));
    await openSearch(page);

    await Promise.all([page.waitForRequest((request) => request.url().includes("q=oolong")), box(page).fill("oolong")]);
    await box(page).fill("");
    await box(page).pressSequentially("teapot");
    const titles = await suggestionsFor(page, /teapot/i);
    expect(asked).toEqual(["oolong", "teapot"]);
    expect(failed).toEqual(["oolong"]);
    await heldBack;
    await page.waitForTimeout(300);
    expect((await options(page).allTextContents()).map((title) => title.trim())).toEqual(titles);
    await context.close();
  });

  it("closes the suggestions with Escape (keeping the text) and when clicking elsewhere", async () => {
    const { context, page } = await openPage();
    await openSearch(page);
    await box(page).pressSequentially("tea");
    await suggestionsFor(page, /\btea/i);
    await box(page).press("Escape");
    await expect.poll(() => list(page).isVisible()).toBe(false);
    await expect.poll(() => box(page).getAttribute("aria-expanded")).toBe("false");
    await expect(box(page).inputValue()).resolves.toBe("tea");

    await box(page).press("ArrowDown");
    await expect.poll(() => list(page).isVisible()).toBe(true);
    await page.locator("h1").click();
    await expect.poll(() => list(page).isVisible()).toBe(false);
    await context.close();
  });

  it("has no axe violations with the suggestions open", async () => {
    const { context, page } = await openPage({ bypassCSP: true });
    await openSearch(page);
    await box(page).pressSequentially("tea");
    await suggestionsFor(page, /\btea/i);
    await box(page).press("ArrowDown");
    await page.evaluate(axe.source);
    const violations = await page.evaluate(async () => {
      const run = (window as unknown as { axe: typeof axe }).axe.run;
      const results = await run(".search-box", { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
      return results.violations.map((violation) => violation.id);
    });
    expect(violations).toEqual([]);
    await context.close();
  });

  it("answers a long Chinese query typed into the form with a page, not an error", async () => {
    const { context, page } = await openPage({ locale: "zh-CN" });
    await openSearch(page);
    const query = "手工陶瓷马克杯礼盒装送朋友生日礼物";
    const suggest = page.waitForResponse((response) => response.url().includes("/api/search/suggest"));
    await box(page).fill(query);
    expect((await suggest).status()).toBe(200);
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().startsWith(`${shopUrl}/search?`)), box(page).press("Enter")]);
    expect(response.status()).toBe(200);
    await expect(box(page).inputValue()).resolves.toBe(query);
    await expect(page.getByRole("status").filter({ hasText: query }).count()).resolves.toBe(1);
    await context.close();
  });
});

/** Counts every request for the microphone: speech recognition starting, or getUserMedia with audio. */
function countMicrophoneRequests() {
  const counter = window as unknown as { microphoneRequests: number };
  counter.microphoneRequests = 0;
  const speech = window as unknown as Record<string, { prototype: { start(): void } } | undefined>;
  // Chromium's webkitSpeechRecognition is SpeechRecognition under another name: wrap each prototype once.
  const prototypes = new Set([speech.SpeechRecognition?.prototype, speech.webkitSpeechRecognition?.prototype]);
  for (const prototype of prototypes) {
    if (!prototype) continue;
    const start = prototype.start;
    prototype.start = function (this: unknown) {
      counter.microphoneRequests++;
      return start.call(this);
    };
  }
  const media = navigator.mediaDevices;
  const getUserMedia = media.getUserMedia.bind(media);
  media.getUserMedia = (constraints) => {
    if (constraints?.audio) counter.microphoneRequests++;
    return getUserMedia(constraints);
  };
}

const microphoneRequests = (page: Page) => page.evaluate(() => (window as unknown as { microphoneRequests: number }).microphoneRequests);

describe("voice search", () => {
  it("asks for the microphone only when the button is pressed, and says so clearly where recognition cannot run", async () => {
    const { context, page } = await openPage();
    await page.addInitScript(countMicrophoneRequests);
    await openSearch(page);
    await box(page).pressSequentially("tea");
    await suggestionsFor(page, /\btea/i);
    expect(await microphoneRequests(page)).toBe(0);

    // Headless chromium has SpeechRecognition, but it refuses to start ("not-allowed"): the shopper is told plainly.
    await page.getByRole("button", { name: "Search by voice" }).click();
    await page.getByRole("status").filter({ hasText: "Voice search isn't available in this browser. Type your search instead." }).waitFor();
    expect(await microphoneRequests(page)).toBe(1);
    await expect(box(page).inputValue()).resolves.toBe("tea");
    await context.close();
  });

  it("says so in Chinese, and also where the browser has no speech recognition at all", async () => {
    const { context, page } = await openPage({ locale: "zh-CN" });
    await page.addInitScript(() => {
      const speech = window as unknown as Record<string, unknown>;
      delete speech.SpeechRecognition;
      delete speech.webkitSpeechRecognition;
    });
    await openSearch(page);
    await page.getByRole("button", { name: "语音搜索" }).click();
    await page.getByRole("status").filter({ hasText: "此浏览器不支持语音搜索，请直接输入要搜索的内容。" }).waitFor();
    await context.close();
  });

  it("fills the box with what was said, in the page's language, and searches for it", async () => {
    const { context, page } = await openPage({ locale: "zh-CN" });
    // Headless chromium cannot hear: a stand-in recogniser "hears" 茶壶 as soon as it is started.
    const languages: string[] = [];
    await page.exposeFunction("listeningFor", (lang: string) => languages.push(lang));
    await page.addInitScript(() => {
      const page = window as unknown as { listeningFor: (lang: string) => void };
      class HeardTeapot {
        lang = "";
        interimResults = true;
        maxAlternatives = 5;
        onresult: ((event: unknown) => void) | null = null;
        onerror: ((event: unknown) => void) | null = null;
        onend: (() => void) | null = null;
        start() {
          page.listeningFor(this.lang);
          setTimeout(() => {
            this.onresult?.({ results: [[{ transcript: " 茶壶 " }]] });
            this.onend?.();
          }, 50);
        }
        abort() {}
      }
      Object.assign(window, { SpeechRecognition: HeardTeapot, webkitSpeechRecognition: HeardTeapot });
    });
    await openSearch(page);
    await Promise.all([page.waitForURL(/\/search\?(.+&)?q=%E8%8C%B6%E5%A3%B6/), page.getByRole("button", { name: "语音搜索" }).click()]);
    expect(languages).toEqual(["zh-CN"]);
    await expect(box(page).inputValue()).resolves.toBe("茶壶");
    expect(await page.locator(".product-card").count()).toBeGreaterThan(0);
    await context.close();
  });
});
