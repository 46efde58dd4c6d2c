import { env } from "cloudflare:workers";
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { demoMembers } from "../../db/seed/seed-members.ts";
import { roomTicket } from "../../party/protocol.ts";
import worker from "../../worker/index.ts";
import { runMinuteJobs } from "../../worker/features/outbox/scheduled.ts";
import { saveStats, saveTimeline } from "../../worker/features/live/host-queries.ts";
import { claimCoupon, holdUnit, issueCoupon, startSale } from "../../worker/features/live/selling.ts";
import { database } from "../../worker/lib/db.ts";
import { verifyToken } from "../../worker/lib/signed-token.ts";
import { makeMembers } from "./order-support.ts";
import { captureConsole, seedDemoShop, signInAs, textOf, Visitor } from "./support.ts";

const [shopper, host, staff] = demoMembers as [(typeof demoMembers)[number], (typeof demoMembers)[number], (typeof demoMembers)[number]];

beforeAll(async () => {
  await seedDemoShop({ members: true });
});

async function signedIn(member: { national: string; password: string }) {
  const visitor = new Visitor({ country: "CN" });
  const response = await signInAs(visitor, member);
  expect(response.status).toBe(303);
  return visitor;
}

async function liveShow() {
  const row = await env.DB.prepare("SELECT id, slug, live_at FROM live_shows WHERE status = 'live' LIMIT 1").first<{ id: string; slug: string; live_at: number }>();
  const product = await env.DB.prepare(
    "SELECT p.id, p.price_minor FROM live_show_products sp JOIN products p ON p.id = sp.product_id WHERE sp.show_id = ? ORDER BY position LIMIT 1",
  )
    .bind(row!.id)
    .first<{ id: string; price_minor: number }>();
  return { ...row!, product: product! };
}

/** Ends any sale of the show still running, so each test starts its own. */
async function endSales(showId: string) {
  await env.DB.prepare("UPDATE flash_sales SET ends_at = starts_at + 1 WHERE show_id = ?").bind(showId).run();
}

describe("host console", () => {
  it("is for hosts and staff only: guests sign in, shoppers are refused", async () => {
    const guest = await new Visitor().get("/host");
    expect(guest.status).toBe(303);
    expect(guest.headers.get("location")).toBe("/sign-in?next=%2Fhost");
    expect((await (await signedIn(shopper)).get("/host")).status).toBe(403);
    const page = await (await signedIn(host)).get("/host");
    expect(page.status).toBe(200);
    expect(textOf(await page.text())).toContain("Spring tea tasting with Master Lin");
  });

  it("answers a show the host does not run exactly like an unknown one; staff run every show", async () => {
    const { slug, product } = await liveShow();
    const lin = await signedIn(host);
    const support = await signedIn(staff);
    expect((await lin.get(`/host/shows/${slug}`)).status).toBe(200);
    expect((await support.get(`/host/shows/${slug}`)).status).toBe(200);
    const created = await support.post("/host/shows", { titleEn: "Support hour", descriptionEn: "Questions about orders.", startsAt: "2026-12-20T09:00", stream: "none", products: product.id });
    const theirs = created.headers.get("location")!;
    expect((await support.get(theirs)).status).toBe(200);
    const unknown = await lin.get("/host/shows/no-such-show");
    const foreign = await lin.get(theirs);
    expect(foreign.status).toBe(404);
    expect(unknown.status).toBe(404);
    // Nor can the host act on it.
    expect((await lin.post(`${theirs}/live`, {})).status).toBe(404);
    expect(await env.DB.prepare("SELECT status FROM live_shows WHERE slug = ?").bind(theirs.split("/").at(-1)).first("status")).toBe("scheduled");
  });

  it("schedules a show, keeps what was typed when the form is wrong, and goes live once", async () => {
    const visitor = await signedIn(host);
    const { product } = await liveShow();
    const bad = await visitor.post("/host/shows", { titleEn: "Kiln night", descriptionEn: "", startsAt: "2026-12-24T20:00", stream: "webrtc", products: product.id });
    expect(bad.status).toBe(422);
    const badText = await bad.text();
    expect(badText).toContain('value="Kiln night"');
    expect(textOf(badText)).toContain("Say what the show is about.");
    expect(await env.DB.prepare("SELECT count(*) AS n FROM live_show_texts WHERE title = 'Kiln night'").first("n")).toBe(0);

    const created = await visitor.post("/host/shows", {
      titleEn: "Kiln night",
      descriptionEn: "Firing the winter teapots.",
      startsAt: "2026-12-24T20:00",
      stream: "webrtc",
      products: product.id,
    });
    expect(created.status).toBe(303);
    const slug = created.headers.get("location")!.split("/").at(-1)!;
    expect(slug).toMatch(/^kiln-night-[0-9a-z]{6}$/);
    const show = await env.DB.prepare("SELECT id, status, starts_at, stream_kind, live_at FROM live_shows WHERE slug = ?").bind(slug).first<{ id: string; status: string; starts_at: number; stream_kind: string; live_at: number | null }>();
    // 20:00 in Shanghai is 12:00 UTC.
    expect(show).toMatchObject({ status: "scheduled", starts_at: Date.UTC(2026, 11, 24, 12), stream_kind: "webrtc", live_at: null });
    const texts = await env.DB.prepare("SELECT locale, title FROM live_show_texts WHERE show_id = ? ORDER BY locale").bind(show!.id).all();
    expect(texts.results).toEqual([
      { locale: "en", title: "Kiln night" },
      { locale: "zh-CN", title: "Kiln night" },
    ]);

    const before = Date.now();
    expect((await visitor.post(`/host/shows/${slug}/live`, {})).status).toBe(303);
    const live = await env.DB.prepare("SELECT status, live_at FROM live_shows WHERE id = ?").bind(show!.id).first<{ status: string; live_at: number }>();
    expect(live!.status).toBe("live");
    expect(live!.live_at).toBeGreaterThanOrEqual(before);
    // Going live again does not move the show clock's zero.
    await visitor.post(`/host/shows/${slug}/live`, {});
    expect(await env.DB.prepare("SELECT live_at FROM live_shows WHERE id = ?").bind(show!.id).first("live_at")).toBe(live!.live_at);

    // The room's ticket starts the show clock when the show went live.
    const ticket = await visitor.request(`/api/live/${slug}/ticket`, { method: "POST", headers: { Accept: "application/json", Origin: "https://shop.test" } });
    const { ticket: token } = await ticket.json<{ ticket: string }>();
    expect((await verifyToken(env.ROOM_TICKET_SECRET, token, roomTicket))?.liveAt).toBe(live!.live_at);
  });
});

