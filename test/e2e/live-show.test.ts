import { describe, expect, inject, it } from "vitest";
import { seedShows } from "../../db/seed/catalog-data.ts";
import { demoMembers } from "../../db/seed/seed-members.ts";
import { notifyRoom } from "../../worker/features/live/room-events.ts";
import { stableId } from "../../worker/lib/ids.ts";
import { desktop, signInWithPassword, useBrowser } from "./browser.ts";

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

  it("lets two members chat and see each other's nicknames and avatars, and like the show", async () => {
    const join = async (role: "shopper" | "host") => {
      const member = demoMembers.find((demo) => demo.role === role)!;
      const context = await session.browser.newContext(desktop);
      const page = await context.newPage();
      await page.goto(`${shopUrl}/sign-in?next=${encodeURIComponent("/live/spring-tea-tasting")}`);
      await signInWithPassword(page, member.national, member.password);
      await page.locator("#chat-message:not([disabled])").waitFor({ timeout: 15_000 });
      return { page, context };
    };
    const mei = await join("shopper");
    const lin = await join("host");
    await mei.page.fill("#chat-message", "Is this year's oolong roasted darker?");
    await mei.page.press("#chat-message", "Enter");
    const line = lin.page.locator(".live-chat__line", { hasText: "Is this year's oolong roasted darker?" });
    await line.waitFor({ timeout: 10_000 });
    await expect(line.locator(".live-chat__name").textContent()).resolves.toBe("Mei");
    await expect(line.locator("img.avatar").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).resolves.toBe(true);

    await lin.page.fill("#chat-message", "A little darker, yes.");
    await lin.page.press("#chat-message", "Enter");
    const answer = mei.page.locator(".live-chat__line", { hasText: "A little darker, yes." });
    await answer.waitFor({ timeout: 10_000 });
    await expect(answer.textContent()).resolves.toContain("Master Lin");
    await expect(answer.textContent()).resolves.toContain("Host");

    for (let i = 0; i < 3; i++) await mei.page.getByRole("button", { name: "Like" }).click();
    await lin.page.locator(".live-chat__likes").getByText("3 likes").waitFor({ timeout: 10_000 });

    // The host pins a product: it comes first and is marked for the viewer at once.
    const product = lin.page.locator(".show-product").nth(2);
    const title = (await product.locator("a").textContent())!.trim();
    await product.getByRole("button", { name: "Pin" }).click();
    const first = mei.page.locator(".show-product").first();
    await first.locator(".badge", { hasText: "Pinned" }).waitFor({ timeout: 10_000 });
    await expect(first.locator("a").textContent()).resolves.toBe(title);
    await expect(mei.page.getByRole("button", { name: "Pin" }).count()).resolves.toBe(0);

    // A paid order from the show (here the worker's signed call, as checkout will make it) is announced.
    const show = seedShows.find((candidate) => candidate.slug === "spring-tea-tasting")!;
    const bought = await stableId("prd", show.productSlugs[0]!);
    await notifyRoom({ PARTY_URL: inject("roomsUrl"), ROOM_SERVER_SECRET: inject("roomServerSecret") }, await stableId("shw", show.slug), {
      type: "purchase",
      name: "Mei",
      product: bought,
    });
    await lin.page.locator(".live-chat__bought").getByText(/^Mei just bought /).waitFor({ timeout: 10_000 });

    // The host can remove a line; it disappears for everyone.
    await lin.page.locator(".live-chat__line", { hasText: "Is this year's oolong" }).getByRole("button", { name: "Remove" }).click();
    await mei.page.locator(".live-chat__line", { hasText: "Is this year's oolong" }).waitFor({ state: "detached", timeout: 10_000 });
    await Promise.all([mei.context.close(), lin.context.close()]);
  });

  it("without JavaScript, says why there is no count and still lists the show's products", async () => {
    const context = await session.browser.newContext({ ...desktop, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(showUrl);
    await expect(page.locator(".noscript-note").first().isVisible()).resolves.toBe(true);
    await expect(page.locator(".live-chat").textContent()).resolves.toContain("Turn on JavaScript to read and join the chat.");
    await expect(page.locator(".viewer-counter").isVisible()).resolves.toBe(false);
    expect(await page.locator(".show-product").count()).toBeGreaterThan(0);
    await context.close();
  });
});
