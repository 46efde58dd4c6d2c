import { describe, expect, it } from "vitest";
import { sandboxBeacon } from "../../party/beacon.ts";
import {
  commitmentOf,
  drawIndex,
  entrantsHashOf,
  newSeed,
  roundTime,
  sandboxChain,
  uniformIndex,
  verifyGiveaway,
  type GiveawayProof,
} from "../../party/giveaway-proof.ts";
import type { ServerMessage } from "../../party/protocol.ts";
import { entryKey, maxEntrants, pendingGiveawayWork, performGiveawayWork } from "../../party/room/giveaway.ts";
import { initialRoom, restore, snapshot, type Outgoing, type RoomState } from "../../party/room/show-room.ts";
import { frame, join, liveAt, pseudonym, run, tick, type Storage } from "./room-driver.ts";

/**
 * What party/server.ts does between events: performs the work the giveaway waits for (with the sandbox
 * beacon, as if it were `now`) and feeds each result back, until nothing is due.
 */
async function settle(state: RoomState, storage: Storage, now: number): Promise<Outgoing[]> {
  const out: Outgoing[] = [];
  for (let work = pendingGiveawayWork(state.giveaways); work; work = pendingGiveawayWork(state.giveaways)) {
    const result = await performGiveawayWork(work, sandboxBeacon, now);
    if (result.kind === "wait") break;
    out.push(...run(state, storage, { type: "giveaway_work", at: now, result }));
  }
  return out;
}

const messages = (out: Outgoing[]) => out.map((o) => o.message);
const only = <T extends ServerMessage["type"]>(out: Outgoing[], type: T) => messages(out).filter((m): m is Extract<ServerMessage, { type: T }> => m.type === type);

const openAt = liveAt + 10_000;
const open = { type: "giveaway_open", prize: "A tin of Longjing", seconds: 60 };

/** A room with the host, Ann, Bob and a guest, whose host opened a 60 s giveaway 10 s into the show. */
async function withGiveaway() {
  const state = initialRoom();
  const storage: Storage = new Map();
  const out = run(state, storage, { type: "beacon", chain: sandboxChain }, join("h", "Lin", "host"), join("a", "Ann", "member"), join("b", "Bob", "member"), join("g", "guest", "viewer"), tick(liveAt));
  out.push(...run(state, storage, frame("h", open, openAt)), ...(await settle(state, storage, openAt)));
  const opened = only(out, "giveaway_opened")[0]!;
  return { state, storage, out, opened };
}

/** …then Ann and Bob enter, entries close at the end of the window and the host draws. */
async function drawn() {
  const setup = await withGiveaway();
  const { state, storage, out } = setup;
  out.push(
    ...run(state, storage, frame("a", { type: "giveaway_enter", giveaway: "g1" }, openAt + 1_000), frame("b", { type: "giveaway_enter", giveaway: "g1" }, openAt + 1_050)),
    ...run(state, storage, tick(openAt + 1_200), tick(openAt + 60_000)),
    ...(await settle(state, storage, openAt + 60_000)),
    ...run(state, storage, frame("h", { type: "giveaway_draw", giveaway: "g1" }, openAt + 61_000)),
    ...(await settle(state, storage, roundTime(sandboxChain, setup.opened.giveaway.round))),
  );
  const result = only(out, "giveaway_drawn")[0]!;
  return { ...setup, result };
}

