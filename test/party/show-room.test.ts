import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { startRooms } from "../../scripts/lib/local-stack.ts";
import { persistTo } from "./global-setup.ts";
import { notifyRoom } from "../../worker/features/live/room-events.ts";
import { signToken } from "../../worker/lib/signed-token.ts";
import { connect, latestCount, memberTicket, roomsUrl, secret, serverSecret, ticketFor, waitForCount } from "./room-client.ts";

describe("live room over real WebSockets", () => {
  it("shows every viewer the count rise as others join and fall as they leave", async () => {
    const room = `show-${randomUUID()}`;
    const first = await connect(room, await ticketFor(room));
    expect(await first.next((m) => m.type === "welcome")).toMatchObject({ type: "welcome", viewers: 1, likes: 0, messages: [] });

    const second = await connect(room, await ticketFor(room));
    const third = await connect(room, await ticketFor(room));
    for (const client of [first, second, third]) await waitForCount(client, 3);

    await third.close();
    for (const client of [first, second]) await waitForCount(client, 2);

    const stats = await fetch(`${roomsUrl}/parties/main/${room}`).then((r) => r.json());
    expect(stats).toEqual({ viewers: 2 });
  });

  it("batches joins into few broadcasts instead of one per viewer", async () => {
    const room = `show-${randomUUID()}`;
    const watcher = await connect(room, await ticketFor(room));
    const crowd = await Promise.all(Array.from({ length: 8 }, async () => connect(room, await ticketFor(room))));
    await waitForCount(watcher, 9);
    const broadcasts = watcher.messages.filter((m) => m.type === "viewers").length;
    expect(broadcasts).toBeLessThan(crowd.length);
  });

  it("counts a person once, even with one ticket replayed on many sockets", async () => {
    const room = `show-${randomUUID()}`;
    const ticket = await ticketFor(room);
    const watcher = await connect(room, await ticketFor(room));
    const replays = await Promise.all(Array.from({ length: 5 }, () => connect(room, ticket)));
    await waitForCount(watcher, 2);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(latestCount(watcher)).toBe(2);
    expect(await fetch(`${roomsUrl}/parties/main/${room}`).then((r) => r.json())).toEqual({ viewers: 2 });
    await Promise.all(replays.slice(1).map((client) => client.close()));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(latestCount(watcher)).toBe(2);
  });

  it("answers a malformed message with an error and keeps the count unchanged", async () => {
    const room = `show-${randomUUID()}`;
    const viewer = await connect(room, await ticketFor(room));
    await viewer.next((m) => m.type === "welcome");
    viewer.socket.send("this is not json");
    viewer.socket.send(JSON.stringify({ type: "chat", text: 42 }));
    const error = await viewer.next((m) => m.type === "error");
    expect(error).toMatchObject({ type: "error", code: "invalid_message" });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(viewer.messages.filter((m) => m.type === "error")).toHaveLength(2);
    expect(latestCount(viewer)).toBe(1);
    viewer.socket.send(JSON.stringify({ type: "ping", sentAt: 42 }));
    expect(await viewer.next((m) => m.type === "pong")).toEqual({ type: "pong", sentAt: 42 });
  });

  it("carries members' chat to everyone in the room under nickname and avatar; a guest is asked to sign in", async () => {
    const room = `show-${randomUUID()}`;
    const ann = await connect(room, await memberTicket(room, "Ann"));
    const bob = await connect(room, await memberTicket(room, "Bob"));
    const guest = await connect(room, await ticketFor(room));
    await Promise.all([ann, bob, guest].map((client) => client.next((m) => m.type === "welcome")));
    ann.socket.send(JSON.stringify({ type: "chat", text: "Is the oolong roasted?" }));
    for (const client of [ann, bob, guest]) {
      const chat = await client.next((m) => m.type === "chat");
      expect(chat).toMatchObject({ type: "chat", line: { text: "Is the oolong roasted?", by: { name: "Ann", avatar: "/media/avatars/ann.svg", role: "member" } } });
      if (chat.type === "chat") expect(chat.line.at).toBeGreaterThanOrEqual(60_000);
    }
    guest.socket.send(JSON.stringify({ type: "chat", text: "hello" }));
    expect(await guest.next((m) => m.type === "error")).toMatchObject({ code: "sign_in" });
    // A late joiner gets the conversation so far in its welcome.
    const late = await connect(room, await ticketFor(room));
    expect(await late.next((m) => m.type === "welcome")).toMatchObject({ messages: [{ text: "Is the oolong roasted?" }] });
  });

  it("throttles one member's flood without slowing the others, and sends likes as one total per tick", async () => {
    const room = `show-${randomUUID()}`;
    const flooder = await connect(room, await memberTicket(room, "Flood"));
    const calm = await connect(room, await memberTicket(room, "Calm"));
    await Promise.all([flooder, calm].map((client) => client.next((m) => m.type === "welcome")));
    for (let i = 0; i < 20; i++) flooder.socket.send(JSON.stringify({ type: "chat", text: `spam ${i}` }));
    expect(await flooder.next((m) => m.type === "error" && m.code === "rate_limited")).toMatchObject({ retryAfterMs: expect.any(Number) });
    calm.socket.send(JSON.stringify({ type: "chat", text: "lovely glaze" }));
    expect(await calm.next((m) => m.type === "chat" && m.line.text === "lovely glaze")).toMatchObject({ line: { by: { name: "Calm" } } });
    expect(calm.messages.filter((m) => m.type === "chat" && m.line.by.name === "Flood").length).toBeLessThanOrEqual(3);

    for (let i = 0; i < 15; i++) calm.socket.send(JSON.stringify({ type: "like" }));
    for (let i = 0; i < 15; i++) flooder.socket.send(JSON.stringify({ type: "like" }));
    await calm.next((m) => m.type === "likes" && m.total === 30);
    expect(calm.messages.filter((m) => m.type === "likes").length).toBeLessThan(10);
  });

  it("forgets nothing it acknowledged when the rooms server restarts: chat, likes and pins come back", async () => {
    // A rooms server of this test's own, so it can be stopped and started again.
    const port = Number(process.env.TEST_RESTART_ROOMS_PORT ?? 2997);
    const start = () => startRooms({ roomsPort: port, secrets: { ROOM_TICKET_SECRET: secret }, inheritOutput: false, persistTo: `${persistTo}/restart` });
    const base = `ws://localhost:${port}`;
    const room = `show-${randomUUID()}`;
    let server = await start();
    try {
      const host = await connect(room, await memberTicket(room, "Host", "host"), base);
      await host.next((m) => m.type === "welcome");
      host.socket.send(JSON.stringify({ type: "chat", text: "Welcome, everyone" }));
      host.socket.send(JSON.stringify({ type: "moderate", command: { action: "pin", products: ["prd_aaaaaaaaaaaaaaaa"] } }));
      for (let i = 0; i < 4; i++) host.socket.send(JSON.stringify({ type: "like" }));
      await host.next((m) => m.type === "likes" && m.total === 4);
      await host.next((m) => m.type === "pinned");
      await host.close();
      await server.stop();

      server = await start();
      const back = await connect(room, await ticketFor(room), base);
      expect(await back.next((m) => m.type === "welcome", 15_000)).toMatchObject({
        likes: 4,
        pinned: ["prd_aaaaaaaaaaaaaaaa"],
        messages: [{ text: "Welcome, everyone", by: { name: "Host", role: "host" } }],
      });
    } finally {
      await server.stop();
    }
  });

  it("announces a purchase only when the worker's signed call says so", async () => {
    const room = `show-${randomUUID()}`;
    const viewer = await connect(room, await ticketFor(room));
    await viewer.next((m) => m.type === "welcome");
    const product = "prd_aaaaaaaaaaaaaaaa";
    const post = (token: string) => fetch(`${roomsUrl}/parties/main/${room}`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
    const event = { room, event: { type: "purchase", name: "Mei", product } };
    // A ticket's key, another room, an expired or unsigned call: all refused, nothing announced.
    expect((await post(await signToken(secret, event, 60))).status).toBe(401);
    expect((await post(await signToken(serverSecret, { ...event, room: "another-room" }, 60))).status).toBe(401);
    expect((await post(await signToken(serverSecret, event, 60, Date.now() - 120_000))).status).toBe(401);
    expect((await post("")).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(viewer.messages.some((m) => m.type === "purchase")).toBe(false);

    // The worker's own sender, as checkout will call it.
    await notifyRoom({ PARTY_URL: roomsUrl, ROOM_SERVER_SECRET: serverSecret }, room, { type: "purchase", name: "Mei", product });
    expect(await viewer.next((m) => m.type === "purchase")).toMatchObject({ type: "purchase", name: "Mei", product });
  });

  it("refuses sockets without a valid ticket for this very room", async () => {
    const room = `show-${randomUUID()}`;
    await expect(connect(room, null)).rejects.toThrow("refused: 401");
    await expect(connect(room, "forged.ticket")).rejects.toThrow("refused: 401");
    await expect(connect(room, await ticketFor("another-room"))).rejects.toThrow("refused: 401");
    const wrongSecret = await signToken("not-the-rooms-secret-0123456789", { room, sub: "vwr_x", role: "viewer" }, 60);
    await expect(connect(room, wrongSecret)).rejects.toThrow("refused: 401");
    const expired = await signToken(secret, { room, sub: "vwr_x", role: "viewer" }, 60, Date.now() - 120_000);
    await expect(connect(room, expired)).rejects.toThrow("refused: 401");
  });
});
