import { chromium, type Browser, type BrowserContextOptions, type Page } from "playwright-core";
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
