import { describe, expect, inject, it } from "vitest";
import { desktop, inboxMessage, newPhone, randomDigits, registerMember, submitForm, useBrowser } from "./browser.ts";

const shopUrl = inject("shopUrl");
const session = useBrowser();
const password = "paper-boat-drifting-on-the-lake";

describe("members' rights in the browser", () => {
  it("a member asks for a copy of their data, reads the archive's index, then closes the account and keeps it after all", async () => {
    const page = await (await session.browser.newContext(desktop)).newPage();
    const nickname = `Archivist ${randomDigits(4)}`;
    const phone = newPhone();
    await registerMember(page, shopUrl, { phone, nickname, password, born: { year: "1988", month: "03" } });
    expect(new URL(page.url()).pathname).toBe("/account");

    // From the privacy centre to the export page; the queue job prepares the copy in the background.
    await page.goto(`${shopUrl}/account/privacy`);
    await page.getByRole("link", { name: /copy of (your|my) data/i }).first().click();
    await page.waitForURL(/\/account\/export/);
    await submitForm(page, () => page.getByRole("button", { name: "Ask for a copy of my data" }).click());
    const view = page.getByRole("link", { name: "Read it in the browser" }).first();
    for (let attempt = 0; attempt < 60 && (await view.count()) === 0; attempt++) {
      await page.waitForTimeout(500);
      await page.reload();
    }
    await expect(page.getByRole("link", { name: "Download (ZIP)" }).first().isVisible()).resolves.toBe(true);
    await view.click();
    await page.waitForURL(/\/index\.html$/);
    const index = (await page.locator("body").textContent())!;
    expect(index).toContain("Your data at Lantern");
    expect(index).toContain(nickname);
    expect(index).toContain(phone.e164);
    // The member is told through the outbox too (with a plain path, no link that works by itself).
    const notice = await inboxMessage(page.context(), shopUrl, phone.e164, /\/account\/export/);
    expect(notice[0]).toBe("/account/export");

    // Closing the account: signed in moments ago, so no password is asked; erasure is 7 days away.
    await page.goto(`${shopUrl}/account/close`);
    await expect(page.locator("main").textContent()).resolves.toContain("What is kept, and why");
    await submitForm(page, () => page.getByRole("button", { name: /Close my account in 7 days/ }).click());
    await page.goto(`${shopUrl}/account`);
    await expect(page.locator("main").textContent()).resolves.toContain("Your account will be closed and erased on");
    await submitForm(page, () => page.getByRole("button", { name: "Keep my account" }).click());
    await expect(page.locator("main").textContent()).resolves.toContain("Your account stays open. Nothing was erased.");
  });

  it("a 12-year-old registers, can only browse, and can shop once a guardian approves through the text message's link and code", async () => {
    const child = await (await session.browser.newContext(desktop)).newPage();
    const born = new Date(Date.now() - 12 * 365.25 * 86_400_000);
    await registerMember(child, shopUrl, {
      phone: newPhone(),
      nickname: `Young reader ${randomDigits(4)}`,
      password,
      born: { year: String(born.getUTCFullYear()), month: String(born.getUTCMonth() + 1).padStart(2, "0") },
    });
    expect(new URL(child.url()).pathname).toBe("/account/guardian");
    await expect(child.locator("main").textContent()).resolves.toContain("a parent or guardian needs to agree");

    const guardianPhone = newPhone();
    await child.fill("#guardianPhone", guardianPhone.national);
    await submitForm(child, () => child.getByRole("button", { name: "Send the request" }).click());
    // Until then the cart is out of reach, while the shop itself can be browsed.
    const refused = await child.goto(`${shopUrl}/cart`);
    expect(refused?.status()).toBe(403);
    expect((await child.goto(`${shopUrl}/c/fashion`))?.status()).toBe(200);

    // The guardian reads the policy on their own device and agrees with the code from the text message.
    const sms = await inboxMessage(child.context(), shopUrl, guardianPhone.e164, /(\d{6}) is your code[\s\S]*?(\S*\/guardian\/[A-Za-z0-9_-]+)/);
    const guardian = await (await session.browser.newContext(desktop)).newPage();
    await guardian.goto(new URL(sms[2]!, shopUrl).href);
    await expect(guardian.locator("main").textContent()).resolves.toContain("asks for your consent");
    await expect(guardian.locator("main").textContent()).resolves.toMatch(/privacy policy \(version \d+\)/i);
    await guardian.getByLabel(/code/i).first().fill(sms[1]!);
    await submitForm(guardian, () => guardian.getByRole("button", { name: "I agree", exact: true }).click());
    await expect(guardian.locator("main").textContent()).resolves.toContain("You agreed on");

    // Now the child can use the cart.
    const cart = await child.goto(`${shopUrl}/cart`);
    expect(cart?.status()).toBe(200);
    await child.goto(`${shopUrl}/account/guardian`);
    await expect(child.locator("main").textContent()).resolves.toContain("Your parent or guardian agreed");
  });
});
