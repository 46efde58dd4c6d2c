import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyGiveaway } from "../../party/giveaway-proof.ts";
import { startRooms } from "../../scripts/lib/local-stack.ts";
import { persistTo } from "./global-setup.ts";
import { connect, memberTicket, pseudonym, secret, ticketFor } from "./room-client.ts";

/** The host, two members and a guest in a fresh room, each welcomed. */
async function crowd(room: string) {
  const host = await connect(room, await memberTicket(room, "Lin", "host"));
  const ann = await connect(room, await memberTicket(room, "Ann"));
  const bob = await connect(room, await memberTicket(room, "Bob"));
  const guest = await connect(room, await ticketFor(room));
  await Promise.all([host, ann, bob, guest].map((client) => client.of("welcome")));
  return { host, ann, bob, guest };
}

describe("polls over real WebSockets", () => {
  it("lets members vote and shows everyone the totals, once per tick; a guest is asked to sign in", async () => {
    const room = `show-${randomUUID()}`;
    const { host, ann, bob, guest } = await crowd(room);
    ann.send({ type: "poll_open", question: "Mine?", options: ["a", "b"], seconds: 30 });
    expect(await ann.of("error")).toMatchObject({ code: "forbidden" });

    host.send({ type: "poll_open", question: "Which tea next?", options: ["Oolong", "Longjing"], seconds: 30 });
    for (const client of [host, ann, bob, guest]) {
      expect(await client.of("poll_opened")).toMatchObject({ poll: { id: "p1", question: "Which tea next?", options: ["Oolong", "Longjing"], totals: [0, 0], closed: false } });
    }
    ann.send({ type: "poll_vote", poll: "p1", option: 0 });
    bob.send({ type: "poll_vote", poll: "p1", option: 1 });
    bob.send({ type: "poll_vote", poll: "p1", option: 0 }); // changed: the latest choice counts, once
    guest.send({ type: "poll_vote", poll: "p1", option: 1 });
    expect(await guest.of("error")).toMatchObject({ code: "sign_in" });
    for (const client of [host, ann, bob, guest]) await client.of("poll_totals", (m) => m.totals[0] === 2 && m.totals[1] === 0 && m.voters === 2);
    expect(guest.messages.filter((m) => m.type === "poll_totals").length).toBeLessThanOrEqual(2);

    host.send({ type: "poll_close", poll: "p1" });
    for (const client of [host, ann, bob, guest]) expect(await client.of("poll_closed")).toMatchObject({ poll: { totals: [2, 0], voters: 2, closed: true } });
    // A joiner sees the final results.
    const late = await connect(room, await ticketFor(room));
    expect(await late.of("welcome")).toMatchObject({ poll: { id: "p1", totals: [2, 0], closed: true } });
  });
});

describe("giveaways over real WebSockets", () => {
  it("opens with a commitment, takes entries, publishes the entrants' hash, draws, and the proof recomputes", async () => {
    const room = `show-${randomUUID()}`;
    const { host, ann, bob, guest } = await crowd(room);
    host.send({ type: "giveaway_open", prize: "A tin of Longjing", seconds: 10 });
    const opened = await guest.of("giveaway_opened");
    expect(opened.giveaway).toMatchObject({ id: "g1", prize: "A tin of Longjing", phase: "open", chain: { kind: "sandbox" }, count: 0 });

    ann.send({ type: "giveaway_enter", giveaway: "g1" });
    bob.send({ type: "giveaway_enter", giveaway: "g1" });
    guest.send({ type: "giveaway_enter", giveaway: "g1" });
    host.send({ type: "giveaway_enter", giveaway: "g1" });
    expect(await guest.of("error")).toMatchObject({ code: "sign_in" });
    expect(await host.of("error")).toMatchObject({ code: "forbidden" });
    await ann.of("giveaway_entered");
    await bob.of("giveaway_entered");
    await guest.of("giveaway_entries", (m) => m.count === 2);

    host.send({ type: "giveaway_close", giveaway: "g1" });
    const closed = await guest.of("giveaway_closed");
    expect(closed).toMatchObject({ giveaway: "g1", count: 2, entrantsHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    host.send({ type: "giveaway_draw", giveaway: "g1" });
    expect(await guest.of("giveaway_drawing")).toMatchObject({ round: opened.giveaway.round });
    // The committed round comes after the scheduled end of entries (10 s after opening), so wait for it.
    const drawn = await guest.of("giveaway_drawn", undefined, 20_000);
    expect(["Ann", "Bob"]).toContain(drawn.winner?.name);
    expect(drawn.proof).toMatchObject({ commitment: opened.giveaway.commitment, entrantsHash: closed.entrantsHash, round: opened.giveaway.round });
    expect(await verifyGiveaway(drawn.proof)).toEqual({ ok: true, failed: [], winner: drawn.winner!.id });
    // The seed was in no frame anyone received before the draw.
    for (const client of [host, ann, bob, guest]) {
      const before = client.raw.slice(0, client.messages.findIndex((m) => m.type === "giveaway_drawn"));
      expect(before.join("\n")).not.toContain(drawn.proof.seed);
    }
  }, 40_000);

  it("keeps the same seed and entries when the rooms server restarts between commitment and draw", async () => {
    // A rooms server of this test's own (its own port and storage), so it can be stopped and started again.
    const port = Number(process.env.TEST_ACTIVITIES_ROOMS_PORT ?? 2993);
    const start = () => startRooms({ roomsPort: port, secrets: { ROOM_TICKET_SECRET: secret }, inheritOutput: false, persistTo: `${persistTo}/activities-restart` });
    const base = `ws://localhost:${port}`;
    const room = `show-${randomUUID()}`;
    const hostId = pseudonym();
    const annId = pseudonym();
    let server = await start();
    try {
      let host = await connect(room, await memberTicket(room, "Lin", "host", hostId), base);
      let ann = await connect(room, await memberTicket(room, "Ann", "member", annId), base);
      await Promise.all([host.of("welcome"), ann.of("welcome")]);
      host.send({ type: "giveaway_open", prize: "A gaiwan", seconds: 10 });
      const { giveaway } = await ann.of("giveaway_opened");
      ann.send({ type: "giveaway_enter", giveaway: "g1" });
      await ann.of("giveaway_entered");
      await Promise.all([host.close(), ann.close()]);
      await server.stop();

      server = await start();
      host = await connect(room, await memberTicket(room, "Lin", "host", hostId), base);
      ann = await connect(room, await memberTicket(room, "Ann", "member", annId), base);
      expect(await ann.of("welcome", undefined, 15_000)).toMatchObject({ giveaway: { id: "g1", commitment: giveaway.commitment, count: 1, entered: true } });
      await host.of("welcome");
      host.send({ type: "giveaway_close", giveaway: "g1" });
      await ann.of("giveaway_closed");
      host.send({ type: "giveaway_draw", giveaway: "g1" });
      const drawn = await ann.of("giveaway_drawn", undefined, 20_000);
      expect(drawn.winner).toEqual({ id: annId, name: "Ann", avatar: "/media/avatars/ann.svg" });
      expect(drawn.proof.commitment).toBe(giveaway.commitment);
      expect(await verifyGiveaway(drawn.proof)).toEqual({ ok: true, failed: [], winner: annId });
    } finally {
      await server.stop();
    }
  }, 60_000);
});