describe("giveaways: opening", () => {
  it("opens with a commitment to a seed the room drew, and the first beacon round after entries close", async () => {
    const { state, out, opened } = await withGiveaway();
    expect(messages(out).filter((m) => m.type.startsWith("giveaway_"))).toEqual([opened]);
    const { giveaway } = opened;
    expect(opened.at).toBe(10_000);
    expect(giveaway).toEqual({
      id: "g1",
      prize: "A tin of Longjing",
      phase: "open",
      commitment: expect.stringMatching(/^[0-9a-f]{64}$/),
      chain: sandboxChain,
      round: expect.any(Number),
      openedAt: 10_000,
      closesAt: 70_000,
      count: 0,
    });
    const scheduledClose = openAt + 60_000;
    expect(roundTime(sandboxChain, giveaway.round)).toBeGreaterThan(scheduledClose);
    expect(roundTime(sandboxChain, giveaway.round - 1)).toBeLessThanOrEqual(scheduledClose);
    // The commitment is the hash of the seed the room keeps (and has told nobody).
    const seed = state.giveaways.current!.seed!;
    expect(await commitmentOf(seed)).toBe(giveaway.commitment);
  });

  it("lets only the host and moderators run a giveaway, one at a time, and only once the beacon is known", async () => {
    const state = initialRoom();
    const storage: Storage = new Map();
    run(state, storage, join("h", "Lin", "host"), join("s", "Staff", "moderator"), join("a", "Ann", "member"), join("g", "guest", "viewer"));
    for (const connection of ["a", "g"]) expect(messages(run(state, storage, frame(connection, open, openAt)))).toEqual([expect.objectContaining({ code: "forbidden" })]);
    expect(messages(run(state, storage, frame("h", open, openAt)))).toEqual([expect.objectContaining({ code: "unavailable" })]);
    run(state, storage, { type: "beacon", chain: sandboxChain });
    expect(run(state, storage, frame("s", open, openAt))).toEqual([]);
    expect(only(await settle(state, storage, openAt), "giveaway_opened")).toHaveLength(1);
    expect(messages(run(state, storage, frame("h", open, openAt + 1)))).toEqual([expect.objectContaining({ code: "conflict" })]);
    for (const command of ["giveaway_close", "giveaway_draw"]) {
      expect(messages(run(state, storage, frame("a", { type: command, giveaway: "g1" }, openAt + 2)))).toEqual([expect.objectContaining({ code: "forbidden" })]);
    }
  });

  it("refuses malformed giveaway messages with an error and changes nothing", async () => {
    const { state, storage } = await withGiveaway();
    const malformed = [
      { ...open, prize: "x".repeat(81) },
      { ...open, prize: "" },
      { ...open, seconds: 5 },
      { ...open, seconds: 601 },
      { type: "giveaway_enter" },
      { type: "giveaway_enter", giveaway: "p1" },
      { type: "giveaway_draw", giveaway: 1 },
      { type: "giveaway_reveal", giveaway: "g1" },
    ];
    for (const message of malformed) {
      const before = JSON.stringify(snapshot(state));
      expect(messages(run(state, storage, frame("h", message, openAt + 100)))).toEqual([expect.objectContaining({ type: "error", code: "invalid_message" })]);
      expect(JSON.stringify(snapshot(state))).toBe(before);
    }
  });
});

