import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ServerMessage } from "../../party/protocol.ts";
import { startRooms } from "../../scripts/lib/local-stack.ts";
import { collectShow } from "../../worker/features/live/archive.ts";
import { notifyRoom } from "../../worker/features/live/room-events.ts";
import { signToken } from "../../worker/lib/signed-token.ts";
import { persistTo } from "./global-setup.ts";
import { connect, memberTicket, pseudonym, roomsUrl, secret, serverSecret, type Client } from "./room-client.ts";

const worker = { PARTY_URL: roomsUrl, ROOM_SERVER_SECRET: serverSecret };
const say = (client: Client, message: unknown) => client.socket.send(JSON.stringify(message));
const statsOf = (message: ServerMessage) => (message.type === "stats" ? message.stats : null);

describe("selling and statistics in a live room", () => {
  it("shows the host live figures that no viewer receives: peak and unique viewers, messages, clicks, orders and revenue", async () => {
    const room = `show-${randomUUID()}`;
    const host = await connect(room, await memberTicket(room, "Host", "host"));
    const mei = await connect(room, await memberTicket(room, "Mei"));
    await mei.next((m) => m.type === "welcome");
    say(mei, { type: "chat", text: "Does it come in green?" });
    say(mei, { type: "click", product: "prd_aaaaaaaaaaaaaaaa" });
    say(mei, { type: "click", product: "prd_aaaaaaaaaaaaaaaa" });
    await notifyRoom(worker, room, { type: "purchase", name: "Mei", product: "prd_aaaaaaaaaaaaaaaa", amountMinor: 8_800 });
    await mei.next((m) => m.type === "purchase");
    const stats = await host.next((m) => statsOf(m)?.orders === 1 && statsOf(m)?.messages === 1 && statsOf(m)?.productClicks === 1);
    expect(stats).toEqual({ type: "stats", stats: { viewers: 2, peakViewers: 2, uniqueViewers: 2, likes: 0, messages: 1, productClicks: 1, orders: 1, revenueMinor: 8_800 } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mei.messages.filter((m) => m.type === "stats")).toEqual([]);
    expect(JSON.stringify(mei.messages)).not.toContain("8800");
  });

  it("starts a flash sale for everyone at once, pinned first, with the room's clock to count down from", async () => {
    const room = `show-${randomUUID()}`;
    const viewer = await connect(room, await memberTicket(room, "Mei"));
    const welcome = await viewer.next((m) => m.type === "welcome");
    const sale = { id: "fls_aaaaaaaaaaaaaaaa", product: "prd_bbbbbbbbbbbbbbbb", priceMinor: 880, quantity: 20, remaining: 20, startsAt: 60_000, endsAt: 120_000 };
    await notifyRoom(worker, room, { type: "sale", sale });
    expect(await viewer.next((m) => m.type === "pinned")).toMatchObject({ products: ["prd_bbbbbbbbbbbbbbbb"] });
    const started = await viewer.next((m) => m.type === "sale");
    // The show went live a minute before the ticket was signed: the room's clock says so, not the browser's.
    expect(started).toMatchObject({ type: "sale", sale });
    expect(started.type === "sale" && welcome.type === "welcome" && started.now >= welcome.now).toBe(true);
    // A browser cannot start one.
    const forged = await fetch(`${roomsUrl}/parties/main/${room}`, { method: "POST", headers: { authorization: `Bearer ${await signToken(secret, { room, event: { type: "sale", sale: { ...sale, priceMinor: 1 } } }, 60)}` } });
    expect(forged.status).toBe(401);
    const late = await connect(room, await memberTicket(room, "Lin"));
    expect(await late.next((m) => m.type === "welcome")).toMatchObject({ sale: { priceMinor: 880 }, pinned: ["prd_bbbbbbbbbbbbbbbb"] });
  });

  it("ends with its final figures and hands the worker its whole timeline, page by page, without removed lines", async () => {
    const room = `show-${randomUUID()}`;
    const host = await connect(room, await memberTicket(room, "Host", "host"));
    const mei = await connect(room, await memberTicket(room, "Mei"));
    await mei.next((m) => m.type === "welcome");
    for (let i = 1; i <= 3; i++) {
      say(mei, { type: "chat", text: `line ${i}` });
      await host.next((m) => m.type === "chat" && m.line.text === `line ${i}`);
    }
    const second = host.messages.find((m) => m.type === "chat" && m.line.text === "line 2");
    say(host, { type: "moderate", command: { action: "delete", id: second?.type === "chat" ? second.line.id : "" } });
    await mei.next((m) => m.type === "removed");
    say(host, { type: "moderate", command: { action: "pin", products: ["prd_aaaaaaaaaaaaaaaa"] } });
    await mei.next((m) => m.type === "pinned");

    const { stats, timeline } = await collectShow(worker, room);
    expect(stats).toMatchObject({ messages: 3, uniqueViewers: 2, peakViewers: 2 });
    expect(timeline.map((entry) => (entry.payload.type === "chat" ? entry.payload.line.text : entry.payload.type))).toEqual(["line 1", "line 3", "pinned"]);
    // Paging: two stored entries at a time (a removed line leaves a page short) gives the same entries in order.
    type Page = { entries: { seq: number }[]; last: number | null };
    const paged: number[] = [];
    for (let after: number | null = 0; after !== null; ) {
      const page = (await notifyRoom(worker, room, { type: "timeline", after, limit: 2 })) as Page;
      paged.push(...page.entries.map((entry) => entry.seq));
      after = page.last;
    }
    expect(paged).toEqual(timeline.map((entry) => entry.seq));

    // Everyone hears the show ended; the room takes no more chat.
    expect(await mei.next((m) => m.type === "ended")).toMatchObject({ type: "ended" });
    say(mei, { type: "chat", text: "hello?" });
    expect(await mei.next((m) => m.type === "error")).toMatchObject({ code: "ended" });
  });

  it("lets a page reconnect under the same connection id while its old socket lingers: the old one is closed, the count stays right", async () => {
    const room = `show-${randomUUID()}`;
    const id = randomUUID();
    const sub = pseudonym();
    const ticket = () => signToken(secret, { room, sub, role: "member", name: "Mei", liveAt: Date.now() }, 60);
    const watcher = await connect(room, await memberTicket(room, "Lin"));
    await watcher.next((m) => m.type === "welcome");
    const old = await connect(room, await ticket(), undefined, id);
    await old.next((m) => m.type === "welcome");
    const closed = new Promise<number>((resolve) => old.socket.once("close", (code) => resolve(code)));
    const fresh = await connect(room, await ticket(), undefined, id);
    await fresh.next((m) => m.type === "welcome");
    expect(await closed).toBe(4000);
    // The new socket is served (a reply goes to it, not to the closed one) and Mei still counts once.
    fresh.send({ type: "ping", sentAt: 7 });
    expect(await fresh.next((m) => m.type === "pong")).toEqual({ type: "pong", sentAt: 7 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await (await fetch(`${roomsUrl}/parties/main/${room}`)).json()) as { viewers: number }).toEqual({ viewers: 2 });
    fresh.send({ type: "chat", text: "still here" });
    expect(await watcher.next((m) => m.type === "chat")).toMatchObject({ line: { text: "still here", by: { name: "Mei" } } });
  });

  it("counts unique viewers across a restart of the rooms server", async () => {
    const port = Number(process.env.TEST_RESTART_ROOMS_PORT ?? 2997);
    const start = () =>
      startRooms({ roomsPort: port, secrets: { ROOM_TICKET_SECRET: secret, ROOM_SERVER_SECRET: serverSecret }, inheritOutput: false, persistTo: `${persistTo}/restart` });
    const base = `ws://localhost:${port}`;
    const room = `show-${randomUUID()}`;
    const ann = pseudonym();
    const ticket = (sub: string, role: "member" | "host" = "member") => signToken(secret, { room, sub, role, name: sub.slice(4, 10), liveAt: Date.now() }, 60);
    let server = await start();
    try {
      for (const sub of [ann, pseudonym()]) {
        const client = await connect(room, await ticket(sub), base);
        await client.next((m) => m.type === "welcome");
        await client.close();
      }
      await server.stop();
      server = await start();
      const host = await connect(room, await ticket(pseudonym(), "host"), base);
      await host.next((m) => m.type === "welcome", 15_000);
      const again = await connect(room, await ticket(ann), base);
      await again.next((m) => m.type === "welcome");
      // Ann came back (counted once), the host is new: three people have watched.
      expect(await host.next((m) => statsOf(m)?.viewers === 2)).toMatchObject({ stats: { uniqueViewers: 3 } });
    } finally {
      await server.stop();
    }
  });
});
