import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { formatDate } from "../../worker/lib/dates.ts";
import { desktop, newPhone, randomDigits, registerMember, submitForm, useBrowser } from "./browser.ts";

const shopUrl = inject("shopUrl");
const session = useBrowser();

/** Opens a product from a category page and answers its title. */
async function openProduct(page: Page): Promise<string> {
  await page.goto(`${shopUrl}/c/home-kitchen`);
  await page.locator(".product-card__title a").first().click();
  await page.waitForURL(/\/p\//);
  return (await page.getByRole("heading", { level: 1 }).textContent())!.trim();
}

/** What this browser keeps under the device search history key. */
const storedSearches = (page: Page) => page.evaluate(() => localStorage.getItem("lantern_searches"));

describe("history in the browser", () => {
  it("a member views a product, finds it under today on their history page, deletes it and pauses history", async () => {
    const page = await (await session.browser.newContext(desktop)).newPage();
    await registerMember(page, shopUrl, { phone: newPhone(), nickname: `Window Shopper ${randomDigits(4)}`, password: "paper-boat-drifting-on-the-lake", born: { year: "1987", month: "09" } });
    const title = await openProduct(page);

    await page.goto(`${shopUrl}/account`);
    await page.getByRole("link", { name: "Your history" }).click();
    await page.waitForURL(/\/account\/history$/);
    const today = page.getByRole("region", { name: `Today, ${formatDate(new Date(), "en")}` });
    // The visit is written after the product page was sent: it may take a moment.
    for (let attempt = 0; attempt < 20 && (await today.count()) === 0; attempt++) {
      await page.waitForTimeout(250);
      await page.reload();
    }
    await expect(today.getByRole("link", { name: title }).isVisible()).resolves.toBe(true);

    await submitForm(page, () => today.getByRole("button", { name: `Delete “${title}” (Product) from your history` }).click());
    await expect(page.getByRole("status").textContent()).resolves.toContain("Deleted from your history.");
    await expect(page.getByRole("link", { name: title }).count()).resolves.toBe(0);

    await submitForm(page, () => page.getByRole("button", { name: "Pause history" }).click());
    await expect(page.getByRole("status").textContent()).resolves.toContain("History paused.");
    await expect(page.getByRole("button", { name: "Resume history" }).isVisible()).resolves.toBe(true);

    // Paused: looking at the product again adds nothing; the category visited earlier is still there.
    await openProduct(page);
    await page.waitForTimeout(500);
    await page.goto(`${shopUrl}/account/history`);
    await expect(page.getByRole("link", { name: title }).count()).resolves.toBe(0);
    await expect(today.getByRole("link", { name: "Home & Kitchen" }).isVisible()).resolves.toBe(true);
  });

  it("a guest who allows personalisation sees their recent searches on this device, removes one, clears them, and withdrawing removes them", async () => {
    const context = await session.browser.newContext(desktop);
    const page = await context.newPage();
    await page.goto(`${shopUrl}/search?q=teapot`);
    // Before any choice the device keeps nothing.
    await page.waitForLoadState("networkidle");
    expect(await storedSearches(page)).toBeNull();

    await submitForm(page, () => page.getByRole("button", { name: "Accept all" }).click());
    await page.goto(`${shopUrl}/search?q=teapot`);
    // The island records the search once it runs: leaving before that would not count it.
    await page.waitForFunction(() => (localStorage.getItem("lantern_searches") ?? "").includes("teapot"));
    await page.goto(`${shopUrl}/search?q=kettle`);
    const recent = page.getByRole("region", { name: "Recent searches on this device" });
    await recent.waitFor();
    await expect(recent.getByRole("link").allTextContents()).resolves.toEqual(["kettle", "teapot"]);

    await recent.getByRole("button", { name: "Remove “teapot”" }).click();
    await expect(recent.getByRole("status").textContent()).resolves.toBe("Removed “teapot”.");
    await expect(recent.getByRole("link").allTextContents()).resolves.toEqual(["kettle"]);
    expect(JSON.parse((await storedSearches(page))!)).toEqual([expect.objectContaining({ term: "kettle", count: 1 })]);

    await recent.getByRole("button", { name: "Clear these searches" }).click();
    await expect(recent.getByRole("status").textContent()).resolves.toBe("The searches on this device are cleared.");
    expect(await storedSearches(page)).toBeNull();

    // Withdrawing personalisation: the next search page removes what the device kept.
    await page.goto(`${shopUrl}/search?q=lamp`);
    await recent.waitFor();
    expect(await storedSearches(page)).not.toBeNull();
    await page.goto(`${shopUrl}/cookies`);
    await submitForm(page, () => page.getByRole("button", { name: "Withdraw all optional consent" }).click());
    await page.goto(`${shopUrl}/search?q=lamp`);
    await page.waitForFunction(() => localStorage.getItem("lantern_searches") === null);
    await expect(recent.count()).resolves.toBe(0);
    await context.close();
  });
});
