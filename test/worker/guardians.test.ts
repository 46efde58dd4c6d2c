import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { policyDrafts } from "../../db/policy/index.ts";
import { roomTicket } from "../../party/protocol.ts";
import { remindCarts } from "../../worker/features/cart/reminders.ts";
import { verifyToken } from "../../worker/lib/signed-token.ts";
import { codeFor, register, seedDemoShop, textOf, Visitor } from "./support.ts";

beforeAll(async () => {
  await seedDemoShop();
});

let nextPhone = 13755550000;
/** A fresh, valid China mobile number (national form, as typed) and its E.164 form. */
const freshPhone = () => {
  const national = String(nextPhone++);
  return { national, e164: `+86${national}` };
};
const password = "paper boats on the winter river";
const thisYear = new Date().getUTCFullYear();
/** Twelve years old or just under: a minor under the default age of consent (14). */
const twelveYearOld = `${thisYear - 12}-01`;
const currentPolicy = policyDrafts.at(-1)!.version;

const row = <T>(query: string, ...params: unknown[]) => env.DB.prepare(query).bind(...params).first<T>();
const count = async (query: string, ...params: unknown[]) => (await row<{ n: number }>(query, ...params))!.n;
const memberRow = (nickname: string) =>
  row<{ id: string; birth_month: string | null; guardian: string }>("SELECT id, birth_month, guardian FROM members WHERE nickname = ?", nickname);
const requests = async (memberId: string) =>
  (
    await env.DB.prepare("SELECT * FROM guardian_consents WHERE member_id = ? ORDER BY created_at").bind(memberId).all<{
      id: string;
      status: string;
      guardian_phone_enc: string;
      guardian_phone_hash: string;
      token_hash: string;
      policy_version: number | null;
      policy_hash: string | null;
      decided_at: number | null;
      expires_at: number;
    }>()
  ).results;

/** A product in stock the test can put in a cart. */
async function product(price?: number) {
  const picked = (await row<{ id: string; slug: string; price: number }>(
    "SELECT id, slug, price_minor AS price FROM products WHERE stock > 0 ORDER BY id LIMIT 1 OFFSET ?",
    Math.floor(Math.random() * 20),
  ))!;
  if (price) await env.DB.prepare("UPDATE products SET price_minor = ?, stock = 50 WHERE id = ?").bind(price, picked.id).run();
  return { ...picked, price: price ?? picked.price };
}

/** Registers a minor through the forms; they land on the guardian step. */
async function registerMinor(nickname: string) {
  const visitor = new Visitor({ country: "CN" });
  const phone = freshPhone();
  const done = await register(visitor, { phone: phone.national, nickname, password, birthMonth: twelveYearOld });
  expect(done.status).toBe(303);
  expect(done.headers.get("location")).toBe("/account/guardian?welcome=1");
  const member = (await memberRow(nickname))!;
  return { visitor, phone, id: member.id };
}

/** The member asks a guardian; returns the guardian's link (path) and code, read from the text they got. */
async function askGuardian(visitor: Visitor, guardian: { national: string; e164: string }) {
  const asked = await visitor.post("/account/guardian", { country: "CN", phone: guardian.national });
  expect(asked.status).toBe(303);
  expect(asked.headers.get("location")).toBe("/account/guardian?sent=1");
  const text = await codeFor(guardian.e164, { containing: "asked for your consent" });
  const link = text.match(/https:\/\/shop\.test(\/guardian\/[A-Za-z0-9_-]{43})/)![1]!;
  const code = text.match(/\b(\d{6})\b/)![1]!;
  return { text, link, code };
}

const json = { Accept: "application/json", Origin: "https://shop.test" };
const ticketOf = async (visitor: Visitor) => {
  const response = await visitor.request("/api/live/spring-tea-tasting/ticket", { method: "POST", headers: json });
  expect(response.status).toBe(200);
  const { ticket } = (await response.json()) as { ticket: string };
  return (await verifyToken(env.ROOM_TICKET_SECRET, ticket, roomTicket))!;
};

