import { describe, expect, it } from "vitest";
import type { ServerMessage } from "../../party/protocol.ts";
import { voteKey } from "../../party/room/polls.ts";
import { initialRoom, needsTick, restore, snapshot, type Outgoing } from "../../party/room/show-room.ts";
import { frame, join, liveAt, pseudonym, run, tick, type Storage } from "./room-driver.ts";

const messages = (out: Outgoing[]) => out.map((o) => o.message);
const broadcasts = (out: Outgoing[]) => out.filter((o) => o.to === "everyone").map((o) => o.message);

const question = { type: "poll_open", question: "Which tea next?", options: ["Oolong", "Pu'er", "Longjing"], seconds: 60 };

/** A room with a host, two members and a guest, and a poll opened by the host 10 s into the show. */
function withPoll() {
  const state = initialRoom();
  const storage: Storage = new Map();
  run(state, storage, join("h", "Lin", "host"), join("a", "Ann", "member"), join("b", "Bob", "member"), join("g", "guest", "viewer"), tick(liveAt));
  const opened = run(state, storage, frame("h", question, liveAt + 10_000));
  return { state, storage, opened };
}

describe("polls: opening and closing", () => {
  it("lets the host open a poll, announced to everyone on the show clock, and nobody else", () => {
    const { state, storage, opened } = withPoll();
    expect(opened).toEqual([
      {
        to: "everyone",
        message: {
          type: "poll_opened",
          poll: { id: "p1", question: "Which tea next?", options: ["Oolong", "Pu'er", "Longjing"], totals: [0, 0, 0], voters: 0, openedAt: 10_000, closesAt: 70_000, closed: false },
          at: 10_000,
        },
      },
    ]);
    for (const connection of ["a", "g"]) {
      expect(messages(run(state, storage, frame(connection, { ...question, question: "Mine?" }, liveAt + 11_000)))).toEqual([
        expect.objectContaining({ type: "error", code: "forbidden" }),
      ]);
    }
    // One poll at a time.
    expect(messages(run(state, storage, frame("h", question, liveAt + 12_000)))).toEqual([expect.objectContaining({ code: "conflict" })]);
    expect(state.polls.current?.question).toBe("Which tea next?");
  });

  it("refuses malformed polls with an error and changes nothing", () => {
    const state = initialRoom();
    const storage: Storage = new Map();
    run(state, storage, join("h", "Lin", "host"));
    const malformed = [
      { ...question, question: "x".repeat(141) },
      { ...question, question: "   " },
      { ...question, options: ["Only one"] },
      { ...question, options: ["a", "b", "c", "d", "e"] },
      { ...question, options: ["Oolong", "Oolong"] },
      { ...question, seconds: 9 },
      { ...question, seconds: 301 },
      { ...question, seconds: 30.5 },
      { type: "poll_vote", poll: "p1", option: 4 },
      { type: "poll_vote", poll: "x1", option: 0 },
      { type: "poll_close" },
    ];
    for (const message of malformed) {
      const before = JSON.stringify(snapshot(state));
      expect(messages(run(state, storage, frame("h", message, liveAt)))).toEqual([expect.objectContaining({ type: "error", code: "invalid_message" })]);
      expect(JSON.stringify(snapshot(state))).toBe(before);
    }
    expect(state.polls.current).toBeNull();
  });

  it("closes on the first tick at or after its end, stamped with its end, and refuses later votes", () => {
    const { state, storage } = withPoll();
    run(state, storage, frame("a", { type: "poll_vote", poll: "p1", option: 1 }, liveAt + 20_000));
    expect(needsTick(state)).toBe(true);
    // A vote after the end is refused even before the tick that closes the poll.
    expect(messages(run(state, storage, frame("b", { type: "poll_vote", poll: "p1", option: 0 }, liveAt + 70_000)))).toEqual([expect.objectContaining({ code: "conflict" })]);
    expect(broadcasts(run(state, storage, tick(liveAt + 69_999)))).toEqual([{ type: "poll_totals", poll: "p1", totals: [0, 1, 0], voters: 1, at: 69_999 }]);
    expect(broadcasts(run(state, storage, tick(liveAt + 70_150)))).toEqual([
      { type: "poll_closed", poll: expect.objectContaining({ id: "p1", totals: [0, 1, 0], voters: 1, closed: true, closesAt: 70_000 }), at: 70_000 },
    ]);
    expect(needsTick(state)).toBe(false);
    expect(run(state, storage, tick(liveAt + 80_000))).toEqual([]);
  });

  it("lets the host close early; the final results stay, for joiners too, and a new poll can follow", () => {
    const { state, storage } = withPoll();
    run(state, storage, frame("a", { type: "poll_vote", poll: "p1", option: 2 }, liveAt + 15_000));
    expect(messages(run(state, storage, frame("a", { type: "poll_close", poll: "p1" }, liveAt + 16_000)))).toEqual([expect.objectContaining({ code: "forbidden" })]);
    const closed = broadcasts(run(state, storage, frame("h", { type: "poll_close", poll: "p1" }, liveAt + 20_000)));
    expect(closed).toEqual([{ type: "poll_closed", poll: expect.objectContaining({ totals: [0, 0, 1], closed: true, closesAt: 20_000 }), at: 20_000 }]);
    expect(messages(run(state, storage, frame("h", { type: "poll_close", poll: "p1" }, liveAt + 21_000)))).toEqual([expect.objectContaining({ code: "conflict" })]);

    const [welcome] = messages(run(state, storage, join("late", "Late", "member", liveAt + 30_000)));
    expect(welcome).toMatchObject({ type: "welcome", poll: { id: "p1", totals: [0, 0, 1], closed: true } });
    expect(state.polls.past).toEqual([expect.objectContaining({ id: "p1", totals: [0, 0, 1] })]);
    // Its votes' keys are gone (the totals are kept in the snapshot).
    expect([...storage.keys()].filter((key) => key.startsWith("r:v:"))).toEqual([]);

    expect(broadcasts(run(state, storage, frame("h", { ...question, question: "And after that?" }, liveAt + 40_000)))).toEqual([
      { type: "poll_opened", poll: expect.objectContaining({ id: "p2", question: "And after that?", totals: [0, 0, 0] }), at: 40_000 },
    ]);
  });
});

