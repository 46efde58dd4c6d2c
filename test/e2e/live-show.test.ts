import { describe, expect, inject, it } from "vitest";
import { desktop, useBrowser } from "./browser.ts";

const shopUrl = inject("shopUrl");
const showUrl = `${shopUrl}/live/spring-tea-tasting`;
const session = useBrowser();

describe("live show page", () => {
  it("shows a viewer count that rises when a second browser joins and falls when it leaves", async () => {
    const first = await session.browser.newContext(desktop);
    const viewer = await first.newPage();
    await viewer.goto(showUrl);
    const counter = viewer.locator(".viewer-counter");
    await counter.getByText("1 watching").waitFor({ timeout: 15_000 });
    await expect(counter.getAttribute("data-status")).resolves.toBe("open");

    const second = await session.browser.newContext(desktop);
    const other = await second.newPage();
    await other.goto(showUrl);
    await other.locator(".viewer-counter").getByText("2 watching").waitFor({ timeout: 15_000 });
    await counter.getByText("2 watching").waitFor({ timeout: 15_000 });

    await second.close();
    await counter.getByText("1 watching").waitFor({ timeout: 15_000 });
    await first.close();
  });

  it("counts in the reader's language", async () => {
    const context = await session.browser.newContext({ ...desktop, locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto(showUrl);
    await page.locator(".viewer-counter").getByText(/\d+ 人在看/).waitFor({ timeout: 15_000 });
    await context.close();
  });

  it("without JavaScript, says why there is no count and still lists the show's products", async () => {
    const context = await session.browser.newContext({ ...desktop, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(showUrl);
    await expect(page.locator(".noscript-note").isVisible()).resolves.toBe(true);
    await expect(page.locator(".viewer-counter").isVisible()).resolves.toBe(false);
    expect(await page.locator(".show-product").count()).toBeGreaterThan(0);
    await context.close();
  });
});
