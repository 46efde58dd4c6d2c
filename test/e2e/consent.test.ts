import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { cookieRegistry } from "../../worker/features/consent/cookie-registry.ts";
import { countLayoutShifts, desktop, layoutShifts, submitForm, useBrowser } from "./browser.ts";

const shopUrl = inject("shopUrl");
const necessary = new Set<string>(cookieRegistry.filter((e) => e.category === "necessary").map((e) => e.name));
const session = useBrowser();

async function cookieNames(context: BrowserContext): Promise<string[]> {
  return (await context.cookies()).map((cookie) => cookie.name).sort();
}

async function optionalCookies(context: BrowserContext): Promise<string[]> {
  return (await cookieNames(context)).filter((name) => !necessary.has(name));
}

async function storageKeys(page: Page): Promise<string[]> {
  return page.evaluate(() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)]);
}

async function openProduct(page: Page) {
  await page.goto(`${shopUrl}/c/fashion`);
  await page.locator(".product-card__title a").first().click();
  await page.waitForURL(/\/p\//);
}

for (const javaScriptEnabled of [true, false]) {
  describe(`consent in the browser (JavaScript ${javaScriptEnabled ? "on" : "off"})`, () => {
    it("a first visit leaves no non-essential cookie or storage key", async () => {
      const context = await session.browser.newContext({ ...desktop, javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(shopUrl);
      await expect(page.locator(".consent-banner").isVisible()).resolves.toBe(true);
      await openProduct(page);
      await page.goto(`${shopUrl}/live/spring-tea-tasting`);
      expect(await cookieNames(context)).toEqual([]);
      if (javaScriptEnabled) expect(await storageKeys(page)).toEqual([]);
      await context.close();
    });

    it("Reject all, then five pages: still nothing optional, and no more banner", async () => {
      const context = await session.browser.newContext({ ...desktop, javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(`${shopUrl}/c/outdoors`);
      await submitForm(page, () => page.getByRole("button", { name: "Reject all" }).click());
      expect(page.url()).toBe(`${shopUrl}/c/outdoors`);
      for (const path of ["/", "/c/home-kitchen", "/search?q=tea", "/live", "/privacy"]) await page.goto(`${shopUrl}${path}`);
      await openProduct(page);
      expect(await cookieNames(context)).toEqual(["consent"]);
      await expect(page.locator(".consent-banner").count()).resolves.toBe(0);
      if (javaScriptEnabled) expect(await storageKeys(page)).toEqual([]);
      await context.close();
    });

    it("Accept all makes them appear; withdrawing removes them after one request", async () => {
      const context = await session.browser.newContext({ ...desktop, javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(shopUrl);
      await submitForm(page, () => page.getByRole("button", { name: "Accept all" }).click());
      await openProduct(page);
      expect(await optionalCookies(context)).toEqual(["lantern_av", "lantern_recent"]);
      await page.goto(shopUrl);
      await expect(page.getByRole("heading", { name: "Recently viewed" }).isVisible()).resolves.toBe(true);

      await page.getByRole("link", { name: "Cookie settings" }).last().click();
      await page.waitForURL(/\/cookies$/);
      await submitForm(page, () => page.getByRole("button", { name: "Withdraw all optional consent" }).click());
      expect(page.url()).toBe(`${shopUrl}/cookies?saved=1`);
      expect(await optionalCookies(context)).toEqual([]);
      await expect(page.getByRole("status").textContent()).resolves.toContain("Your choices are saved.");
      await context.close();
    });

    it("Choose: only the ticked category is set", async () => {
      const context = await session.browser.newContext({ ...desktop, javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(shopUrl);
      await page.locator(".consent-choose > summary").click();
      await page.getByLabel("Personalisation").check();
      await submitForm(page, () => page.getByRole("button", { name: "Save my choices" }).click());
      await openProduct(page);
      expect(await optionalCookies(context)).toEqual(["lantern_recent"]);
      await page.goto(`${shopUrl}/account/privacy`);
      await expect(page.locator(".records-table").textContent()).resolves.toContain("Consent given");
      await context.close();
    });
  });
}

describe("the banner's cost", () => {
  it("does not shift the layout (cumulative layout shift 0 with the banner shown)", async () => {
    const context = await session.browser.newContext(desktop);
    const page = await context.newPage();
    await countLayoutShifts(page);
    for (const path of ["/", `/c/fashion`, "/live/spring-tea-tasting"]) {
      await page.goto(`${shopUrl}${path}`, { waitUntil: "networkidle" });
      await expect(page.locator(".consent-banner").isVisible()).resolves.toBe(true);
      await page.waitForTimeout(300);
      const shifts = await layoutShifts(page);
      expect(shifts.total, `${path}: ${shifts.moved.join("; ")}`).toBe(0);
    }
    await context.close();
  });

  it("can be answered with the keyboard alone", async () => {
    const context = await session.browser.newContext(desktop);
    const page = await context.newPage();
    await page.goto(shopUrl);
    await page.keyboard.press("Tab"); // skip link
    await page.keyboard.press("Tab"); // privacy policy link
    await page.keyboard.press("Tab"); // cookie settings link
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.textContent?.trim())).resolves.toBe("Accept all");
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.textContent?.trim())).resolves.toBe("Reject all");
    await submitForm(page, () => page.keyboard.press("Enter"));
    expect(await cookieNames(context)).toEqual(["consent"]);
    await context.close();
  });
});
