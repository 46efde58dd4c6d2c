import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { desktop, submitForm, useBrowser } from "./browser.ts";

const shopUrl = inject("shopUrl");
const session = useBrowser();

/** Every image on the page actually loaded (decoded with a real size). */
async function brokenImages(page: Page): Promise<string[]> {
  return page.$$eval("img", (images) =>
    images.filter((img) => img.loading !== "lazy" && (!img.complete || img.naturalWidth === 0)).map((img) => img.src),
  );
}

/** Home → a category → a product, as a shopper clicks through it. */
async function browseToAProduct(page: Page) {
  await page.goto(shopUrl);
  await expect(page.title()).resolves.toContain("Lantern");
  await expect(page.locator("h1").first().textContent()).resolves.toContain("Watch it made");
  expect(await brokenImages(page)).toEqual([]);

  await page.getByRole("link", { name: /Food & Tea/ }).click();
  await page.waitForURL(/\/c\/food-tea$/);
  await expect(page.locator("h1").textContent()).resolves.toBe("Food & Tea");
  expect(await page.locator(".product-card").count()).toBe(8);

  const firstCard = page.locator(".product-card").first();
  const title = (await firstCard.locator(".product-card__title").textContent())!.trim();
  await firstCard.locator(".product-card__title a").click();
  await page.waitForURL(/\/p\/[a-z0-9-]+$/);
  await expect(page.locator("h1").textContent()).resolves.toBe(title);
  await expect(page.locator(".product__info .price__now").textContent()).resolves.toMatch(/CN¥\d/);
  expect(await page.locator(".gallery__slide img").count()).toBe(3);
  expect(await brokenImages(page)).toEqual([]);
  return title;
}

describe("a shopper with JavaScript", () => {
  it("goes from home to a category to a product, and the product page ships no script", async () => {
    const context = await session.browser.newContext(desktop);
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on("request", (request) => request.resourceType() === "script" && scripts.push(request.url()));
    await browseToAProduct(page);
    expect(scripts).toEqual([]);
    await context.close();
  });
});

describe("a shopper without JavaScript", () => {
  it("browses, sorts, pages through a category and switches language with plain forms", async () => {
    const context = await session.browser.newContext({ ...desktop, javaScriptEnabled: false });
    const page = await context.newPage();
    await browseToAProduct(page);

    await page.goto(`${shopUrl}/c/electronics`);
    await page.selectOption("#sort", "price_desc");
    await page.getByRole("button", { name: "Sort" }).click();
    await page.waitForURL(/sort=price_desc/);
    const prices = await page.locator(".product-card .price__now").allTextContents();
    const numbers = prices.map((p) => Number(p.replace(/[^\d.]/g, "")));
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));

    await page.getByRole("link", { name: "Next page" }).click();
    await page.waitForURL(/page=2/);
    await expect(page.locator(".pagination").textContent()).resolves.toContain("Page 2 of 2");

    await submitForm(page, () => page.getByRole("button", { name: "简体中文" }).click());
    expect(page.url()).toMatch(/page=2/);
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("zh-CN");
    await expect(page.locator("h1").textContent()).resolves.toBe("数码电子");

    await page.fill("#site-search", "茶");
    await page.press("#site-search", "Enter");
    await page.waitForURL(/\/search\?q=/);
    await expect(page.locator("[aria-labelledby=results-heading] [role=status]").textContent()).resolves.toContain("的搜索结果");
    await context.close();
  });
});
