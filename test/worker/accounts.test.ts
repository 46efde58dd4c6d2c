import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { policyDrafts } from "../../db/policy/index.ts";
import { productScene, renderScene } from "../../db/seed/product-image.ts";
import { demoMembers } from "../../db/seed/seed-members.ts";
import { roomTicket } from "../../party/protocol.ts";
import { listSubjectRecords } from "../../worker/features/consent/consent-ledger.ts";
import { verifyToken } from "../../worker/lib/signed-token.ts";
import { database } from "../../worker/lib/db.ts";
import { codeFor, forgetRecentCodes, register, seedDemoShop, signInAs, textOf, Visitor } from "./support.ts";

beforeAll(async () => {
  await seedDemoShop({ members: true });
});

const shopper = demoMembers.find((member) => member.role === "shopper")!;
const admin = demoMembers.find((member) => member.role === "admin")!;
const count = async (table: string) => (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())!.n;
let nextPhone = 13912340000;
/** A fresh, valid China mobile number for each registration (national form, as typed). */
const freshPhone = () => String(nextPhone++);

describe("registration", () => {
  it("confirms the phone with a code, records agreement to the current policy in the ledger, and signs the member in", async () => {
    const visitor = new Visitor();
    await visitor.choose("/", "reject_all");
    const phone = freshPhone();
    const done = await register(visitor, { phone, nickname: "Tea Lover 茶友", password: "river stones and paper kites" });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("/account?welcome=1");
    const session = done.headers.getSetCookie().find((header) => header.startsWith("lantern_session="))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).toMatch(/Secure/i);

    const page = textOf(await (await visitor.get("/account?welcome=1")).text());
    expect(page).toContain("Welcome, Tea Lover 茶友!");
    expect(page).toContain(`+86 ••• •••• ${phone.slice(-4)}`);
    expect(page).not.toContain(phone);

    // Stored encrypted and hashed: the number appears nowhere in clear.
    const row = (await env.DB.prepare("SELECT * FROM members WHERE nickname = ?").bind("Tea Lover 茶友").first<Record<string, string>>())!;
    expect(JSON.stringify(row)).not.toContain(phone);
    expect(row.password_hash).toMatch(/^\$scrypt\$/);

    // The agreement is on the ledger, under the same pseudonymous subject as this device's cookie choices.
    const current = policyDrafts.at(-1)!.version;
    const records = await listSubjectRecords(database(env.DB), row.subject_id!);
    const agreed = records.find((record) => record.event === "agreed")!;
    const { content_hash } = (await env.DB.prepare("SELECT content_hash FROM policy_texts WHERE version = ? AND locale = 'en'").bind(current).first<{ content_hash: string }>())!;
    expect(agreed).toMatchObject({ source: "registration", policyVersion: current, policyHash: content_hash });
    expect(records.some((record) => record.event === "refused")).toBe(true);
  });

  it("explains each refusal in plain words, keeps what was typed except the password, and writes nothing", async () => {
    const visitor = new Visitor();
    const before = await Promise.all(["members", "one_time_codes", "outbox"].map(count));
    const cases: [Record<string, string>, string][] = [
      [{ phone: "12345" }, "not a valid phone number"],
      [{ phone: "010 6552 9988" }, "looks like a landline"],
      [{ phone: "138 0013 800x" }, "not a valid phone number"],
      [{ nickname: "mei" }, "Someone already uses that nickname"],
      [{ nickname: "Lantern Official" }, "could be mistaken for the shop's staff"],
      [{ nickname: "Mast3r L1n" }, "Someone already uses that nickname"],
      [{ nickname: "🍵🍵" }, "Use letters, digits"],
      [{ password: "short password" }, "at least 15 characters"],
      [{ password: "manchesterunited" }, "lists of passwords leaked or commonly used"],
      [{ password: "my number is 13912349999!" , phone: "139 1234 9999" }, "must not contain your phone number"],
      [{ password: "greetings from Plum Blossom", nickname: "Plum Blossom" }, "must not contain your nickname"],
      [{ agree: "" }, "please read and agree to the privacy policy"],
    ];
    for (const [change, message] of cases) {
      const fields = { phone: "139 1234 5678", nickname: "Plum Blossom", password: "a quiet walk by the river at dawn", agree: "on", ...change };
      const response = await register(visitor, fields, { stopAt: "form" });
      expect(response.status, JSON.stringify(change)).toBe(422);
      const html = await response.text();
      expect(textOf(html), JSON.stringify(change)).toContain(message);
      expect(html).toContain(`value="${fields.nickname.replace(/"/g, "&quot;")}"`);
      expect(html).not.toContain(fields.password);
    }
    expect(await Promise.all(["members", "one_time_codes", "outbox"].map(count))).toEqual(before);
  });

  it("answers a registered number exactly like a new one, warning its owner instead of sending a code", async () => {
    const visitor = new Visitor();
    const response = await register(visitor, { phone: shopper.national, nickname: "Someone Else", password: "a quiet walk by the river at dawn" }, { stopAt: "sent" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/^\/register\/verify\?challenge=otp_/);
    const message = await codeFor(shopper.phone, { containing: "Lantern" });
    expect(message).toContain("already has an account");
    expect(message).not.toMatch(/\d{6}/);
  });

  it("refuses wrong, reused and expired codes, and stops after five tries", async () => {
    const visitor = new Visitor();
    const phone = freshPhone();
    const sent = await register(visitor, { phone, nickname: "Code Tester", password: "a quiet walk by the river at dawn" }, { stopAt: "sent" });
    const challenge = new URL(sent.headers.get("location")!, "https://shop.test").searchParams.get("challenge")!;
    const code = await codeFor(`+86${phone}`);
    const wrong = code === "000000" ? "111111" : "000000";
    for (let attempt = 1; attempt <= 4; attempt++) {
      const response = await visitor.post("/register/verify", { challenge, code: wrong, next: "/account" });
      expect(response.status).toBe(422);
      expect(textOf(await response.text())).toContain("That code is not right");
    }
    const fifth = await visitor.post("/register/verify", { challenge, code: wrong, next: "/account" });
    expect(fifth.status).toBe(429);
    expect(textOf(await fifth.text())).toContain("Too many wrong codes");
    // Even the right code no longer works on this challenge.
    const late = await visitor.post("/register/verify", { challenge, code, next: "/account" });
    expect(late.status).toBe(429);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM members WHERE nickname = 'Code Tester'").first("n")).toBe(0);

    // A new code a minute later; used once it cannot be used again.
    await env.DB.prepare("UPDATE one_time_codes SET created_at = created_at - 61000 WHERE id = ?").bind(challenge).run();
    const again = await visitor.post("/code/resend", { challenge, next: "/account" });
    expect(again.status).toBe(303);
    const second = new URL(again.headers.get("location")!, "https://shop.test").searchParams.get("challenge")!;
    const fresh = await codeFor(`+86${phone}`);
    expect((await visitor.post("/register/verify", { challenge: second, code: fresh, next: "/account" })).status).toBe(303);
    const reused = await new Visitor().post("/register/verify", { challenge: second, code: fresh, next: "/account" });
    expect(textOf(await reused.text())).toContain("That code was already used.");

    const third = await register(new Visitor(), { phone: freshPhone(), nickname: "Slow Typist", password: "a quiet walk by the river at dawn" }, { stopAt: "sent" });
    const expiring = new URL(third.headers.get("location")!, "https://shop.test").searchParams.get("challenge")!;
    await env.DB.prepare("UPDATE one_time_codes SET expires_at = 1 WHERE id = ?").bind(expiring).run();
    const expired = await visitor.post("/register/verify", { challenge: expiring, code: "123456", next: "/account" });
    expect(textOf(await expired.text())).toContain("has expired");
  });

  it("lets one of two simultaneous submissions of the right code through, never both", async () => {
    const phone = freshPhone();
    const sent = await register(new Visitor(), { phone, nickname: "Double Click", password: "a quiet walk by the river at dawn" }, { stopAt: "sent" });
    const challenge = new URL(sent.headers.get("location")!, "https://shop.test").searchParams.get("challenge")!;
    const code = await codeFor(`+86${phone}`);
    const results = await Promise.all([new Visitor(), new Visitor(), new Visitor()].map((v) => v.post("/register/verify", { challenge, code, next: "/account" })));
    expect(results.filter((response) => response.status === 303)).toHaveLength(1);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM members WHERE nickname = 'Double Click'").first("n")).toBe(1);
  });

  it("sends a number at most one code a minute", async () => {
    const visitor = new Visitor();
    const phone = freshPhone();
    expect((await register(visitor, { phone, nickname: "Eager One", password: "a quiet walk by the river at dawn" }, { stopAt: "sent" })).status).toBe(303);
    const again = await register(visitor, { phone, nickname: "Eager One", password: "a quiet walk by the river at dawn" }, { stopAt: "form" });
    expect(again.status).toBe(429);
    expect(textOf(await again.text())).toContain("Please wait a little");
  });
});

