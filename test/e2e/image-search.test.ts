import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { seedProducts } from "../../db/seed/catalog-data.ts";
import { desktop, submitForm, useBrowser } from "./browser.ts";

const shopUrl = inject("shopUrl");
const session = useBrowser();

/** A product whose picture no other product shares (the same object in the same colour). */
const product = seedProducts.find((candidate) => seedProducts.filter((other) => other.art.shape === candidate.art.shape && other.art.hue === candidate.art.hue).length === 1)!;

/** The product's first picture, as the shop serves it. */
async function productPicture(page: Page): Promise<Buffer> {
  await page.goto(`${shopUrl}/p/${product.slug}`);
  const src = (await page.locator(".gallery__slide img").first().getAttribute("src"))!;
  const response = await page.request.get(new URL(src, shopUrl).href);
  expect(response.ok()).toBe(true);
  return response.body();
}

/** Counts calls to getUserMedia: the camera may be asked for only by the shopper's press. */
function countCameraRequests() {
  const counter = window as unknown as { cameraRequests: number };
  counter.cameraRequests = 0;
  const media = navigator.mediaDevices;
  if (!media) return;
  const getUserMedia = media.getUserMedia.bind(media);
  media.getUserMedia = (constraints) => {
    counter.cameraRequests++;
    return getUserMedia(constraints);
  };
}

const cameraRequests = (page: Page) => page.evaluate(() => (window as unknown as { cameraRequests: number }).cameraRequests);

const resultTitles = (page: Page) => page.locator(".image-matches .product-card h3").allTextContents();

describe("search by photo in the browser", () => {
  it("without JavaScript: a shopper uploads a product's picture and finds that product first, told why and that the photo was not kept", async () => {
    const context = await session.browser.newContext({ ...desktop, javaScriptEnabled: false });
    const page = await context.newPage();
    const picture = await productPicture(page);
    const title = (await page.locator("h1").textContent())!.trim();

    await page.goto(`${shopUrl}/search/image`);
    await expect(page.locator("h1").textContent()).resolves.toBe("Search by photo");
    await page.getByLabel("Choose a photo").setInputFiles({ name: "IMG_2041.png", mimeType: "image/png", buffer: picture });
    await submitForm(page, () => page.getByRole("button", { name: "Find similar products" }).click());

    await expect(page.locator("h1").textContent()).resolves.toBe("Products that look like your photo");
    const titles = await resultTitles(page);
    expect(titles.length).toBeGreaterThan(5);
    expect(titles[0]!.trim()).toBe(title);
    await expect(page.locator(".image-matches__why").first().textContent()).resolves.toBe("Similar colours and shape");
    await expect(page.getByRole("status").textContent()).resolves.toContain("has not been kept");
    await page.getByRole("link", { name: "Search by words instead" }).click();
    await page.waitForURL(/\/search$/);
    await context.close();
  });

  it("asks for the camera only when the shopper presses “Take a photo”, and searches with what it gives", async () => {
    const context = await session.browser.newContext(desktop);
    const page = await context.newPage();
    const picture = await productPicture(page);
    await page.addInitScript(countCameraRequests);
    await page.goto(`${shopUrl}/search/image`);
    // Nothing on the page could ask: no script at all, and nothing asked.
    expect(await page.locator("script").count()).toBe(0);
    expect(await cameraRequests(page)).toBe(0);
    expect(await page.evaluate(async () => (await navigator.permissions.query({ name: "camera" as PermissionName })).state)).toBe("prompt");

    // Pressing it is what opens the camera (a desktop browser offers a file instead).
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.getByLabel("Take a photo").click()]);
    await chooser.setFiles({ name: "camera.png", mimeType: "image/png", buffer: picture });
    await submitForm(page, () => page.getByRole("button", { name: "Find similar products" }).click());
    expect((await resultTitles(page)).length).toBeGreaterThan(0);
    await context.close();
  });

  it("says clearly when a file is not a photo it can read, and offers the form again", async () => {
    const context = await session.browser.newContext(desktop);
    const page = await context.newPage();
    await page.goto(`${shopUrl}/search/image`);
    await page.getByLabel("Choose a photo").setInputFiles({ name: "notes.jpg", mimeType: "image/jpeg", buffer: Buffer.from("not a photo at all") });
    const [response] = await Promise.all([
      page.waitForResponse((answer) => answer.request().method() === "POST"),
      page.getByRole("button", { name: "Find similar products" }).click(),
    ]);
    expect(response.status()).toBe(400);
    await page.waitForLoadState("load");
    await expect(page.getByRole("alert").textContent()).resolves.toContain("That file is not a photo we can read.");
    await expect(page.getByLabel("Choose a photo").isVisible()).resolves.toBe(true);
    await context.close();
  });
});