describe("polls: voting", () => {
  it("counts members' votes and broadcasts the totals once per tick however many arrive; guests are asked to sign in", () => {
    const { state, storage } = withPoll();
    const votes = run(
      state,
      storage,
      frame("a", { type: "poll_vote", poll: "p1", option: 0 }, liveAt + 11_000),
      frame("b", { type: "poll_vote", poll: "p1", option: 2 }, liveAt + 11_010),
      frame("h", { type: "poll_vote", poll: "p1", option: 0 }, liveAt + 11_020),
    );
    expect(votes).toEqual([]); // no frame per vote
    expect(messages(run(state, storage, frame("g", { type: "poll_vote", poll: "p1", option: 0 }, liveAt + 11_030)))).toEqual([
      expect.objectContaining({ type: "error", code: "sign_in" }),
    ]);
    expect(run(state, storage, tick(liveAt + 11_200))).toEqual([{ to: "everyone", message: { type: "poll_totals", poll: "p1", totals: [2, 0, 1], voters: 3, at: 11_200 } }]);
    expect(run(state, storage, tick(liveAt + 11_400))).toEqual([]);
  });

  it("counts one vote per pseudonym: changing it moves it, repeating it changes nothing, other tabs are the same person", () => {
    const { state, storage } = withPoll();
    run(state, storage, join("a2", "Ann", "member"));
    run(
      state,
      storage,
      frame("a", { type: "poll_vote", poll: "p1", option: 0 }, liveAt + 11_000),
      frame("a", { type: "poll_vote", poll: "p1", option: 0 }, liveAt + 11_001),
      frame("a2", { type: "poll_vote", poll: "p1", option: 1 }, liveAt + 11_002),
    );
    expect(broadcasts(run(state, storage, tick(liveAt + 11_200)))).toEqual([{ type: "poll_totals", poll: "p1", totals: [0, 1, 0], voters: 1, at: 11_200 }]);
    // The welcome tells a reconnecting member what they chose.
    expect(messages(run(state, storage, join("a3", "Ann", "member", liveAt + 12_000)))[0]).toMatchObject({ poll: { id: "p1", mine: 1 } });
    expect(messages(run(state, storage, join("c", "Cat", "member", liveAt + 12_000)))[0]).toMatchObject({ poll: expect.not.objectContaining({ mine: expect.anything() }) });
  });

  it("refuses a vote for another poll, or from a banned member", () => {
    const { state, storage } = withPoll();
    expect(messages(run(state, storage, frame("a", { type: "poll_vote", poll: "p9", option: 0 }, liveAt + 11_000)))).toEqual([expect.objectContaining({ code: "conflict" })]);
    expect(messages(run(state, storage, frame("a", { type: "poll_vote", poll: "p1", option: 3 }, liveAt + 11_000)))).toEqual([expect.objectContaining({ code: "invalid_message" })]);
    run(state, storage, frame("h", { type: "moderate", command: { action: "ban", viewer: pseudonym("bob") } }, liveAt + 11_000));
    expect(messages(run(state, storage, frame("b", { type: "poll_vote", poll: "p1", option: 0 }, liveAt + 11_100)))).toEqual([expect.objectContaining({ code: "banned" })]);
    expect(run(state, storage, tick(liveAt + 11_200))).toEqual([]);
  });
});