describe("signing in", () => {
  it("with phone and password: a new session token every time, and the visitor comes back where they were", async () => {
    const visitor = new Visitor();
    const first = await signInAs(visitor, shopper, "/live/spring-tea-tasting");
    expect(first.headers.get("location")).toBe("/live/spring-tea-tasting");
    const token = visitor.cookies.get("lantern_session");
    // 32 random bytes, base64url: an opaque token, nothing readable about the member.
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(textOf(await (await visitor.get("/live/spring-tea-tasting")).text())).toContain("You chat as Mei");
    await signInAs(visitor, shopper);
    expect(visitor.cookies.get("lantern_session")).not.toBe(token);
    // The old token no longer signs anyone in (no fixation, no leftovers).
    const stale = new Visitor();
    stale.cookies.set("lantern_session", token!);
    expect((await stale.get("/account")).status).toBe(303);
  });

  it("never redirects off the site after signing in", async () => {
    for (const next of ["//evil.example/", "https://evil.example/", "/\\evil.example"]) {
      const response = await signInAs(new Visitor(), shopper, next);
      expect(response.headers.get("location")).toBe("/account");
    }
  });

  it("says the same for an unknown number and a wrong password, and backs off after repeated failures", async () => {
    const wrong = textOf(await (await signInAs(new Visitor(), { ...shopper, password: "not the right password at all" })).text());
    const unknown = textOf(await (await signInAs(new Visitor(), { ...shopper, national: "139 8765 4321", password: "not the right password at all" })).text());
    expect(wrong).toContain("The phone number or the password is not right.");
    expect(unknown.replace("139 8765 4321", "")).toBe(wrong.replace(shopper.national, ""));

    const target = { ...shopper, national: "139 8765 4322", password: "not the right password at all" };
    for (let i = 0; i < 5; i++) await signInAs(new Visitor(), target);
    const locked = await signInAs(new Visitor(), target);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(textOf(await locked.text())).toMatch(/Please try again in 1 minute \(after \d\d:\d\d/);
  });

  it("with a code by SMS, and an unknown number gets the same page but no message", async () => {
    await forgetRecentCodes();
    const visitor = new Visitor();
    const sent = await visitor.post("/sign-in/code", { country: "CN", phone: shopper.national, next: "/account" });
    expect(sent.headers.get("location")).toMatch(/^\/sign-in\/verify\?challenge=/);
    const challenge = new URL(sent.headers.get("location")!, "https://shop.test").searchParams.get("challenge")!;
    const code = await codeFor(shopper.phone);
    expect((await visitor.post("/sign-in/verify", { challenge, code, next: "/account" })).headers.get("location")).toBe("/account");
    expect(textOf(await (await visitor.get("/account")).text())).toContain("Mei");

    const inboxBefore = await count("dev_inbox");
    const nobody = await new Visitor().post("/sign-in/code", { country: "CN", phone: "139 5555 0101", next: "/account" });
    expect(nobody.status).toBe(303);
    expect(textOf(await (await new Visitor().get(nobody.headers.get("location")!)).text())).toContain("We sent a six-digit code");
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await count("dev_inbox")).toBe(inboxBefore);
  });

  it("resets a forgotten password with a code: the new one is checked before the code is spent, and every old session ends", async () => {
    const phone = freshPhone();
    const member = { national: phone, phone: `+86${phone}`, password: "first password for the reset test" };
    const owner = new Visitor();
    await register(owner, { phone, nickname: "Forgetful", password: member.password });
    await forgetRecentCodes();
    const sent = await new Visitor().post("/password/forgot", { country: "CN", phone, next: "/account" });
    const challenge = new URL(sent.headers.get("location")!, "https://shop.test").searchParams.get("challenge")!;
    const code = await codeFor(member.phone);
    const visitor = new Visitor();
    const weak = await visitor.post("/password/reset", { challenge, code, password: "tooshort", next: "/account" });
    expect(weak.status).toBe(422);
    expect(textOf(await weak.text())).toContain("at least 15 characters");
    const done = await visitor.post("/password/reset", { challenge, code, password: "second password after the reset", next: "/account" });
    expect(done.headers.get("location")).toBe("/account?saved=password");
    expect((await owner.get("/account")).status).toBe(303);
    expect((await signInAs(new Visitor(), { ...member, password: "second password after the reset" })).status).toBe(303);
    expect(await codeFor(member.phone, { containing: "password was just changed" })).toBe(
      "Lantern: your password was just changed. If this was not you, reset it now with “Forgot password”.",
    );
  });
});