describe("year and month of birth at registration", () => {
  it("registers an adult as before, keeping only the year and month of birth", async () => {
    const visitor = new Visitor({ country: "CN" });
    const form = textOf(await (await visitor.get("/register")).text());
    expect(form).toContain("Year and month of birth");
    expect(form).toContain("We keep only the year and month. Under 14, a parent or guardian must agree");

    const done = await register(visitor, { phone: freshPhone().national, nickname: "Grown Up Gu", password, birthMonth: "1991-11" });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("/account?welcome=1");
    expect(await memberRow("Grown Up Gu")).toMatchObject({ birth_month: "1991-11", guardian: "not_needed" });
    const account = textOf(await (await visitor.get("/account")).text());
    expect(account).not.toContain("Guardian consent");
  });

  it("refuses a month that has not come yet or none at all, keeping what was typed and writing nothing", async () => {
    const visitor = new Visitor({ country: "CN" });
    const before = await count("SELECT count(*) AS n FROM one_time_codes");
    const future = await register(visitor, { phone: freshPhone().national, nickname: "Time Traveller", password, birthMonth: `${thisYear + 1}-03` }, { stopAt: "form" });
    expect(future.status).toBe(422);
    const html = await future.text();
    expect(textOf(html)).toContain("That month has not come yet.");
    expect(html).toContain('value="Time Traveller"');
    expect(html).toMatch(new RegExp(`<option value="03" selected`));

    const none = await register(visitor, { phone: freshPhone().national, nickname: "No Birthday", password, birthMonth: "" }, { stopAt: "form" });
    expect(none.status).toBe(422);
    expect(textOf(await none.text())).toContain("Choose the year and month you were born.");

    const ancient = await register(visitor, { phone: freshPhone().national, nickname: "Old Timer", password, birthMonth: "1850-01" }, { stopAt: "form" });
    expect(ancient.status).toBe(422);
    expect(textOf(await ancient.text())).toContain("more than 120 years ago");
    expect(await count("SELECT count(*) AS n FROM one_time_codes")).toBe(before);
  });
});

