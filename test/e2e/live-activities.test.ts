import axe from "axe-core";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { demoMembers } from "../../db/seed/seed-members.ts";
import { desktop, signInWithPassword, useBrowser } from "./browser.ts";

const shopUrl = inject("shopUrl");
const showPath = "/live/spring-tea-tasting";
const session = useBrowser();
/** bypassCSP only lets the test inject axe; the pages themselves are unchanged. */
const options = { ...desktop, bypassCSP: true };

/** axe-core's WCAG 2.1 A/AA violations on the page as it is now (rule ids and targets). */
async function violations(page: Page) {
  await page.evaluate(axe.source);
  return page.evaluate(async () => {
    const results = await (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return results.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target) }));
  });
}

/** A demo member signed in, with the show's room connected: the host in the console, others on the show page. */
async function arrive(role: "shopper" | "host") {
  const member = demoMembers.find((demo) => demo.role === role)!;
  const context = await session.browser.newContext(options);
  const page = await context.newPage();
  const path = role === "host" ? "/host/shows/spring-tea-tasting" : showPath;
  await page.goto(`${shopUrl}/sign-in?next=${encodeURIComponent(path)}`);
  await signInWithPassword(page, member.national, member.password);
  await page.locator(".room-activities[data-status=open]").waitFor({ timeout: 15_000 });
  return { page, context };
}

describe("polls and giveaways on the live show page", () => {
  it("lets the host run a poll and a giveaway; a member votes, enters, and verifies the draw in the browser", async () => {
    const lin = await arrive("host");
    const mei = await arrive("shopper");
    const guestContext = await session.browser.newContext(options);
    const guest = await guestContext.newPage();
    await guest.goto(`${shopUrl}${showPath}`);
    await guest.locator(".room-activities[data-status=open]").waitFor({ timeout: 15_000 });
    // Only the host has the controls.
    await lin.page.locator(".activity-controls[data-status=open]").waitFor({ timeout: 15_000 });
    await expect(mei.page.locator(".activity-controls").count()).resolves.toBe(0);

    // The host runs a poll, from the keyboard-usable form.
    await lin.page.getByLabel("Question").fill("Which tea should I brew next?");
    await lin.page.getByLabel("Option 1").fill("Oolong");
    await lin.page.getByLabel("Option 2").fill("Longjing");
    await lin.page.getByRole("button", { name: "Start the poll" }).click();

    const poll = mei.page.locator(".activity", { hasText: "Which tea should I brew next?" });
    await poll.waitFor({ timeout: 10_000 });
    const oolong = poll.getByRole("button", { name: "Oolong" });
    await oolong.click();
    await expect(oolong.getAttribute("aria-pressed")).resolves.toBe("true");
    // Totals reach everyone; the guest sees them but has nothing to press.
    await lin.page.locator(".poll__option", { hasText: "Oolong" }).getByText("1 vote · 100%").waitFor({ timeout: 10_000 });
    await guest.locator(".poll__option", { hasText: "Oolong" }).getByText("1 vote · 100%").waitFor({ timeout: 10_000 });
    await expect(guest.locator(".poll").getByRole("button").count()).resolves.toBe(0);

    await lin.page.getByRole("button", { name: "Close the poll now" }).click();
    await poll.getByText("final results").waitFor({ timeout: 10_000 });
    await expect(mei.page.locator(".room-activities [role=status]").textContent()).resolves.toBe("Poll closed. Most votes: Oolong.");

    // The host opens a giveaway; its commitment is on the page from the start.
    await lin.page.getByLabel("Prize").fill("A tin of Longjing");
    await lin.page.getByLabel("Entries open for (seconds, 10–600)").fill("10");
    await lin.page.getByRole("button", { name: "Open the giveaway" }).click();
    const giveaway = mei.page.locator(".activity", { hasText: "Giveaway: A tin of Longjing" });
    await giveaway.waitFor({ timeout: 10_000 });
    const commitment = (await giveaway.locator(".activity__facts code").first().textContent())!;
    expect(commitment).toMatch(/^[0-9a-f]{64}$/);
    await expect(guest.getByRole("button", { name: "Enter the giveaway" }).count()).resolves.toBe(0);

    await giveaway.getByRole("button", { name: "Enter the giveaway" }).click();
    await giveaway.getByText("You're in the draw.").waitFor({ timeout: 10_000 });
    await lin.page.locator(".activity-controls").getByText(/1 entered/).waitFor({ timeout: 10_000 });

    await lin.page.getByRole("button", { name: "Close entries" }).click();
    await giveaway.getByText("Entries are closed").waitFor({ timeout: 10_000 });
    await lin.page.getByRole("button", { name: "Draw the winner" }).click();
    // The draw waits for the beacon round after the scheduled end of entries (10 s after opening).
    await giveaway.getByText("The winner is Mei.").waitFor({ timeout: 30_000 });
    await guest.locator(".activity__winner").getByText("The winner is Mei.").waitFor({ timeout: 10_000 });

    await giveaway.getByRole("button", { name: "Verify the draw" }).click();
    await giveaway.locator(".activity__verdict--ok").getByText("Verified in your browser: the published proof leads to Mei.").waitFor({ timeout: 10_000 });
    // The revealed proof keeps the commitment shown when entries opened.
    await giveaway.locator(".activity__proof summary").click();
    await expect(giveaway.locator(".activity__facts code").first().textContent()).resolves.toBe(commitment);

    // Accessible in the state with the most on it: final results, the winner, the verdict, the proof open; and the host's controls.
    expect(await violations(mei.page)).toEqual([]);
    expect(await violations(lin.page)).toEqual([]);

    await Promise.all([lin.context.close(), mei.context.close(), guestContext.close()]);
  });
});
