import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { demoMembers } from "../../db/seed/seed-members.ts";
import { notifyRoom } from "../../worker/features/live/room-events.ts";
import { desktop, signInWithPassword, submitForm, useBrowser } from "./browser.ts";

const shopUrl = inject("shopUrl");
const session = useBrowser();

async function signedIn(role: "shopper" | "host" | "staff", next: string): Promise<Page> {
  const member = demoMembers.find((demo) => demo.role === role)!;
  const context = await session.browser.newContext(desktop);
  const page = await context.newPage();
  await page.goto(`${shopUrl}/sign-in?next=${encodeURIComponent(next)}`);
  await signInWithPassword(page, member.national, member.password);
  return page;
}

/** The sale card's countdown in seconds, as the page shows it ("Ends in 1:58"). */
async function countdownSeconds(page: Page): Promise<number> {
  const text = (await page.locator(".flash-sale__countdown").textContent()) ?? "";
  const [, minutes = "0", seconds = "0"] = /(\d+):(\d{2})/.exec(text) ?? [];
  return Number(minutes) * 60 + Number(seconds);
}

describe("selling in a live show", () => {
  it("a host schedules a show, goes live, pins and starts a flash sale; a member buys it while another watches the stock fall; the host sees the figures and, after the end, the summary and replay", async () => {
    const lin = await signedIn("host", "/host");
    // Schedule a show with three products, then go live.
    await lin.fill("#titleEn", "Evening oolong flash sale");
    await lin.fill("#descriptionEn", "Three teas, one flash sale.");
    for (let i = 0; i < 3; i++) await lin.locator('input[name="products"]').nth(i).check();
    await submitForm(lin, () => lin.getByRole("button", { name: "Schedule show" }).click());
    expect(lin.url()).toMatch(/\/host\/shows\/evening-oolong-flash-sale-[0-9a-z]{6}$/);
    const slug = lin.url().split("/").at(-1)!;
    await submitForm(lin, () => lin.getByRole("button", { name: "Go live" }).click());
    await lin.locator(".stat[data-stat=viewers] dd").getByText("1").waitFor({ timeout: 15_000 });

    // Two members join the show.
    const mei = await signedIn("shopper", `/live/${slug}`);
    const support = await signedIn("staff", `/live/${slug}`);
    await mei.locator(".viewer-counter").getByText("3 watching").waitFor({ timeout: 15_000 });

    // The host pins the second product; then starts a flash sale on the first (pinned first by the room).
    const pinned = lin.locator(".show-product").nth(1);
    const pinnedTitle = (await pinned.locator("a").textContent())!.trim();
    await pinned.getByRole("button", { name: "Pin" }).click();
    await mei.locator(".show-product").first().locator(".badge", { hasText: "Pinned" }).waitFor({ timeout: 10_000 });
    await expect(mei.locator(".show-product").first().locator("a").textContent()).resolves.toBe(pinnedTitle);

    const saleProduct = await lin.locator("#sale-product").inputValue();
    await lin.fill("#sale-price", "9.90");
    await lin.fill("#sale-quantity", "5");
    await lin.fill("#sale-seconds", "90");
    await submitForm(lin, () => lin.getByRole("button", { name: "Start flash sale" }).click());
    const sale = mei.locator(".flash-sale");
    await sale.waitFor({ timeout: 10_000 });
    await expect(sale.textContent()).resolves.toContain("5 of 5 left");
    await expect(support.locator(".flash-sale").textContent()).resolves.toContain("CN¥9.90");
    // The countdown runs on the room's clock and goes down.
    const before = await countdownSeconds(mei);
    expect(before).toBeGreaterThan(80);
    expect(before).toBeLessThanOrEqual(90);
    await mei.waitForTimeout(2_100);
    expect(await countdownSeconds(mei)).toBeLessThan(before);

    // Mei buys; the unit is held at the flash price and everyone sees the stock fall.
    await submitForm(mei, () => mei.getByRole("button", { name: "Buy at CN¥9.90" }).click());
    await expect(mei.locator(".notice").textContent()).resolves.toMatch(/is held for you at CN¥9\.90 until/);
    await support.locator(".flash-sale").getByText("4 of 5 left").waitFor({ timeout: 10_000 });

    // Payment arrives (the worker's signed call, as checkout will make it): the room announces it and the host's figures count it.
    const showId = await lin.locator("shop-island[data-island=host-stats]").evaluate((island) => JSON.parse(island.getAttribute("data-props")!).room as string);
    await notifyRoom({ PARTY_URL: inject("roomsUrl"), ROOM_SERVER_SECRET: inject("roomServerSecret") }, showId, {
      type: "purchase",
      name: "Mei",
      product: saleProduct,
      amountMinor: 990,
    });
    await support.locator(".live-chat__bought").getByText(/^Mei just bought /).waitFor({ timeout: 10_000 });
    await lin.locator(".stat[data-stat=orders] dd").getByText("1").waitFor({ timeout: 10_000 });
    await expect(lin.locator(".stat[data-stat=revenue] dd").textContent()).resolves.toBe("CN¥9.90");

    // Support chats; the host ends the show; the summary and replay come from what the room kept.
    await support.fill("#chat-message", "Great price on that one!");
    await support.press("#chat-message", "Enter");
    await lin.locator(".live-chat__line", { hasText: "Great price on that one!" }).waitFor({ timeout: 10_000 });
    await lin.locator(".stat[data-stat=messages] dd").getByText("1").waitFor({ timeout: 10_000 });
    // The host blocks a word from the console's chat rules: the room refuses it from then on.
    await lin.fill("#blocked-words", "knock-off");
    await lin.getByRole("button", { name: "Save rules" }).click();
    await lin.locator(".room-rules").getByText("Saved.").waitFor();
    await lin.waitForTimeout(500);
    await support.fill("#chat-message", "Is it a knock-off?");
    await support.press("#chat-message", "Enter");
    await support.locator(".chat-panel").getByText("That message contains a word this show does not allow.").waitFor({ timeout: 10_000 });
    await submitForm(lin, () => lin.getByRole("button", { name: "End the show" }).click());
    expect(lin.url()).toBe(`${shopUrl}/host/shows/${slug}/summary`);
    await expect
      .poll(
        async () => {
          await lin.reload();
          return lin.locator(".stat-grid").textContent();
        },
        { timeout: 20_000, interval: 1_000 },
      )
      .toMatch(/Peak viewers\s*3.*Unique viewers\s*3.*Messages\s*1.*Orders\s*1.*Revenue\s*CN¥9\.90/s);

    await mei.goto(`${shopUrl}/live/${slug}`);
    const replay = mei.locator(".replay__list");
    await expect(replay.textContent()).resolves.toContain("Great price on that one!");
    await expect(replay.textContent()).resolves.toContain(`Pinned: ${pinnedTitle}`);
    await expect(replay.textContent()).resolves.toMatch(/Flash sale: .+ at CN¥9\.90 \(5 units\)/);
    // Playing the replay starts from the beginning: the chat line said late in the show is hidden at first.
    await mei.getByRole("button", { name: "Play the show" }).click();
    await mei.locator(".replay__entry", { hasText: "Great price on that one!" }).waitFor({ state: "hidden", timeout: 5_000 });
    await expect(mei.locator(".replay__controls output").textContent()).resolves.toMatch(/^00:0\d \/ /);
    await Promise.all([lin.context().close(), mei.context().close(), support.context().close()]);
  }, 150_000);
});
