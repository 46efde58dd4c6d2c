import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { eraseDueAccounts } from "../../worker/features/account-closing/erasure.ts";
import { closingGraceMs } from "../../worker/features/account-closing/queries.ts";
import { findOrder, moveOrder, orderRecipient } from "../../worker/features/orders/queries.ts";
import { saveTimeline } from "../../worker/features/live/host-queries.ts";
import { viewerPseudonym } from "../../worker/features/live/viewer-pseudonym.ts";
import { formatDateTime } from "../../worker/lib/dates.ts";
import { database } from "../../worker/lib/db.ts";
import type { TimelineEntry } from "../../party/room/show-room.ts";
import { placeTestOrder, productWithStock } from "./order-support.ts";
import { codeFor, seedDemoShop, signInAs, textOf, Visitor } from "./support.ts";

beforeAll(async () => {
  await seedDemoShop({ members: true });
});

const password = "paper boats drift over the quiet harbour";
let nextPhone = 13712340000;
let nextName = 0;

/** Registers through the forms as an adult (the birth month is asked at registration), code and all. */
async function registerAdult(visitor: Visitor, national: string, nickname: string) {
  const form = await (await visitor.get("/register")).text();
  const sent = await visitor.post("/register", { ...Visitor.formFields(form, "/register"), country: "CN", phone: national, nickname, password, agree: "on", birthYear: "1990", birthMonth: "5" });
  expect(sent.status).toBe(303);
  const challenge = new URL(sent.headers.get("location")!, "https://shop.test").searchParams.get("challenge")!;
  return visitor.post("/register/verify", { challenge, code: await codeFor(`+86${national}`), next: "/account" });
}

type Member = { id: string; national: string; e164: string; nickname: string; password: string; avatarKey: string; visitor: Visitor };

/** A member registered through the forms (so they have a generated avatar in R2), signed in on `visitor`. */
async function newMember(): Promise<Member> {
  const national = String(nextPhone++);
  const nickname = `Closer ${String.fromCharCode(65 + nextName++)}`;
  const visitor = new Visitor({ country: "CN" });
  expect((await registerAdult(visitor, national, nickname)).status).toBe(303);
  const row = (await env.DB.prepare("SELECT id, avatar_key FROM members WHERE nickname = ?").bind(nickname).first<{ id: string; avatar_key: string }>())!;
  return { id: row.id, national, e164: `+86${national}`, nickname, password, avatarKey: row.avatar_key, visitor };
}

/** As if the member signed in longer ago than the confirmation window: a sensitive change needs the password. */
const staleSignIn = (memberId: string) => env.DB.prepare("UPDATE sessions SET confirmed_at = confirmed_at - 660000 WHERE member_id = ?").bind(memberId).run();
const dueAt = (memberId: string) => env.DB.prepare("SELECT closing_due_at FROM members WHERE id = ?").bind(memberId).first<number | null>("closing_due_at");
const memberExists = async (memberId: string) => (await env.DB.prepare("SELECT count(*) AS n FROM members WHERE id = ?").bind(memberId).first<number>("n")) === 1;

async function closeAccount(member: Member) {
  const response = await member.visitor.post("/account/close", { current: member.password });
  expect(response.status).toBe(303);
  expect(response.headers.get("location")).toBe("/account/close");
  return (await dueAt(member.id))!;
}