describe("flash sales", () => {
  it("refuses a flash price that is not below the product's price, and a second sale while one runs", async () => {
    const { id, slug, product } = await liveShow();
    await endSales(id);
    const visitor = await signedIn(host);
    const tooHigh = await visitor.post(`/host/shows/${slug}/sales`, { product: product.id, price: String(product.price_minor / 100), quantity: "5", seconds: "60" });
    expect(tooHigh.status).toBe(422);
    expect(textOf(await tooHigh.text())).toContain("The flash price must be below the product's price.");
    const price = String(Math.floor(product.price_minor / 200));
    expect((await visitor.post(`/host/shows/${slug}/sales`, { product: product.id, price, quantity: "5", seconds: "60" })).status).toBe(303);
    const second = await visitor.post(`/host/shows/${slug}/sales`, { product: product.id, price, quantity: "5", seconds: "60" });
    expect(second.status).toBe(409);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM flash_sales WHERE show_id = ? AND ends_at > ?").bind(id, Date.now()).first("n")).toBe(1);
  });

  it("never oversells: of eight members buying three units at once, exactly three get one", async () => {
    const show = await liveShow();
    await endSales(show.id);
    const now = Date.now();
    const sale = await startSale(env.DB, { showId: show.id, productId: show.product.id, priceMinor: 1000, quantity: 3, seconds: 60, liveAt: show.live_at, now });
    expect(sale).not.toBeNull();
    const buyers = await makeMembers(8);
    const holds = await Promise.all(buyers.map((member) => holdUnit(env.DB, sale!, member, now + 1)));
    expect(holds.filter((hold) => hold !== null)).toHaveLength(3);
    expect(await env.DB.prepare("SELECT sold FROM flash_sales WHERE id = ?").bind(sale!.id).first("sold")).toBe(3);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM flash_sale_holds WHERE sale_id = ?").bind(sale!.id).first("n")).toBe(3);
  });

  it("holds a unit at the sale's price whatever the browser sends, once per member, and gives it back when unpaid", async () => {
    const show = await liveShow();
    await endSales(show.id);
    const visitor = await signedIn(shopper);
    const sale = await startSale(env.DB, { showId: show.id, productId: show.product.id, priceMinor: 1234, quantity: 2, seconds: 60, liveAt: show.live_at, now: Date.now() });
    const buy = () => visitor.post(`/live/${show.slug}/sales/${sale!.id}/buy`, { price: "1", priceMinor: "1" });
    const first = await buy();
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe(`/live/${show.slug}/sales/${sale!.id}`);
    const page = await visitor.get(first.headers.get("location")!);
    expect(page.status).toBe(200);
    expect(textOf(await page.text())).toContain("Terracotta Oolong Tea is held for you at CN¥12.34 until");
    await buy();
    const held = await env.DB.prepare("SELECT price_minor FROM flash_sale_holds WHERE sale_id = ?").bind(sale!.id).all<{ price_minor: number }>();
    expect(held.results).toEqual([{ price_minor: 1234 }]);
    expect(await env.DB.prepare("SELECT sold FROM flash_sales WHERE id = ?").bind(sale!.id).first("sold")).toBe(1);

    // Sixteen minutes later nobody paid: the minute job puts the unit back.
    await runMinuteJobs(env, Date.now() + 16 * 60_000);
    expect(await env.DB.prepare("SELECT sold FROM flash_sales WHERE id = ?").bind(sale!.id).first("sold")).toBe(0);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM flash_sale_holds WHERE sale_id = ?").bind(sale!.id).first("n")).toBe(0);
  });

  it("sells nothing once the countdown is over", async () => {
    const show = await liveShow();
    await endSales(show.id);
    const now = Date.now();
    const sale = await startSale(env.DB, { showId: show.id, productId: show.product.id, priceMinor: 500, quantity: 5, seconds: 10, liveAt: show.live_at, now });
    const [member] = await makeMembers(1);
    expect(await holdUnit(env.DB, sale!, member!, now + 10_000)).toBeNull();
    expect(await holdUnit(env.DB, sale!, member!, now + 9_999)).not.toBeNull();
  });

  it("shows the running sale on the show page, with a buy button for members", async () => {
    const show = await liveShow();
    await endSales(show.id);
    await startSale(env.DB, { showId: show.id, productId: show.product.id, priceMinor: 888, quantity: 4, seconds: 120, liveAt: show.live_at, now: Date.now() });
    const page = await (await signedIn(shopper)).get(`/live/${show.slug}`);
    const text = textOf(await page.text());
    expect(text).toContain("Flash sale");
    expect(text).toContain("4 of 4 left");
    expect(text).toContain("Buy at CN¥8.88");
  });
});