describe("giveaways: entries", () => {
  it("takes each member once, acknowledges entries with the next tick and sends one count per tick; guests sign in, the host cannot enter", async () => {
    const { state, storage } = await withGiveaway();
    run(state, storage, join("a2", "Ann", "member"));
    const entering = run(
      state,
      storage,
      frame("a", { type: "giveaway_enter", giveaway: "g1" }, openAt + 1_000),
      frame("a2", { type: "giveaway_enter", giveaway: "g1" }, openAt + 1_001),
      frame("b", { type: "giveaway_enter", giveaway: "g1" }, openAt + 1_002),
    );
    expect(entering).toEqual([]);
    expect(messages(run(state, storage, frame("g", { type: "giveaway_enter", giveaway: "g1" }, openAt + 1_003)))).toEqual([expect.objectContaining({ code: "sign_in" })]);
    expect(messages(run(state, storage, frame("h", { type: "giveaway_enter", giveaway: "g1" }, openAt + 1_004)))).toEqual([expect.objectContaining({ code: "forbidden" })]);

    const ticked = run(state, storage, tick(openAt + 1_200));
    expect(ticked).toEqual([
      { to: "connection", id: "a", message: { type: "giveaway_entered", giveaway: "g1", at: 11_200 } },
      { to: "connection", id: "b", message: { type: "giveaway_entered", giveaway: "g1", at: 11_200 } },
      { to: "everyone", message: { type: "giveaway_entries", giveaway: "g1", count: 2, at: 11_200 } },
    ]);
    // Stored one key each: the public face only.
    expect(storage.get(entryKey("g1", pseudonym("ann")))).toEqual({ name: "Ann", avatar: "/media/avatars/ann.svg" });
    expect(run(state, storage, tick(openAt + 1_400))).toEqual([]);
    // Entering again is answered at once, and counts once.
    expect(run(state, storage, frame("a2", { type: "giveaway_enter", giveaway: "g1" }, openAt + 2_000))).toEqual([
      { to: "connection", id: "a2", message: { type: "giveaway_entered", giveaway: "g1", at: 12_000 } },
    ]);
    expect(messages(run(state, storage, join("a3", "Ann", "member", openAt + 3_000)))[0]).toMatchObject({ giveaway: { id: "g1", count: 2, entered: true } });
  });

  it("closes entries at the end of the window and publishes the hash of the sorted entrant list", async () => {
    const { state, storage } = await withGiveaway();
    run(state, storage, frame("b", { type: "giveaway_enter", giveaway: "g1" }, openAt + 500), frame("a", { type: "giveaway_enter", giveaway: "g1" }, openAt + 600));
    expect(messages(run(state, storage, frame("h", { type: "giveaway_draw", giveaway: "g1" }, openAt + 700)))).toEqual([expect.objectContaining({ code: "conflict" })]);
    // An entry at the very end is refused, even before the tick that closes entries.
    run(state, storage, join("c", "Cat", "member"));
    expect(messages(run(state, storage, frame("c", { type: "giveaway_enter", giveaway: "g1" }, openAt + 60_000)))).toEqual([expect.objectContaining({ code: "conflict" })]);
    run(state, storage, tick(openAt + 60_100));
    const closed = only(await settle(state, storage, openAt + 60_100), "giveaway_closed");
    expect(closed).toEqual([
      { type: "giveaway_closed", giveaway: "g1", entrantsHash: await entrantsHashOf([pseudonym("ann"), pseudonym("bob")].sort()), count: 2, at: 70_000 },
    ]);
  });

  it("lets the host close entries early; entries not yet acknowledged are stored first and are in the list", async () => {
    const { state, storage } = await withGiveaway();
    run(state, storage, frame("a", { type: "giveaway_enter", giveaway: "g1" }, openAt + 500));
    const out = run(state, storage, frame("h", { type: "giveaway_close", giveaway: "g1" }, openAt + 600));
    expect(out).toEqual([{ to: "connection", id: "a", message: { type: "giveaway_entered", giveaway: "g1", at: 10_600 } }]);
    expect([...storage.keys()]).toEqual([entryKey("g1", pseudonym("ann"))]);
    expect(only(await settle(state, storage, openAt + 600), "giveaway_closed")).toEqual([
      expect.objectContaining({ entrantsHash: await entrantsHashOf([pseudonym("ann")]), count: 1, at: 10_600 }),
    ]);
    expect(messages(run(state, storage, frame("b", { type: "giveaway_enter", giveaway: "g1" }, openAt + 700)))).toEqual([expect.objectContaining({ code: "conflict" })]);
  });

  it(`takes at most ${maxEntrants} entries`, async () => {
    const { state, storage } = await withGiveaway();
    for (let i = 0; i <= maxEntrants; i++) {
      const name = `m${String(i).padStart(15, "0")}`;
      run(state, storage, join(`c${i}`, name, "member", liveAt, `vwr_${name}`));
      const out = run(state, storage, frame(`c${i}`, { type: "giveaway_enter", giveaway: "g1" }, openAt + 1_000));
      if (i < maxEntrants) expect(out).toEqual([]);
      else expect(messages(out)).toEqual([expect.objectContaining({ code: "full" })]);
    }
    expect(state.giveaways.current!.entrants.size).toBe(maxEntrants);
  });
});

