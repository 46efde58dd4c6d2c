import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { chromiumPath } from "../../scripts/ensure-chromium.ts";

export type LaunchOptions = {
  /** More chromium flags, e.g. a fake camera: `--use-fake-device-for-media-stream --use-fake-ui-for-media-stream`. */
  args?: string[];
};

/** Debian's chromium, headless, with the flags this offline machine needs. */
export function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", ...(options.args ?? [])],
  });
}

type ShiftWindow = { shifts: { total: number; moved: string[] } };

/**
 * Counts the page's layout shifts from its first paint, not those right after input, and notes what moved
 * and where, so a failing test says which element shifted (read with `layoutShifts`).
 */
export async function countLayoutShifts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: ShiftWindow["shifts"] = { total: 0, moved: [] };
    (window as unknown as ShiftWindow).shifts = seen;
    type Shift = PerformanceEntry & { value: number; hadRecentInput: boolean; sources: { node?: Node; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[] };
    const rect = (r: DOMRectReadOnly) => `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}×${Math.round(r.height)}`;
    const name = (node?: Node) => (node instanceof Element ? `${node.localName}${node.id ? `#${node.id}` : ""}${node.getAttribute("class") ? `.${node.getAttribute("class")!.trim().replace(/\s+/g, ".")}` : ""}` : (node?.nodeName ?? "?"));
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as Shift[]) {
        if (entry.hadRecentInput) continue;
        seen.total += entry.value;
        for (const source of entry.sources) seen.moved.push(`${entry.startTime.toFixed(0)} ms: ${name(source.node)} ${rect(source.previousRect)} → ${rect(source.currentRect)}`);
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
}

/** The page's cumulative layout shift so far and what moved (after `countLayoutShifts`). */
export const layoutShifts = (page: Page) => page.evaluate(() => (window as unknown as ShiftWindow).shifts);

export const desktop: BrowserContextOptions = { viewport: { width: 1280, height: 900 }, locale: "en-GB" };

/** Submits a form (by clicking or pressing a key) and waits for the page the POST leads to. */
export async function submitForm(page: Page, act: () => Promise<unknown>): Promise<void> {
  await Promise.all([page.waitForResponse((response) => response.request().method() === "POST"), act()]);
  await page.waitForLoadState("load");
}

/** One browser for a test file: launched before its tests, closed after them. */
export function useBrowser(options: LaunchOptions = {}): { readonly browser: Browser } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser(options);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error("the browser is not running yet");
      return browser;
    },
  };
}

/** Fills the password form of /sign-in (on the page already open) and submits it. */
export async function signInWithPassword(page: Page, national: string, password: string): Promise<void> {
  await page.selectOption("#phone-country", "CN");
  await page.fill("#phone", national);
  await page.fill("#password", password);
  await submitForm(page, () => page.getByRole("button", { name: "Sign in", exact: true }).click());
}

export const randomDigits = (count: number) => Array.from({ length: count }, () => Math.floor(Math.random() * 10)).join("");

/** A fresh CN mobile number per run: one code per number per minute, so registrations never share one. */
export function newPhone(): { national: string; e164: string } {
  const digits = `139${randomDigits(8)}`;
  return { national: `${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`, e164: `+86${digits}` };
}

/**
 * The first message to `e164` in the development inbox whose text matches `pattern`, reloading until it
 * arrives (messages go through a queue). Returns the pattern's match.
 */
export async function inboxMessage(context: BrowserContext, shopUrl: string, e164: string, pattern: RegExp, timeoutMs = 15_000): Promise<RegExpExecArray> {
  const inbox = await context.newPage();
  const deadline = Date.now() + timeoutMs;
  try {
    await inbox.goto(`${shopUrl}/dev/outbox`);
    for (;;) {
      const messages = await inbox.locator(`li.dev-outbox__message[data-recipient="${e164}"] pre`).allTextContents();
      const match = messages.map((text) => pattern.exec(text)).find((found) => found !== null);
      if (match) return match;
      if (Date.now() > deadline) throw new Error(`no message matching ${pattern} for ${e164} in the dev inbox after ${timeoutMs} ms`);
      await inbox.waitForTimeout(250);
      await inbox.reload();
    }
  } finally {
    await inbox.close();
  }
}

/** The registration code sent to `e164`. */
export async function registrationCode(context: BrowserContext, shopUrl: string, e164: string): Promise<string> {
  return (await inboxMessage(context, shopUrl, e164, /(\d{6}) is your registration code/))[1]!;
}

/** Registers a new member through the pages (code from the dev inbox); ends on the page registration leads to. */
export async function registerMember(page: Page, shopUrl: string, member: { phone: { national: string; e164: string }; nickname: string; password: string; born: { year: string; month: string } }): Promise<void> {
  await page.goto(`${shopUrl}/register`);
  await page.fill("#phone", member.phone.national);
  await page.fill("#nickname", member.nickname);
  await page.selectOption("#birthYear", member.born.year);
  await page.selectOption("#birthMonth", member.born.month);
  // Typing before the password island hydrates would be lost: wait for its toggle.
  await page.getByRole("button", { name: "Show password" }).waitFor({ state: "visible" });
  await page.fill("#password", member.password);
  await page.getByLabel(/I have read and agree to the privacy policy/).check();
  await submitForm(page, () => page.getByRole("button", { name: "Send me a code" }).click());
  await page.getByLabel("Six-digit code").fill(await registrationCode(page.context(), shopUrl, member.phone.e164));
  await submitForm(page, () => page.getByRole("button", { name: "Confirm" }).click());
}
