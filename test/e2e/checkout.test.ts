import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { demoMembers } from "../../db/seed/seed-members.ts";
import { desktop, signInWithPassword, submitForm, useBrowser } from "./browser.ts";

const shopUrl = inject("shopUrl");
const session = useBrowser();

async function signedIn(role: "shopper" | "staff", next: string): Promise<Page> {
  const member = demoMembers.find((demo) => demo.role === role)!;
  const page = await (await session.browser.newContext(desktop)).newPage();
  await page.goto(`${shopUrl}/sign-in?next=${encodeURIComponent(next)}`);
  await signInWithPassword(page, member.national, member.password);
  return page;
}

/** Product pages of in-stock products from a category page, most expensive first (so two reach a level). */
async function productPages(page: Page): Promise<string[]> {
  await page.goto(`${shopUrl}/`);
  const category = await page.locator(".category-card a, a[href^='/c/']").first().getAttribute("href");
  await page.goto(`${shopUrl}${category}?sort=price_desc`);
  return page.locator(".product-card a").evaluateAll((links) => [...new Set(links.map((link) => (link as HTMLAnchorElement).href))]);
}

describe("buying", () => {
  it("a member adds two products, shares the cart, checks out with an invoice and pays; staff ship; the carrier delivers; the member sees the timeline and a new level", async () => {
    const mei = await signedIn("shopper", "/");
    // Two products into the cart from their pages: the island adds them without leaving the page.
    const titles: string[] = [];
    for (const href of await productPages(mei)) {
      await mei.goto(href);
      const add = mei.getByRole("button", { name: "Add to cart" });
      // Items from abroad need the orderer's verified identity (their own test): this one buys at home.
      if ((await add.count()) === 0 || (await mei.getByText("Ships from abroad").count()) > 0) continue;
      const count = Number((await mei.locator("[data-cart-count]").first().textContent()) ?? "0");
      await add.click();
      await mei.locator("[data-cart-count]").first().getByText(String(count + 1)).waitFor({ timeout: 10_000 });
      expect(mei.url()).toBe(href);
      titles.push((await mei.locator("h1").textContent())!.trim());
      if (titles.length === 2) break;
    }
    expect(titles).toHaveLength(2);

    // Share the cart: a guest sees the products at today's prices, and nothing about Mei.
    await mei.goto(`${shopUrl}/cart`);
    await submitForm(mei, () => mei.getByRole("button", { name: "Create a share link" }).click());
    const link = await mei.getByLabel("Share link").inputValue();
    const guest = await (await session.browser.newContext(desktop)).newPage();
    await guest.goto(link);
    const shared = (await guest.locator("main").textContent())!;
    for (const title of titles) expect(shared).toContain(title);
    expect(shared).not.toContain("Mei");
    expect(link).not.toMatch(/mbr_|price/i);

    // Check out with an invoice: the invoice block appears only once it is asked for.
    await mei.goto(`${shopUrl}/checkout`);
    if (await mei.locator("#address-new").count()) await mei.check("#address-new");
    await mei.fill("#recipient", "Wang Fang");
    await mei.fill("#phone", "139 1234 5678");
    await mei.fill("#address", "88 Jiefang Road, Xihu District, Hangzhou");
    await expect(mei.locator("#invoice_title").isVisible()).resolves.toBe(false);
    await mei.check("#invoice");
    await mei.fill("#invoice_title", "Wang Fang");
    await mei.fill("#invoice_email", "fang@example.com");
    await submitForm(mei, () => mei.getByRole("button", { name: /Place order/ }).click());
    expect(mei.url()).toMatch(/\/orders\/\d{16}\?placed=1$/);
    const number = new URL(mei.url()).pathname.split("/")[2]!;
    expect(await mei.locator("main").textContent()).toContain("Waiting for payment");

    // Pay in the sandbox's hosted page.
    await submitForm(mei, () => mei.getByRole("button", { name: /^Pay / }).click());
    expect(mei.url()).toContain("/sandbox/pay/");
    await expect(mei.locator("main").textContent()).resolves.toContain(number);
    await submitForm(mei, () => mei.getByRole("button", { name: "Approve" }).click());
    expect(mei.url()).toContain(`/orders/${number}`);
    await expect(mei.locator(".status").first().textContent()).resolves.toBe("Paid");
    await expect(mei.locator("main").textContent()).resolves.toContain("Invoice");

    // Staff ship it; the sandbox carrier reports the parcel's way to the door.
    const support = await signedIn("staff", `/staff/orders/${number}`);
    await submitForm(support, () => support.getByRole("button", { name: "Ship" }).click());
    const tracking = (await support.locator(".delivery code, .delivery dd").first().textContent())!.trim();
    await support.goto(`${shopUrl}/sandbox/carrier`);
    const parcel = support.locator("article", { hasText: tracking });
    const label = await parcel.locator("pre").textContent();
    expect(label).toContain("Wang Fang");
    expect(label).not.toMatch(/CN¥|fang@example\.com|invoice|Mei/i);
    for (const [status, place] of [["Picked up", "Hangzhou"], ["In transit", "Hangzhou sorting centre"], ["Delivered", "Xihu District"]] as const) {
      await parcel.getByLabel("Location").fill(place);
      await submitForm(support, () => parcel.getByRole("button", { name: status, exact: true }).click());
    }

    // Mei sees the timeline, confirms receipt, and her level rises.
    await mei.goto(`${shopUrl}/orders/${number}`);
    const timeline = (await mei.locator(".delivery").textContent())!;
    for (const status of ["Picked up", "In transit", "Delivered", "Hangzhou sorting centre"]) expect(timeline).toContain(status);
    await submitForm(mei, () => mei.getByRole("button", { name: "I received it" }).click());
    await expect(mei.locator(".status").first().textContent()).resolves.toBe("Completed");
    await mei.goto(`${shopUrl}/account#orders`);
    const level = (await mei.locator(".level-panel").textContent())!;
    expect(level).not.toContain("Member");
    expect(level).toMatch(/Silver|Gold|Platinum/);
  });
});