describe("polls: restarts", () => {
  it("comes back with every stored vote: totals, each member's choice and one vote each", () => {
    const { state, storage } = withPoll();
    run(
      state,
      storage,
      frame("a", { type: "poll_vote", poll: "p1", option: 0 }, liveAt + 11_000),
      frame("b", { type: "poll_vote", poll: "p1", option: 2 }, liveAt + 11_000),
      tick(liveAt + 11_200),
    );
    // Votes are stored one key each with the tick that announced them.
    expect(storage).toEqual(new Map([[voteKey("p1", pseudonym("ann")), 0], [voteKey("p1", pseudonym("bob")), 2]]));

    const saved = JSON.parse(JSON.stringify(snapshot(state)));
    const after = restore(saved, [...state.connections], [], new Map(JSON.parse(JSON.stringify([...storage]))));
    expect(messages(run(after, storage, join("a9", "Ann", "member", liveAt + 12_000)))[0]).toMatchObject({
      poll: { id: "p1", totals: [1, 0, 1], voters: 2, closed: false, mine: 0 },
    });
    // Ann's vote moves rather than counting twice; the poll still closes at its end.
    run(after, storage, frame("a", { type: "poll_vote", poll: "p1", option: 1 }, liveAt + 13_000));
    expect(broadcasts(run(after, storage, tick(liveAt + 13_200)))).toEqual([{ type: "poll_totals", poll: "p1", totals: [0, 1, 1], voters: 2, at: 13_200 }]);
    expect(broadcasts(run(after, storage, tick(liveAt + 70_000)))).toEqual([{ type: "poll_closed", poll: expect.objectContaining({ totals: [0, 1, 1], closed: true }), at: 70_000 }]);

    // A closed poll's results survive a restart too, from the snapshot alone.
    const again = restore(JSON.parse(JSON.stringify(snapshot(after))), [], [], new Map(storage));
    expect(messages(run(again, storage, join("x", "Xu", "member", liveAt + 90_000)))[0]).toMatchObject({ poll: { id: "p1", totals: [0, 1, 1], closed: true } });
  });
});

describe("polls: what reaches the room", () => {
  it("never carries more than totals: no voter's pseudonym or name is in any poll message", () => {
    const { state, storage, opened } = withPoll();
    const out = [
      ...opened,
      ...run(state, storage, frame("a", { type: "poll_vote", poll: "p1", option: 0 }, liveAt + 11_000), tick(liveAt + 11_200)),
      ...run(state, storage, frame("h", { type: "poll_close", poll: "p1" }, liveAt + 12_000)),
    ];
    const text = JSON.stringify(out.filter((o) => o.message.type.startsWith("poll_")).map((o) => o.message satisfies ServerMessage));
    expect(text).not.toContain(pseudonym("ann"));
    expect(text).not.toContain("Ann");
  });
});
