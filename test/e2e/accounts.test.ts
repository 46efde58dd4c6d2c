import { describe, expect, inject, it } from "vitest";
import { demoMembers } from "../../db/seed/seed-members.ts";
import { productScene, renderScene } from "../../db/seed/product-image.ts";
import { desktop, newPhone, randomDigits, registrationCode, signInWithPassword, submitForm, useBrowser } from "./browser.ts";

const shopUrl = inject("shopUrl");
const showPath = "/live/spring-tea-tasting";
const session = useBrowser();

const shopper = demoMembers.find((member) => member.role === "shopper")!;
const host = demoMembers.find((member) => member.role === "host")!;

/** A small square PNG, drawn like the shop's product pictures. */
async function avatarPng(): Promise<Buffer> {
  const png = await renderScene(productScene({ width: 96, height: 96, shape: "mug", hue: 200, backgroundHue: 40, variant: 0 }));
  return Buffer.from(png);
}

describe("accounts in the browser", () => {
  it("a new shopper registers with the code from the dev inbox, signs out and back in, and uploads an avatar they then see on the account page", async () => {
    const context = await session.browser.newContext(desktop);
    const page = await context.newPage();
    const phone = newPhone();
    const nickname = `Tea fan ${randomDigits(4)}`;
    const password = "paper-crane-over-the-quiet-river";

    await page.goto(`${shopUrl}/register`);
    await expect(page.locator("#phone-country").inputValue()).resolves.toBe("CN");
    await page.fill("#phone", phone.national);
    await page.fill("#nickname", nickname);
    await page.selectOption("#birthYear", "1990");
    await page.selectOption("#birthMonth", "06");
    // The toggle appears once the password island has hydrated; typing after that keeps the value.
    const toggle = page.getByRole("button", { name: "Show password" });
    await toggle.waitFor({ state: "visible" });
    await page.fill("#password", password);
    await expect(page.locator("#password").getAttribute("type")).resolves.toBe("password");
    await toggle.click();
    await expect(page.locator("#password").getAttribute("type")).resolves.toBe("text");
    await page.getByRole("button", { name: "Hide password" }).click();
    await expect(page.locator("#password").getAttribute("type")).resolves.toBe("password");
    await expect(page.locator("#password").inputValue()).resolves.toBe(password);
    await page.getByLabel(/I have read and agree to the privacy policy \(version \d+\)/).check();
    await submitForm(page, () => page.getByRole("button", { name: "Send me a code" }).click());

    expect(new URL(page.url()).pathname).toBe("/register/verify");
    expect(new URL(page.url()).searchParams.get("challenge")).toMatch(/^otp_/);
    await expect(page.locator(".auth [role=status]").textContent()).resolves.toContain(`We sent a six-digit code to +86 ••• •••• ${phone.e164.slice(-4)}`);
    await page.getByLabel("Six-digit code").fill(await registrationCode(context, shopUrl, phone.e164));
    await submitForm(page, () => page.getByRole("button", { name: "Confirm" }).click());

    expect(page.url()).toBe(`${shopUrl}/account?welcome=1`);
    await expect(page.locator(".account").textContent()).resolves.toContain(`Welcome, ${nickname}!`);
    await expect(page.locator(".site-nav__member").textContent()).resolves.toContain(nickname);

    await submitForm(page, () => page.getByRole("button", { name: "Sign out" }).last().click());
    expect(page.url()).toBe(`${shopUrl}/`);
    await expect(page.locator(".site-nav__member").count()).resolves.toBe(0);

    // The account page is for members: a guest is sent to sign in and brought back.
    await page.goto(`${shopUrl}/account`);
    expect(page.url()).toBe(`${shopUrl}/sign-in?next=%2Faccount`);
    await signInWithPassword(page, phone.national, password);
    expect(page.url()).toBe(`${shopUrl}/account`);
    const profilePicture = page.locator("img.avatar.avatar--large");
    await expect(profilePicture.getAttribute("src")).resolves.toMatch(/^\/media\/avatars\/[^/]+\.svg$/);

    await page.setInputFiles("#avatar-input", { name: "me.png", mimeType: "image/png", buffer: await avatarPng() });
    await submitForm(page, () => page.getByRole("button", { name: "Upload picture" }).click());
    expect(page.url()).toBe(`${shopUrl}/account?saved=avatar#avatar`);
    await expect(page.locator("#avatar").getByRole("status").textContent()).resolves.toBe("Saved.");
    const src = await profilePicture.getAttribute("src");
    expect(src).toMatch(/^\/media\/avatars\/[^/]+\.webp$/);
    await expect(profilePicture.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).resolves.toBeGreaterThan(0);
    await expect(page.locator(".site-nav__member img.avatar").getAttribute("src")).resolves.toBe(src);

    await page.screenshot({ path: "/tmp/account-e2e.png", fullPage: true });
    await context.close();
  });

  it("a guest who wants to chat is sent to sign in and comes back to the live show", async () => {
    const context = await session.browser.newContext({ ...desktop, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${shopUrl}${showPath}`);
    const signInToChat = page.getByRole("link", { name: "Sign in to chat" });
    await expect(signInToChat.getAttribute("href")).resolves.toBe(`/sign-in?next=${encodeURIComponent(showPath)}`);
    await signInToChat.click();
    await page.waitForURL(/\/sign-in\?/);

    await signInWithPassword(page, shopper.national, shopper.password);
    expect(page.url()).toBe(`${shopUrl}${showPath}`);
    await expect(page.locator("main").textContent()).resolves.toContain(`You chat as ${shopper.nickname}`);
    await expect(page.locator(".site-nav__member").textContent()).resolves.toContain(shopper.nickname);
    await context.close();
  });

  it("sign-in errors keep what was typed and are announced", async () => {
    const context = await session.browser.newContext({ ...desktop, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${shopUrl}/sign-in`);
    await signInWithPassword(page, host.national, "not-the-right-password-at-all");

    expect(new URL(page.url()).pathname).toBe("/sign-in");
    const summary = page.getByRole("alert");
    await expect(summary.count()).resolves.toBe(1);
    await expect(summary.textContent()).resolves.toContain("The phone number or the password is not right.");
    await expect(page.locator("#phone").inputValue()).resolves.toBe(host.national);
    await expect(page.locator("#password").inputValue()).resolves.toBe("");
    await expect(page.locator(".site-nav__member").count()).resolves.toBe(0);
    await context.close();
  });
});