describe("in-room coupons", () => {
  it("gives each member one coupon while they last, however many ask at once", async () => {
    const show = await liveShow();
    const now = Date.now();
    const coupon = await issueCoupon(env.DB, { showId: show.id, percentOff: 10, quantity: 2, minutes: 5, now });
    const members = await makeMembers(5);
    const results = await Promise.all([...members, members[0]!].map((member) => claimCoupon(env.DB, coupon!, member, now + 1)));
    expect(results.filter(Boolean)).toHaveLength(2);
    expect(await env.DB.prepare("SELECT claimed FROM show_coupons WHERE id = ?").bind(coupon!.id).first("claimed")).toBe(2);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM coupon_claims WHERE coupon_id = ?").bind(coupon!.id).first("n")).toBe(2);
  });

  it("lets a signed-in member take the coupon from the show page", async () => {
    const show = await liveShow();
    const visitor = await signedIn(shopper);
    const issued = await (await signedIn(host)).post(`/host/shows/${show.slug}/coupons`, { percent: "15", quantity: "10", minutes: "5" });
    expect(issued.status).toBe(303);
    const id = await env.DB.prepare("SELECT id FROM show_coupons WHERE show_id = ? AND percent_off = 15").bind(show.id).first<string>("id");
    const taken = await visitor.post(`/live/${show.slug}/coupons/${id}/claim`, {});
    expect(taken.status).toBe(303);
    const page = await visitor.get(taken.headers.get("location")!);
    expect(page.status).toBe(200);
    expect(textOf(await page.text())).toContain("The 15% off coupon is yours.");
  });
});

describe("abuse", () => {
  it("limits how often one member can press Take (and, separately, Buy) in a minute", async () => {
    const show = await liveShow();
    const coupon = await issueCoupon(env.DB, { showId: show.id, percentOff: 5, quantity: 1000, minutes: 5, now: Date.now() });
    // Staff: no other test spends their budget.
    const visitor = await signedIn(staff);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await visitor.post(`/live/${show.slug}/coupons/${coupon!.id}/claim`, {})).status);
    // The first takes the coupon, the next 29 are told they have it; the 31st within the minute is refused.
    expect(statuses.slice(0, 30).every((status) => status === 303)).toBe(true);
    expect(statuses[30]).toBe(429);
    expect(await env.DB.prepare("SELECT claimed FROM show_coupons WHERE id = ?").bind(coupon!.id).first("claimed")).toBe(1);
  });
});