describe("closing the account", () => {
  it("explains what is erased and what is kept for tax, and refuses a wrong or missing password, scheduling nothing", async () => {
    const member = await newMember();
    await staleSignIn(member.id);
    const page = textOf(await (await member.visitor.get("/account/close")).text());
    expect(page).toContain("What is erased");
    expect(page).toContain("tax and accounting law require them");
    expect(page).toContain("Close my account in 7 days");

    const wrong = await member.visitor.post("/account/close", { current: "not my password at all, sorry" });
    expect(wrong.status).toBe(422);
    const html = await wrong.text();
    expect(textOf(html)).toContain("That is not your current password.");
    expect(html).not.toContain("not my password at all");
    const missing = await member.visitor.post("/account/close", {});
    expect(missing.status).toBe(422);
    expect(textOf(await missing.text())).toContain("Enter your current password, or confirm it is you with a code");
    expect(await dueAt(member.id)).toBeNull();
    expect(await env.DB.prepare("SELECT count(*) AS n FROM outbox WHERE member_id = ? AND template = 'account_closing'").bind(member.id).first<number>("n")).toBe(0);
  });

  it("sends guests to sign in first", async () => {
    const guest = await new Visitor().get("/account/close");
    expect(guest.status).toBe(303);
    expect(guest.headers.get("location")).toBe("/sign-in?next=%2Faccount%2Fclose");
  });

  it("schedules erasure after the grace period, shows the date, ends the other sessions and says how to keep the account", async () => {
    const member = await newMember();
    const phone = new Visitor({ country: "CN" });
    expect((await signInAs(phone, member)).status).toBe(303);
    await staleSignIn(member.id);

    const before = Date.now();
    const due = await closeAccount(member);
    expect(due).toBeGreaterThanOrEqual(before + closingGraceMs);
    expect(due).toBeLessThanOrEqual(Date.now() + closingGraceMs);
    // The other browser is signed out; this one stays, with the date and the way back.
    expect(await env.DB.prepare("SELECT count(*) AS n FROM sessions WHERE member_id = ?").bind(member.id).first<number>("n")).toBe(1);
    expect((await phone.get("/account")).status).toBe(303);
    const account = textOf(await (await member.visitor.get("/account")).text());
    expect(account).toContain(`Your account will be closed and erased on ${formatDateTime(new Date(due), "en")}.`);
    expect(account).toContain("Keep my account");

    // The notice: the date and how to cancel, nothing personal.
    const notice = await codeFor(member.e164, { containing: "close your account" });
    expect(notice).toContain(formatDateTime(new Date(due), "en"));
    expect(notice).toContain("Keep my account");
    expect(notice).toContain("/account");
    expect(notice).not.toContain(member.nickname);

    // Signing in still works during the grace period; asking again keeps the first date.
    expect((await signInAs(phone, member)).status).toBe(303);
    expect((await phone.post("/account/close", { current: member.password })).status).toBe(303);
    expect(await dueAt(member.id)).toBe(due);
  });

  it("is cancelled by “Keep my account” on the account page, and then nothing is erased", async () => {
    const member = await newMember();
    const due = await closeAccount(member);
    const kept = await member.visitor.post("/account/close/cancel", {});
    expect(kept.status).toBe(303);
    expect(textOf(await (await member.visitor.get(kept.headers.get("location")!)).text())).toContain("Your account stays open. Nothing was erased.");
    expect(await dueAt(member.id)).toBeNull();
    expect(textOf(await (await member.visitor.get("/account")).text())).not.toContain("will be closed and erased");

    await eraseDueAccounts(env, due + 86_400_000);
    expect(await memberExists(member.id)).toBe(true);
    expect(await env.MEDIA.head(member.avatarKey)).not.toBeNull();
  });

  it("erases nothing before the due date, waits for an order on its way, then erases: no sign-in, orders kept without personal details, avatar gone, phone free again", async () => {
    const member = await newMember();
    const product = await productWithStock(20);
    const placed = await placeTestOrder(member.id, product.id, { quantity: 2, invoice: { title: "Closer Trading Co.", taxpayerId: "91330100MA27XYZ12K", email: "closer@example.com" } });
    await env.DB.prepare("UPDATE orders SET note = 'Ring twice, ask for Closer' WHERE id = ?").bind(placed.id).run();
    expect(await moveOrder(env.DB, placed.id, "pending_payment", "paid", "payment")).toBe(true);
    const total = (await findOrder(database(env.DB), placed.id))!.totalMinor;
    const due = await closeAccount(member);

    expect(await eraseDueAccounts(env, due - 1)).toBe(0);
    expect(await memberExists(member.id)).toBe(true);
    // Paid but not delivered: its address is still needed, so erasure waits.
    expect(await eraseDueAccounts(env, due + 1)).toBe(0);
    expect(await memberExists(member.id)).toBe(true);
    expect(await moveOrder(env.DB, placed.id, "paid", "shipped", "staff")).toBe(true);
    expect(await moveOrder(env.DB, placed.id, "shipped", "delivered", "carrier")).toBe(true);

    expect(await eraseDueAccounts(env, due + 60_000)).toBe(1);
    expect(await memberExists(member.id)).toBe(false);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM sessions WHERE member_id = ?").bind(member.id).first<number>("n")).toBe(0);
    expect(await env.MEDIA.head(member.avatarKey)).toBeNull();
    expect((await member.visitor.get("/account")).status).toBe(303);
    const signIn = await signInAs(new Visitor({ country: "CN" }), member);
    expect(signIn.status).toBe(422);

    // The order stays for the tax records, with every amount, but names nobody.
    const order = (await findOrder(database(env.DB), placed.id))!;
    expect(order).toMatchObject({ memberId: null, totalMinor: total, status: "delivered", note: null, invoiceTitle: "erased", invoiceTaxpayerEnc: null, altPhoneEnc: null, customsIdEnc: null });
    expect(await orderRecipient(env.FIELD_KEY, order)).toEqual({ name: "erased", address: "erased", phone: "erased", altPhone: null });
    expect(await env.DB.prepare("SELECT sum(quantity) AS n FROM order_items WHERE order_id = ?").bind(placed.id).first<number>("n")).toBe(2);

    // The number can be registered again, as anyone's.
    const again = await registerAdult(new Visitor({ country: "CN" }), member.national, "Second Life");
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe("/account?welcome=1");
  });

  it("leaves a member erased during a live show out of its replay when the room is archived later", async () => {
    const member = await newMember();
    const show = (await env.DB.prepare("SELECT id FROM live_shows WHERE status = 'live' LIMIT 1").first<{ id: string }>())!;
    const pseudonym = await viewerPseudonym(env.FIELD_KEY, show.id, member.id);
    const due = await closeAccount(member);
    expect(await eraseDueAccounts(env, due + 1)).toBe(1);
    expect(JSON.stringify(await env.DB.prepare("SELECT * FROM erased_viewers").all())).not.toContain(pseudonym);

    // The show ends afterwards: the room's timeline still holds their line and a giveaway they won.
    const by = (id: string, name: string) => ({ id, name, avatar: null, role: "member" as const });
    const line = (seq: number, who: ReturnType<typeof by>): TimelineEntry => ({
      seq,
      at: seq,
      kind: "chat",
      viewer: who.id,
      payload: { type: "chat", line: { id: `m${seq}`, at: seq, by: who, text: `${who.name} says hi` } },
    });
    const drawn = { seq: 800_003, at: 800_003, kind: "giveaway", viewer: null, payload: { type: "giveaway_drawn", giveaway: "g9", winner: { id: pseudonym, name: member.nickname, avatar: null }, at: 800_003 } } as unknown as TimelineEntry;
    await saveTimeline(env.DB, database(env.DB), show.id, [line(800_001, by(pseudonym, member.nickname)), line(800_002, by("vwr_fedcba9876543210", "Someone Else")), drawn]);
    const stored = JSON.stringify((await env.DB.prepare("SELECT viewer, payload FROM show_timeline WHERE show_id = ? AND seq IN (800001, 800002, 800003)").bind(show.id).all()).results);
    expect(stored).toContain("Someone Else says hi");
    expect(stored).not.toContain(member.nickname);
    expect(stored).not.toContain(`"viewer":"${pseudonym}"`);
    const won = await env.DB.prepare("SELECT payload FROM show_timeline WHERE show_id = ? AND seq = 800003").bind(show.id).first<string>("payload");
    expect(JSON.parse(won!).winner).toEqual({ id: pseudonym, name: "erased", avatar: null });
  });
});