describe("a minor's account", () => {
  it("is limited to browsing until a guardian approves with the code, then works in full", async () => {
    const { visitor, phone, id } = await registerMinor("Little Lamp");
    expect(await memberRow("Little Lamp")).toMatchObject({ birth_month: twelveYearOld, guardian: "pending" });
    const welcome = textOf(await (await visitor.get("/account/guardian?welcome=1")).text());
    expect(welcome).toContain("Ask a parent or guardian");
    expect(welcome).toContain("You are under 14");

    // Browsing and searching work.
    const cup = await product();
    expect((await visitor.get("/")).status).toBe(200);
    expect((await visitor.get("/search?q=mug")).status).toBe(200);
    expect((await visitor.get(`/p/${cup.slug}`)).status).toBe(200);

    // The cart, checkout and the cart island are refused, with the way forward.
    const add = await visitor.post("/cart/items", { productId: cup.id, quantity: "1" });
    expect(add.status).toBe(403);
    const limited = textOf(await add.text());
    expect(limited).toContain("Ask a parent or guardian");
    expect(limited).toContain("Your parent's or guardian's mobile number");
    expect((await visitor.get("/cart")).status).toBe(403);
    expect((await visitor.get("/checkout")).status).toBe(403);
    expect((await visitor.post("/checkout", { intent: "place" })).status).toBe(403);
    const island = await visitor.request("/api/cart/items", { method: "POST", headers: { ...json, "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ productId: cup.id, quantity: "1" }) });
    expect(island.status).toBe(403);
    expect(await island.json()).toMatchObject({ error: "guardian_consent_needed" });
    expect(await count("SELECT count(*) AS n FROM cart_items WHERE member_id = ?", id)).toBe(0);
    // Nor do they give the shop more about themselves (an email, a picture) before the guardian agrees.
    expect((await visitor.post("/account/email", { email: "lamp@example.com" })).status).toBe(403);
    expect(await count("SELECT count(*) AS n FROM members WHERE id = ? AND email_enc IS NOT NULL", id)).toBe(0);

    // Live shows: watching, but a ticket without a name or a right to chat; nothing goes into the history.
    const watching = await ticketOf(visitor);
    expect(watching.role).toBe("viewer");
    expect(watching.name).toBeUndefined();
    expect(watching.sub).toMatch(/^vwr_[0-9a-f]{16}$/);
    expect((await ticketOf(visitor)).sub).toBe(watching.sub);

    // Their own number is not a guardian's.
    const own = await visitor.post("/account/guardian", { country: "CN", phone: phone.national });
    expect(own.status).toBe(422);
    const ownPage = await own.text();
    expect(textOf(ownPage)).toContain("This is your own number.");
    expect(ownPage).toContain(`value="${phone.national}"`);
    expect(await requests(id)).toHaveLength(0);

    // The guardian gets a code and a link by text message.
    const guardian = freshPhone();
    const { text, link, code } = await askGuardian(visitor, guardian);
    expect(text).toContain("“Little Lamp” asked for your consent");
    expect(text).not.toContain(phone.national);
    const waiting = textOf(await (await visitor.get("/account/guardian")).text());
    expect(waiting).toContain("Waiting for your guardian's consent");
    expect(waiting).toContain(`+86 ••• •••• ${guardian.national.slice(-4)}`);
    const [pending] = await requests(id);
    expect(pending).toMatchObject({ status: "pending", policy_version: null, decided_at: null });
    expect(pending!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(pending)).not.toContain(guardian.national);
    expect(pending!.expires_at - Date.now()).toBeGreaterThan(6.9 * 86_400_000);

    // The guardian, not signed in, reads who asks and the policy in force.
    const parent = new Visitor({ country: "CN" });
    const opened = await parent.get(link);
    expect(opened.status).toBe(200);
    expect(opened.headers.get("Cache-Control")).toContain("no-store");
    const page = await opened.text();
    expect(textOf(page)).toContain("Little Lamp asks for your consent");
    expect(textOf(page)).toContain(`Our privacy policy (version ${currentPolicy})`);
    expect(page).toContain(`href="/privacy/v/${currentPolicy}"`);
    expect(textOf(page)).not.toContain(phone.national.slice(-4));
    const fields = Visitor.formFields(page, link);

    // A wrong code changes nothing.
    const wrongCode = code === "000000" ? "111111" : "000000";
    const wrong = await parent.post(link, { ...fields, code: wrongCode, decision: "approved" });
    expect(wrong.status).toBe(422);
    expect(textOf(await wrong.text())).toContain("That code is not right.");
    expect((await requests(id))[0]!.status).toBe("pending");
    expect((await memberRow("Little Lamp"))!.guardian).toBe("pending");

    // Watching while limited left no history (the tickets were issued many requests ago).
    expect(await count("SELECT count(*) AS n FROM member_history WHERE member_id = ?", id)).toBe(0);

    // The right code and "I agree": recorded with the time and the policy version and hash.
    const before = Date.now();
    const approved = await parent.post(link, { ...fields, code, decision: "approved" });
    expect(approved.status).toBe(303);
    expect(approved.headers.get("location")).toBe(link);
    expect(textOf(await (await parent.get(link)).text())).toContain("You agreed on");
    const [decided] = await requests(id);
    const { content_hash } = (await row<{ content_hash: string }>("SELECT content_hash FROM policy_texts WHERE version = ? AND locale = 'en'", currentPolicy))!;
    expect(decided).toMatchObject({ status: "approved", policy_version: currentPolicy, policy_hash: content_hash });
    expect(decided!.decided_at).toBeGreaterThanOrEqual(before);
    expect((await memberRow("Little Lamp"))!.guardian).toBe("approved");
    expect(await codeFor(phone.e164, { containing: "guardian agreed" })).toContain("You can now use your cart");

    // Replaying the link decides nothing again.
    const replay = await parent.post(link, { ...fields, code, decision: "declined" });
    expect(replay.status).toBe(409);
    expect(textOf(await replay.text())).toContain("This request was answered");
    expect((await requests(id))[0]).toMatchObject({ status: "approved", decided_at: decided!.decided_at });
    expect((await memberRow("Little Lamp"))!.guardian).toBe("approved");

    // Now the cart, checkout and the chat work.
    expect((await visitor.post("/cart/items", { productId: cup.id, quantity: "1" })).status).toBe(303);
    expect(await count("SELECT count(*) AS n FROM cart_items WHERE member_id = ?", id)).toBe(1);
    expect((await visitor.get("/checkout")).status).toBe(200);
    expect(await ticketOf(visitor)).toMatchObject({ role: "member", name: "Little Lamp", sub: watching.sub });
    await expect.poll(() => count("SELECT count(*) AS n FROM member_history WHERE member_id = ?", id)).toBe(1);
    const account = textOf(await (await visitor.get("/account")).text());
    expect(account).toContain("Your parent or guardian agreed to your use of the shop.");
  });

  it("stays limited when the guardian declines, and can ask again, which retires the old link", async () => {
    const { visitor, phone, id } = await registerMinor("Small Star");
    const guardian = freshPhone();
    const { link, code } = await askGuardian(visitor, guardian);
    // This guardian reads Chinese: the decision records the Chinese text's hash.
    const parent = new Visitor({ country: "CN", language: "zh-CN" });
    const page = await (await parent.get(link)).text();
    expect(textOf(page)).toContain("Small Star 请求您的同意");
    expect(textOf(page)).toContain(`我们的隐私政策（第 ${currentPolicy} 版）`);
    const fields = Visitor.formFields(page, link);
    const declined = await parent.post(link, { ...fields, code, decision: "declined" });
    expect(declined.status).toBe(303);
    expect(textOf(await (await parent.get(link)).text())).toContain("该账户仍只能浏览和搜索");
    const { content_hash } = (await row<{ content_hash: string }>("SELECT content_hash FROM policy_texts WHERE version = ? AND locale = 'zh-CN'", currentPolicy))!;
    expect((await requests(id))[0]).toMatchObject({ status: "declined", policy_version: currentPolicy, policy_hash: content_hash });
    expect((await memberRow("Small Star"))!.guardian).toBe("declined");
    expect(await codeFor(phone.e164, { containing: "guardian declined" })).toContain("stays limited to browsing");

    const cup = await product();
    const refused = await visitor.post("/cart/items", { productId: cup.id, quantity: "1" });
    expect(refused.status).toBe(403);
    expect(textOf(await refused.text())).toContain("Your parent or guardian declined.");
    expect((await ticketOf(visitor)).role).toBe("viewer");

    // Asking another guardian: a new link; the member waits again.
    const other = freshPhone();
    const second = await askGuardian(visitor, other);
    expect(second.link).not.toBe(link);
    expect((await memberRow("Small Star"))!.guardian).toBe("pending");
    expect((await parent.get(link)).status).toBe(200); // the declined request still shows its answer
    // A newer request replaces a pending one: asking again retires the second link.
    await env.DB.prepare("UPDATE one_time_codes SET created_at = created_at - 3600001").run();
    const third = await askGuardian(visitor, other);
    const retired = await parent.get(second.link);
    expect(retired.status).toBe(404);
    expect(textOf(await retired.text())).toContain("此链接无效");
    expect((await parent.get(third.link)).status).toBe(200);
  });

  it("answers an unknown or expired link with a clear 404 and changes nothing", async () => {
    const parent = new Visitor({ country: "CN" });
    const unknown = await parent.get(`/guardian/${"A".repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(textOf(await unknown.text())).toContain("This consent link is unknown, has expired");
    expect((await parent.get("/guardian/short")).status).toBe(404);

    const { visitor, id } = await registerMinor("Quiet Moon");
    const { link, code } = await askGuardian(visitor, freshPhone());
    const fields = Visitor.formFields(await (await parent.get(link)).text(), link);
    await env.DB.prepare("UPDATE guardian_consents SET expires_at = ? WHERE member_id = ?").bind(Date.now() - 1, id).run();
    expect((await parent.get(link)).status).toBe(404);
    const late = await parent.post(link, { ...fields, code, decision: "approved" });
    expect(late.status).toBe(404);
    expect((await requests(id))[0]!.status).toBe("pending");
    expect((await memberRow("Quiet Moon"))!.guardian).toBe("pending");
  });

  it("lets the guardian ask for a new code when the first one has expired", async () => {
    const { visitor, id } = await registerMinor("Late Reader");
    const guardian = freshPhone();
    const { link, code } = await askGuardian(visitor, guardian);
    const parent = new Visitor({ country: "CN" });
    const fields = Visitor.formFields(await (await parent.get(link)).text(), link);
    // Ten minutes (and an hour of the number's limits) later.
    await env.DB.prepare("UPDATE one_time_codes SET created_at = created_at - 3600001, expires_at = ?").bind(Date.now() - 1).run();
    const stale = await parent.post(link, { ...fields, code, decision: "approved" });
    expect(stale.status).toBe(422);
    expect(textOf(await stale.text())).toContain("That code has expired.");

    const resent = await parent.post(`${link}/code`, {});
    expect(resent.status).toBe(303);
    expect(resent.headers.get("location")).toBe(`${link}?sent=1`);
    expect(textOf(await (await parent.get(`${link}?sent=1`)).text())).toContain(`We sent a six-digit code to +86 ••• •••• ${guardian.national.slice(-4)}`);
    const fresh = (await codeFor(guardian.e164, { containing: "asked for your consent" })).match(/\b(\d{6})\b/)![1]!;
    expect((await parent.post(link, { ...fields, code: fresh, decision: "approved" })).status).toBe(303);
    expect((await memberRow("Late Reader"))!.guardian).toBe("approved");
    expect(await requests(id)).toHaveLength(1);
  });

  it("never gets cart reminders, even with a guardian's consent, while an adult with the same cart does", async () => {
    const minor = await registerMinor("Tiny Teapot");
    await env.DB.prepare("UPDATE members SET guardian = 'approved' WHERE id = ?").bind(minor.id).run();
    const adult = new Visitor({ country: "CN" });
    expect((await register(adult, { phone: freshPhone().national, nickname: "Bargain Bo", password })).status).toBe(303);
    const adultId = (await memberRow("Bargain Bo"))!.id;
    const lamp = await product(30_000);
    expect((await minor.visitor.post("/cart/items", { productId: lamp.id, quantity: "1" })).status).toBe(303);
    expect((await adult.post("/cart/items", { productId: lamp.id, quantity: "1" })).status).toBe(303);
    await env.DB.prepare("UPDATE products SET price_minor = 20000 WHERE id = ?").bind(lamp.id).run();

    await remindCarts(env);
    const drops = (memberId: string) => count("SELECT count(*) AS n FROM outbox WHERE member_id = ? AND template = 'cart_price_drop'", memberId);
    expect(await drops(adultId)).toBe(1);
    expect(await drops(minor.id)).toBe(0);
  });

  it("gets no personalised recommendations, even when the browser allows personalisation", async () => {
    const { visitor } = await registerMinor("Curious Cat");
    await visitor.choose("/", "accept_all");
    const cup = await product();
    const viewed = await visitor.get(`/p/${cup.slug}`);
    expect(viewed.headers.getSetCookie().some((header) => header.startsWith("lantern_recent="))).toBe(false);
    expect(textOf(await (await visitor.get("/")).text())).not.toContain("Recently viewed");
    // Nor from a list the browser kept from before (as a guest).
    visitor.cookies.set("lantern_recent", cup.slug);
    expect(textOf(await (await visitor.get("/")).text())).not.toContain("Recently viewed");
  });
});
