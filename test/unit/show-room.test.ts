import { describe, expect, it } from "vitest";
import { maxClientFrameBytes } from "../../party/protocol.ts";
import { initialRoom, needsTick, step, viewerCount, type RoomEvent, type RoomState } from "../../party/room/show-room.ts";

function run(events: RoomEvent[], state: RoomState = initialRoom()) {
  const out = [];
  for (const event of events) {
    const result = step(state, event);
    state = result.state;
    out.push(...result.out);
  }
  return { state, out };
}

describe("show room", () => {
  it("welcomes each viewer with the current count", () => {
    const { out } = run([
      { type: "join", connection: "a", viewer: "v-a" },
      { type: "join", connection: "b", viewer: "v-b" },
    ]);
    expect(out).toEqual([
      { to: "connection", id: "a", message: { type: "welcome", viewers: 1 } },
      { to: "connection", id: "b", message: { type: "welcome", viewers: 2 } },
    ]);
  });

  it("broadcasts the count once per tick however many joined or left", () => {
    const joined = run([
      { type: "join", connection: "a", viewer: "v-a" },
      { type: "join", connection: "b", viewer: "v-b" },
      { type: "join", connection: "c", viewer: "v-c" },
      { type: "leave", connection: "b" },
    ]);
    expect(needsTick(joined.state)).toBe(true);
    const ticked = step(joined.state, { type: "tick" });
    expect(ticked.out).toEqual([{ to: "everyone", message: { type: "viewers", count: 2 } }]);
    expect(needsTick(ticked.state)).toBe(false);
    expect(step(ticked.state, { type: "tick" }).out).toEqual([]);
  });

  it("does not broadcast when the count came back to what everyone saw", () => {
    const base = run([{ type: "join", connection: "a", viewer: "v-a" }, { type: "tick" }]).state;
    const churn = run(
      [
        { type: "join", connection: "b", viewer: "v-b" },
        { type: "leave", connection: "b" },
        { type: "tick" },
      ],
      base,
    );
    expect(churn.out.filter((o) => o.to === "everyone")).toEqual([]);
  });

  it("counts people, not sockets: several tabs or a replayed ticket count once", () => {
    const { state } = run([
      { type: "join", connection: "a1", viewer: "ann" },
      { type: "join", connection: "a2", viewer: "ann" },
      { type: "join", connection: "a3", viewer: "ann" },
      { type: "join", connection: "b1", viewer: "bob" },
      { type: "leave", connection: "zzz" },
    ]);
    expect(viewerCount(state)).toBe(2);
    run([{ type: "leave", connection: "a1" }, { type: "leave", connection: "a2" }], state);
    expect(viewerCount(state)).toBe(2);
    run([{ type: "leave", connection: "a3" }], state);
    expect(viewerCount(state)).toBe(1);
  });

  it("answers a malformed message with an error and changes nothing", () => {
    const before = run([{ type: "join", connection: "a", viewer: "v-a" }, { type: "tick" }]).state;
    for (const data of ["not json", '{"type":"shout"}', "[]", '{"type":"ping","sentAt":"yesterday"}']) {
      const { state, out } = step(before, { type: "frame", connection: "a", data });
      expect([viewerCount(state), state.broadcastCount, needsTick(state)]).toEqual([1, 1, false]);
      expect(out).toEqual([{ to: "connection", id: "a", message: expect.objectContaining({ type: "error", code: "invalid_message" }) }]);
    }
  });

  it("refuses oversized frames, measured in bytes, before parsing them", () => {
    const data = JSON.stringify({ type: "ping", pad: "x".repeat(maxClientFrameBytes) });
    expect(step(initialRoom(), { type: "frame", connection: "a", data }).out[0]?.message).toMatchObject({ code: "too_large" });
    // 1,000 characters of Chinese are 3,000 bytes: over the limit although under it in characters.
    const wide = JSON.stringify({ type: "ping", pad: "字".repeat(1000) });
    expect(wide.length).toBeLessThan(maxClientFrameBytes);
    expect(step(initialRoom(), { type: "frame", connection: "a", data: wide }).out[0]?.message).toMatchObject({ code: "too_large" });
  });

  it("answers a ping with a pong to the sender only", () => {
    const { out } = step(initialRoom(), { type: "frame", connection: "a", data: '{"type":"ping","sentAt":5}' });
    expect(out).toEqual([{ to: "connection", id: "a", message: { type: "pong", sentAt: 5 } }]);
  });
});
