import axe from "axe-core";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { desktop, submitForm, useBrowser } from "./browser.ts";

const shopUrl = inject("shopUrl");
const session = useBrowser();

type Violation = { id: string; impact: string | null; nodes: { target: unknown }[] };

/** Runs axe-core (WCAG 2.1 A/AA rules and its best practices, heading order among them) on the loaded page and returns its violations. */
async function violations(page: Page): Promise<Violation[]> {
  await page.evaluate(axe.source);
  return page.evaluate(async () => {
    const run = (window as unknown as { axe: typeof axe }).axe.run;
    const results = await run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } });
    return results.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}

const pages = [
  "/",
  "/c/fashion",
  "/p/rose-silk-scarf",
  "/live",
  "/live/spring-tea-tasting",
  "/search?q=tea",
  "/search?q=qqqqxz&category=fashion",
  "/search?q=tea&min=abc",
  "/search/image",
  "/nope",
  "/privacy",
  "/privacy/versions",
  "/cookies",
  "/account/privacy",
  "/register",
  "/sign-in",
  "/password/forgot",
];

describe("accessibility", () => {
  for (const locale of ["en-GB", "zh-CN"]) {
    it(`has no axe violations on the main pages (${locale})`, async () => {
      // bypassCSP only lets the test inject axe; the pages themselves are unchanged.
      const context = await session.browser.newContext({ ...desktop, locale, bypassCSP: true });
      const page = await context.newPage();
      for (const path of pages) {
        await page.goto(`${shopUrl}${path}`);
        expect(await violations(page), path).toEqual([]);
      }
      await context.close();
    });
  }

  it("has no axe violations on the consent banner with its choices open, or on the privacy centre with records", async () => {
    const context = await session.browser.newContext({ ...desktop, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(shopUrl);
    await page.locator(".consent-choose > summary").click();
    expect(await violations(page), "banner, choose open").toEqual([]);
    await submitForm(page, () => page.getByRole("button", { name: "Save my choices" }).click());
    for (const path of ["/account/privacy", "/account/privacy/receipt", "/cookies"]) {
      await page.goto(`${shopUrl}${path}`);
      expect(await violations(page), path).toEqual([]);
    }
    await context.close();
  });

  it("has no axe violations on forms with errors, on a member's account page, or on buying pages", async () => {
    const context = await session.browser.newContext({ ...desktop, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${shopUrl}/register`);
    await submitForm(page, () => page.getByRole("button", { name: "Send me a code" }).click());
    await expect(page.locator(".error-summary").isVisible()).resolves.toBe(true);
    expect(await violations(page), "register with errors").toEqual([]);
    await page.goto(`${shopUrl}/sign-in`);
    await page.fill("#phone", "138 0013 8001");
    await page.fill("#password", "blue-teapot-morning-walk");
    await submitForm(page, () => page.getByRole("button", { name: "Sign in", exact: true }).click());
    await page.goto(`${shopUrl}/account`);
    expect(await violations(page), "account").toEqual([]);
    // Buying: the cart with a product in it, the checkout with its errors, orders, levels, addresses.
    await page.goto(`${shopUrl}/p/honey-glass-teapot`);
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.locator("[data-cart-count]").first().getByText(/^[1-9]/).waitFor();
    for (const path of ["/cart", "/checkout", "/orders", "/levels", "/account/addresses", "/account/identity?reason=cross_border&next=/checkout", "/account/history", "/account/saved-searches"]) {
      await page.goto(`${shopUrl}${path}`);
      expect(await violations(page), path).toEqual([]);
    }
    await page.goto(`${shopUrl}/checkout`);
    if (await page.locator("#address-new").count()) await page.check("#address-new");
    await page.check("#invoice");
    await submitForm(page, () => page.getByRole("button", { name: /Place order/ }).click());
    await expect(page.locator(".error-summary").isVisible()).resolves.toBe(true);
    expect(await violations(page), "checkout with errors").toEqual([]);
    await context.close();
  });

  it("can be used with the keyboard alone: skip link, then search", async () => {
    const context = await session.browser.newContext(desktop);
    const page = await context.newPage();
    await page.goto(shopUrl);
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe("Skip to content");
    await page.keyboard.press("Enter");
    await page.waitForURL(/#main$/);
    await page.focus("#site-search");
    await page.keyboard.type("scarf");
    await page.keyboard.press("Enter");
    await page.waitForURL(/search\?q=scarf/);
    // The results' own status line (the query box has one too, for voice search).
    await expect(page.locator("[aria-labelledby=results-heading] [role=status]").textContent()).resolves.toMatch(/results? for “scarf”/);
    await context.close();
  });
});