describe("giveaways: the draw", () => {
  it("waits for the committed beacon round, then names the winner by nickname, avatar and pseudonym and reveals a proof that recomputes", async () => {
    const { state, storage, out, opened, result } = await drawn();
    const drawing = only(out, "giveaway_drawing")[0]!;
    expect(drawing).toEqual({ type: "giveaway_drawing", giveaway: "g1", round: opened.giveaway.round, drawsAt: roundTime(sandboxChain, opened.giveaway.round) - liveAt, at: 71_000 });
    // Nothing is drawn before the round is published.
    const early = await drawnEarly();
    expect(only(early, "giveaway_drawn")).toEqual([]);

    expect(Object.keys(result.winner!).sort()).toEqual(["avatar", "id", "name"]);
    expect([
      { id: pseudonym("ann"), name: "Ann", avatar: "/media/avatars/ann.svg" },
      { id: pseudonym("bob"), name: "Bob", avatar: "/media/avatars/bob.svg" },
    ]).toContainEqual(result.winner);
    const { proof } = result;
    expect(proof).toMatchObject({
      giveaway: "g1",
      commitment: opened.giveaway.commitment,
      chain: sandboxChain,
      round: opened.giveaway.round,
      scheduledClose: openAt + 60_000,
      entrants: [pseudonym("ann"), pseudonym("bob")].sort(),
      winner: result.winner!.id,
    });
    expect(await verifyGiveaway(proof)).toEqual({ ok: true, failed: [], winner: result.winner!.id });
    // Drawn once; a joiner gets the result and the proof.
    expect(messages(run(state, storage, frame("h", { type: "giveaway_draw", giveaway: "g1" }, liveAt + 200_000)))).toEqual([expect.objectContaining({ code: "conflict" })]);
    expect(messages(run(state, storage, join("late", "Late", "member", liveAt + 200_000)))[0]).toMatchObject({ giveaway: { phase: "drawn", winner: result.winner, proof } });

    async function drawnEarly() {
      const setup = await withGiveaway();
      run(setup.state, setup.storage, frame("a", { type: "giveaway_enter", giveaway: "g1" }, openAt + 1_000), frame("h", { type: "giveaway_close", giveaway: "g1" }, openAt + 2_000));
      await settle(setup.state, setup.storage, openAt + 2_000);
      run(setup.state, setup.storage, frame("h", { type: "giveaway_draw", giveaway: "g1" }, openAt + 3_000));
      return settle(setup.state, setup.storage, roundTime(sandboxChain, setup.opened.giveaway.round) - 1);
    }
  });

  it("never sends the seed to anyone before the draw", async () => {
    const { state, out, result } = await drawn();
    const seed = result.proof.seed;
    const before = out.slice(0, out.findIndex((o) => o.message.type === "giveaway_drawn"));
    expect(before.length).toBeGreaterThan(5);
    expect(JSON.stringify(before)).not.toContain(seed);
    expect(JSON.stringify(snapshot(state))).toContain(seed); // kept in room storage, not in messages
  });

  it("draws a giveaway nobody entered with no winner, and still reveals its seed", async () => {
    const { state, storage, opened } = await withGiveaway();
    run(state, storage, frame("h", { type: "giveaway_close", giveaway: "g1" }, openAt + 1_000));
    await settle(state, storage, openAt + 1_000);
    run(state, storage, frame("h", { type: "giveaway_draw", giveaway: "g1" }, openAt + 2_000));
    const [result] = only(await settle(state, storage, roundTime(sandboxChain, opened.giveaway.round)), "giveaway_drawn");
    expect(result).toMatchObject({ winner: null, proof: { entrants: [], winner: null } });
    expect(await verifyGiveaway(result!.proof)).toEqual({ ok: true, failed: [], winner: null });
  });

  it("lets the host open a new giveaway after a draw, and forgets the old one's entries", async () => {
    const { state, storage } = await drawn();
    expect([...storage.keys()].filter((key) => key.startsWith("r:e:g1:"))).toHaveLength(2);
    run(state, storage, frame("h", open, liveAt + 300_000));
    expect(only(await settle(state, storage, liveAt + 300_000), "giveaway_opened")).toEqual([expect.objectContaining({ giveaway: expect.objectContaining({ id: "g2", count: 0 }) })]);
    expect([...storage.keys()].filter((key) => key.startsWith("r:e:"))).toEqual([]);
  });
});

describe("giveaways: restarts", () => {
  it("keeps its seed, commitment and entries across a restart between commitment and draw", async () => {
    const { state, storage, opened } = await withGiveaway();
    run(state, storage, frame("a", { type: "giveaway_enter", giveaway: "g1" }, openAt + 1_000), frame("b", { type: "giveaway_enter", giveaway: "g1" }, openAt + 1_100), tick(openAt + 1_200));
    const seed = state.giveaways.current!.seed;

    const restart = (from: RoomState) =>
      restore(JSON.parse(JSON.stringify(snapshot(from))), [...from.connections], [], new Map(JSON.parse(JSON.stringify([...storage]))));
    const after = restart(state);
    expect(after.giveaways.current!.seed).toBe(seed);
    expect(messages(run(after, storage, join("a9", "Ann", "member", openAt + 2_000)))[0]).toMatchObject({ giveaway: { commitment: opened.giveaway.commitment, count: 2, entered: true } });

    // Restarted again half-way through closing: the same work is simply pending again.
    run(after, storage, frame("h", { type: "giveaway_close", giveaway: "g1" }, openAt + 3_000));
    const again = restart(after);
    expect(pendingGiveawayWork(again.giveaways)).toEqual({ kind: "seal", giveaway: "g1", entrants: [pseudonym("ann"), pseudonym("bob")].sort() });
    await settle(again, storage, openAt + 3_000);
    run(again, storage, frame("h", { type: "giveaway_draw", giveaway: "g1" }, openAt + 4_000));
    const [result] = only(await settle(again, storage, roundTime(sandboxChain, opened.giveaway.round)), "giveaway_drawn");
    expect(result!.proof.seed).toBe(seed);
    expect(result!.proof.commitment).toBe(opened.giveaway.commitment);
    expect((await verifyGiveaway(result!.proof)).ok).toBe(true);
  });
});