describe("sessions", () => {
  it("lists the member's browsers, signs out the others, and never touches another member's session", async () => {
    const laptop = new Visitor();
    const phone = new Visitor();
    await signInAs(laptop, admin);
    await signInAs(phone, admin);
    const listing = await (await laptop.get("/account")).text();
    const ids = [...listing.matchAll(/action="\/account\/sessions\/(ses_[0-9a-z]{16})"/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThanOrEqual(1);

    // Another member cannot end these sessions by naming them.
    const stranger = new Visitor();
    await signInAs(stranger, shopper);
    for (const id of ids) expect((await stranger.post(`/account/sessions/${id}`, {})).status).toBe(404);
    expect((await phone.get("/account")).status).toBe(200);

    expect((await laptop.post("/account/sessions/others", {})).status).toBe(303);
    expect((await phone.get("/account")).status).toBe(303);
    expect((await laptop.get("/account")).status).toBe(200);

    const out = await laptop.post("/sign-out", {});
    expect(out.headers.getSetCookie().some((header) => /^lantern_session=;.*Max-Age=0/.test(header))).toBe(true);
    expect((await laptop.get("/account")).status).toBe(303);
  });

  it("end after a week without a visit", async () => {
    const visitor = new Visitor();
    await signInAs(visitor, shopper);
    await env.DB.prepare("UPDATE sessions SET last_seen_at = ? WHERE member_id = (SELECT id FROM members WHERE nickname = 'Mei')")
      .bind(Date.now() - 8 * 86_400_000)
      .run();
    const response = await visitor.get("/account");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/sign-in?next=%2Faccount");
  });
});

describe("members only", () => {
  it("sends a guest to sign in and back to the very page they wanted", async () => {
    const visitor = new Visitor();
    const response = await visitor.get("/account?saved=nickname");
    expect(response.status).toBe(303);
    const location = response.headers.get("location")!;
    expect(location).toBe("/sign-in?next=%2Faccount%3Fsaved%3Dnickname");
    const page = await (await visitor.get(location)).text();
    expect(Visitor.formFields(page, "/sign-in").next).toBe("/account?saved=nickname");
    const live = await (await visitor.get("/live/spring-tea-tasting")).text();
    expect(live).toContain('href="/sign-in?next=%2Flive%2Fspring-tea-tasting"');
  });

  it("checks roles in one place: admins manage roles, nobody else may", async () => {
    expect((await new Visitor().get("/admin/members")).status).toBe(303);
    const member = new Visitor();
    await signInAs(member, shopper);
    expect((await member.get("/admin/members")).status).toBe(403);
    const boss = new Visitor();
    await signInAs(boss, admin);
    const page = await boss.get("/admin/members");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain(shopper.phone.slice(3));
    const host = (await env.DB.prepare("SELECT id FROM members WHERE nickname = 'Master Lin'").first<{ id: string }>())!.id;
    expect((await member.post(`/admin/members/${host}/role`, { role: "admin" })).status).toBe(403);
    expect((await boss.post(`/admin/members/${host}/role`, { role: "staff" })).status).toBe(303);
    expect(await env.DB.prepare("SELECT role FROM members WHERE id = ?").bind(host).first("role")).toBe("staff");
    await boss.post(`/admin/members/${host}/role`, { role: "host" });
  });
});

describe("live room tickets", () => {
  it("carry a member's nickname, avatar, role and a per-show pseudonym, and nothing that identifies the account", async () => {
    const ticketOf = async (visitor: Visitor) => {
      const response = await visitor.request("/api/live/spring-tea-tasting/ticket", { method: "POST", headers: { Accept: "application/json", Origin: "https://shop.test" } });
      const { ticket } = (await response.json()) as { ticket: string };
      return (await verifyToken(env.ROOM_TICKET_SECRET, ticket, roomTicket))!;
    };
    const member = new Visitor();
    await signInAs(member, shopper);
    const first = await ticketOf(member);
    const second = await ticketOf(member);
    expect(first).toMatchObject({ role: "member", name: "Mei", avatar: expect.stringMatching(/^\/media\/avatars\//) });
    expect(first.sub).toMatch(/^vwr_[0-9a-f]{16}$/);
    expect(second.sub).toBe(first.sub);
    const id = (await env.DB.prepare("SELECT id FROM members WHERE nickname = 'Mei'").first<{ id: string }>())!.id;
    const raw = JSON.stringify(first);
    for (const secret of [id, shopper.phone, shopper.phone.slice(3)]) expect(raw).not.toContain(secret);

    const host = new Visitor();
    await signInAs(host, demoMembers.find((m) => m.role === "host")!);
    expect((await ticketOf(host)).role).toBe("host");
    const guest = await ticketOf(new Visitor());
    expect(guest).toMatchObject({ role: "viewer" });
    expect(guest.name).toBeUndefined();
    expect((await ticketOf(new Visitor())).sub).not.toBe(guest.sub);
  });
});

describe("the account page", () => {
  it("corrects the nickname where it is shown, with the same rules as registration", async () => {
    const visitor = new Visitor();
    const phone = freshPhone();
    await register(visitor, { phone, nickname: "Old Name", password: "a quiet walk by the river at dawn" });
    const taken = await visitor.post("/account/nickname", { nickname: "MEI" });
    expect(taken.status).toBe(422);
    expect(textOf(await taken.text())).toContain("Someone already uses that nickname");
    expect((await visitor.post("/account/nickname", { nickname: "New Name" })).headers.get("location")).toBe("/account?saved=nickname#nickname");
    expect(textOf(await (await visitor.get("/account")).text())).toContain("New Name");
  });

  it("changes the password only with the current one, and signs out the other browsers", async () => {
    const visitor = new Visitor();
    const other = new Visitor();
    const phone = freshPhone();
    const member = { national: phone, phone: `+86${phone}`, password: "original password for changing" };
    await register(visitor, { phone, nickname: "Changer", password: member.password });
    await signInAs(other, member);
    const wrong = await visitor.post("/account/password", { current: "not my password at all!!", password: "brand new password for changing" });
    expect(textOf(await wrong.text())).toContain("That is not your current password.");
    const done = await visitor.post("/account/password", { current: member.password, password: "brand new password for changing" });
    expect(done.status).toBe(303);
    expect((await other.get("/account")).status).toBe(303);
    expect((await visitor.get("/account")).status).toBe(200);
  });

  it("asks for the current password once the sign-in is not fresh, or a code to the phone instead", async () => {
    const visitor = new Visitor();
    const phone = freshPhone();
    await register(visitor, { phone, nickname: "No Password Memory", password: "password nobody will remember" });
    // Just signed in: no current password needed for a few minutes.
    expect(textOf(await (await visitor.get("/account")).text())).toContain("no current password is needed until");
    await env.DB.prepare("UPDATE sessions SET confirmed_at = 0 WHERE member_id = (SELECT id FROM members WHERE nickname = 'No Password Memory')").run();
    const refused = await visitor.post("/account/password", { current: "", password: "a newer password to remember" });
    expect(refused.status).toBe(422);
    expect(textOf(await refused.text())).toContain("Enter your current password, or confirm it is you with a code");

    await forgetRecentCodes();
    const sent = await visitor.post("/account/confirm", {});
    const challenge = new URL(sent.headers.get("location")!, "https://shop.test").searchParams.get("challenge")!;
    const code = await codeFor(`+86${phone}`);
    // Someone else's session cannot use this member's code, or spend its tries.
    const stranger = new Visitor();
    await signInAs(stranger, shopper);
    for (let i = 0; i < 6; i++) expect((await stranger.post("/account/confirm/verify", { challenge, code, next: "/account" })).status).toBe(422);
    expect((await visitor.post("/account/confirm/verify", { challenge, code, next: "/account" })).headers.get("location")).toBe("/account?saved=confirmed#security");
    expect((await visitor.post("/account/password", { current: "", password: "a newer password to remember" })).status).toBe(303);
    expect((await signInAs(new Visitor(), { national: phone, password: "a newer password to remember" })).status).toBe(303);
  });

  it("changes the phone with the password and a code sent to the new number, and tells the old one", async () => {
    const visitor = new Visitor();
    const phone = freshPhone();
    const member = { national: phone, phone: `+86${phone}`, password: "password for the phone change" };
    await register(visitor, { phone, nickname: "Mover", password: member.password });
    const next = freshPhone();
    const sent = await visitor.post("/account/phone", { country: "CN", phone: next, current: member.password });
    expect(sent.headers.get("location")).toMatch(/^\/account\/phone\/verify\?challenge=/);
    const challenge = new URL(sent.headers.get("location")!, "https://shop.test").searchParams.get("challenge")!;
    const code = await codeFor(`+86${next}`);
    expect((await visitor.post("/account/phone/verify", { challenge, code, next: "/account" })).status).toBe(303);
    expect(textOf(await (await visitor.get("/account")).text())).toContain(`+86 ••• •••• ${next.slice(-4)}`);
    expect(await codeFor(member.phone, { containing: "phone number on your account was changed" })).toBe(
      "Lantern: the phone number on your account was changed. If this was not you, contact us at once.",
    );
    expect((await signInAs(new Visitor(), { ...member, national: next })).status).toBe(303);
  });

  it("adds an email only once it is confirmed, and only then offers notices by email", async () => {
    const visitor = new Visitor();
    await register(visitor, { phone: freshPhone(), nickname: "Mailer", password: "a quiet walk by the river at dawn" });
    expect((await visitor.post("/account/notices", { channel: "email" })).status).toBe(422);
    const bad = await visitor.post("/account/email", { email: "not-an-email" });
    expect(textOf(await bad.text())).toContain("Enter an email address like name@example.com.");
    const sent = await visitor.post("/account/email", { email: "Mailer@Example.com" });
    const challenge = new URL(sent.headers.get("location")!, "https://shop.test").searchParams.get("challenge")!;
    const code = await codeFor("mailer@example.com");
    expect((await visitor.post("/account/email/verify", { challenge, code, next: "/account" })).status).toBe(303);
    const page = textOf(await (await visitor.get("/account")).text());
    expect(page).toContain("m•••@example.com");
    expect(page).toContain("Confirmed");
    expect((await visitor.post("/account/notices", { channel: "email" })).status).toBe(303);
  });

  it("takes a new avatar without JavaScript: re-encoded to WebP, served from /media, the old one deleted", async () => {
    const visitor = new Visitor();
    await register(visitor, { phone: freshPhone(), nickname: "Picture Person", password: "a quiet walk by the river at dawn" });
    const before = (await env.DB.prepare("SELECT avatar_key FROM members WHERE nickname = 'Picture Person'").first<{ avatar_key: string }>())!.avatar_key;
    expect(before).toMatch(/^avatars\/[0-9a-z]{16}\.svg$/);
    expect((await visitor.get(`/media/${before}`)).status).toBe(200);

    const upload = (file: File) => {
      const form = new FormData();
      form.set("avatar", file);
      return visitor.request("/account/avatar", { method: "POST", body: form, headers: { Origin: "https://shop.test" } });
    };
    const png = await renderScene(productScene({ width: 200, height: 200, shape: "mug", hue: 20, backgroundHue: 40, variant: 0 }));
    const done = await upload(new File([new Uint8Array(png)], "me.png", { type: "image/png" }));
    expect(done.headers.get("location")).toBe("/account?saved=avatar#avatar");
    const after = (await env.DB.prepare("SELECT avatar_key FROM members WHERE nickname = 'Picture Person'").first<{ avatar_key: string }>())!.avatar_key;
    expect(after).toMatch(/^avatars\/[0-9a-z]{16}\.webp$/);
    expect(await env.MEDIA.head(before)).toBeNull();
    const served = await visitor.get(`/media/${after}`);
    expect(served.headers.get("content-type")).toBe("image/webp");
    expect(await (await visitor.get("/account")).text()).toContain(`src="/media/${after}"`);

    const text = await upload(new File(["<svg onload=alert(1)>"], "evil.png", { type: "image/png" }));
    expect(text.status).toBe(422);
    expect(textOf(await text.text())).toContain("not a picture we can use");
    const huge = await upload(new File([new Uint8Array(5 * 1024 * 1024 + 1)], "huge.png", { type: "image/png" }));
    expect(huge.status).toBe(422);
    expect(textOf(await huge.text())).toContain("larger than 5 MB");
    expect((await env.DB.prepare("SELECT avatar_key FROM members WHERE nickname = 'Picture Person'").first<{ avatar_key: string }>())!.avatar_key).toBe(after);
  });

  it("shows the member's consent records from this device and their agreement in the privacy centre", async () => {
    const visitor = new Visitor();
    await visitor.choose("/", "accept_all");
    await signInAs(visitor, shopper);
    const centre = textOf(await (await visitor.get("/account/privacy")).text());
    expect(centre).toContain("Consent given");
    const fresh = new Visitor();
    await register(fresh, { phone: freshPhone(), nickname: "Agreeable", password: "a quiet walk by the river at dawn" });
    expect(textOf(await (await fresh.get("/account/privacy")).text())).toContain("Agreed to the policy");
  });
});