describe("ending a show", () => {
  it("ends once, queues the archive, and the summary and replay show what the room reported", async () => {
    const visitor = await signedIn(host);
    const { product } = await liveShow();
    const created = await visitor.post("/host/shows", { titleEn: "Short show", descriptionEn: "Ends at once.", startsAt: "2026-12-25T10:00", stream: "none", products: product.id });
    const slug = created.headers.get("location")!.split("/").at(-1)!;
    await visitor.post(`/host/shows/${slug}/live`, {});
    const warnings = captureConsole("warn");
    const ended = await visitor.post(`/host/shows/${slug}/end`, {});
    expect(ended.status).toBe(303);
    expect(ended.headers.get("location")).toBe(`/host/shows/${slug}/summary`);
    const show = await env.DB.prepare("SELECT id, status, ended_at FROM live_shows WHERE slug = ?").bind(slug).first<{ id: string; status: string; ended_at: number }>();
    expect(show!.status).toBe("ended");
    // The archive was queued: its consumer has tried (and, with no room to reach here, will retry).
    await vi.waitFor(() => expect(warnings.text()).toContain(`"show":"${show!.id}"`), { timeout: 5_000 });
    warnings.restore();
    expect(textOf(await (await visitor.get(`/host/shows/${slug}/summary`)).text())).toContain("being collected");

    // The room cannot be reached from this test: the archive message is retried, not lost.
    const batch = createMessageBatch("live-shop-archive", [{ id: "m1", timestamp: new Date(), attempts: 1, body: { show: show!.id, durationMs: 1000 } }]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.retryMessages).toHaveLength(1);

    // What the room reports is stored once and shown to the host and, as a replay, to everyone.
    const db = database(env.DB);
    const stats = { viewers: 0, peakViewers: 42, uniqueViewers: 57, likes: 300, messages: 12, productClicks: 9, orders: 3, revenueMinor: 26400 };
    await saveStats(db, show!.id, stats, 45 * 60_000);
    await saveStats(db, show!.id, { ...stats, peakViewers: 1 }, 1);
    const by = { id: "vwr_0123456789abcdef", name: "Mei", avatar: "/media/avatars/x.svg", role: "member" as const };
    await saveTimeline(env.DB, db, show!.id, [
      { seq: 1, at: 5_000, kind: "chat", viewer: by.id, payload: { type: "chat", line: { id: "m1", at: 5_000, by, text: "Is the kettle cast iron?" } } },
      { seq: 2, at: 65_000, kind: "pin", viewer: null, payload: { type: "pinned", products: [product.id], at: 65_000 } },
    ]);
    const summary = textOf(await (await visitor.get(`/host/shows/${slug}/summary`)).text());
    expect(summary).toContain("Length 45 min Peak viewers 42 Unique viewers 57 Likes 300 Messages 12 Product clicks 9 Orders 3 Revenue CN¥264");
    const replay = await new Visitor().get(`/live/${slug}`);
    const replayText = textOf(await replay.text());
    expect(replayText).toContain("00:05 Mei Is the kettle cast iron?");
    expect(replayText).toMatch(/01:05 Pinned: /);
  });
});

describe("replays", () => {
  it("says so when an ended show has no replay, rather than promising one", async () => {
    const slug = await env.DB.prepare("SELECT slug FROM live_shows WHERE status = 'ended' AND ended_at < ? LIMIT 1").bind(Date.now() - 3_600_000).first<string>("slug");
    const page = textOf(await (await new Visitor().get(`/live/${slug}`)).text());
    expect(page).toContain("There is no replay of this show.");
    expect(page).not.toContain("The replay is being prepared.");
  });
});

describe("watching history", () => {
  it("remembers the shows a member watched; paused, it adds none and keeps what is there", async () => {
    const { slug } = await liveShow();
    const visitor = await signedIn(shopper);
    const ticket = () => visitor.request(`/api/live/${slug}/ticket`, { method: "POST", headers: { Accept: "application/json", Origin: "https://shop.test" } });
    expect((await ticket()).status).toBe(200);
    await expect.poll(async () => textOf(await (await visitor.get("/account/history")).text())).toContain("Live show Spring tea tasting with Master Lin");
    const watchedAt = () => env.DB.prepare("SELECT h.at FROM member_history h JOIN members m ON m.id = h.member_id WHERE m.nickname = ? AND h.kind = 'show'").bind(shopper.nickname).first<number>("at");
    const first = await watchedAt();

    expect((await visitor.post("/account/history/keep", { keep: "off" })).status).toBe(303);
    const paused = textOf(await (await visitor.get("/account/history")).text());
    expect(paused).toContain("Your history is paused");
    expect(paused).toContain("Spring tea tasting with Master Lin");
    await ticket();
    // Give a write the chance to happen: none may (watching again would move the time).
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await watchedAt()).toBe(first);

    expect((await visitor.post("/account/history/clear", {})).status).toBe(303);
    expect(textOf(await (await visitor.get("/account/history")).text())).toContain("Nothing here yet.");
    await visitor.post("/account/history/keep", { keep: "on" });
  });
});