describe("giveaways: the proof", () => {
  it("fails verification when any published field is changed", async () => {
    const { result } = await drawn();
    const proof = result.proof;
    const loser = proof.entrants.find((id) => id !== proof.winner)!;
    const flip = (hex: string) => (hex[0] === "0" ? "1" : "0") + hex.slice(1);
    const tampered: [string, GiveawayProof, string][] = [
      ["seed", { ...proof, seed: flip(proof.seed) }, "commitment"],
      ["commitment", { ...proof, commitment: flip(proof.commitment) }, "commitment"],
      ["chain", { ...proof, chain: { ...sandboxChain, period: 30 } }, "round"],
      ["scheduled close", { ...proof, scheduledClose: proof.scheduledClose + 60_000 }, "round"],
      ["round", { ...proof, round: proof.round + 1, beacon: { ...proof.beacon, round: proof.round + 1 } }, "round"],
      ["beacon round", { ...proof, beacon: { ...proof.beacon, round: proof.round + 1 } }, "round"],
      ["beacon randomness", { ...proof, beacon: { ...proof.beacon, randomness: flip(proof.beacon.randomness) } }, "beacon"],
      ["entrant added", { ...proof, entrants: [...proof.entrants, pseudonym("zed")] }, "entrants"],
      ["entrant removed", { ...proof, entrants: [proof.winner!] }, "entrants"],
      ["entrants reordered", { ...proof, entrants: [...proof.entrants].reverse() }, "entrants"],
      ["entrants hash", { ...proof, entrantsHash: flip(proof.entrantsHash) }, "entrants"],
      ["winner", { ...proof, winner: loser }, "winner"],
      ["no winner", { ...proof, winner: null }, "winner"],
    ];
    for (const [field, changed, check] of tampered) {
      const verdict = await verifyGiveaway(changed);
      expect(verdict.ok, field).toBe(false);
      expect(verdict.failed, field).toContain(check);
    }
  });

  it("draws uniformly: rejection sampling skips the candidates that plain modulo would bias", async () => {
    const candidates = (...values: number[]) => async (k: number) => values[k]!;
    // n = 3·2³⁰: 2³² mod n = 2³⁰, so candidates from 3·2³⁰ up would make indices below 2³⁰ twice as likely.
    const n = 3 * 2 ** 30;
    expect(await uniformIndex(n, candidates(n + 7, 11))).toBe(11);
    expect(await uniformIndex(n, candidates(n - 1))).toBe(n - 1);
    // n = 3: only 2³² − 1 is out of range.
    expect(await uniformIndex(3, candidates(2 ** 32 - 1, 4))).toBe(1);
    expect(await uniformIndex(1, candidates(123))).toBe(0);
    await expect(uniformIndex(0, candidates(1))).rejects.toThrow(RangeError);

    // And the real derivation spreads the winner evenly (χ² with 2 degrees of freedom, p = 0.001: 13.8).
    const counts = [0, 0, 0];
    const hash = await entrantsHashOf(["vwr_a", "vwr_b", "vwr_c"]);
    const randomness = (await sandboxBeacon.round(sandboxChain, 1)).randomness;
    for (let i = 0; i < 6000; i++) counts[await drawIndex((await commitmentOf(newSeed())).slice(0, 64), randomness, hash, 3)]!++;
    const chiSquare = counts.reduce((sum, count) => sum + (count - 2000) ** 2 / 2000, 0);
    expect(chiSquare).toBeLessThan(13.8);
  });
});
