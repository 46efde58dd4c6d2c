import { describe, expect, it } from "vitest";
import { maxClientFrameBytes, maxSdpLength, maxSignalFrameBytes, type RoomRole, type ServerMessage } from "../../party/protocol.ts";
import { initialRoom, restore, step, type Outgoing, type RoomEvent, type RoomState } from "../../party/room/show-room.ts";
import { mayRelay, signalLimit } from "../../party/room/signalling.ts";

function run(events: RoomEvent[], state: RoomState = initialRoom()) {
  const out: Outgoing[] = [];
  for (const event of events) {
    const result = step(state, event);
    state = result.state;
    out.push(...result.out);
  }
  return { state, out };
}

const join = (connection: string, role: RoomRole = "viewer"): RoomEvent => ({
  type: "join",
  connection,
  viewer: `vwr_${connection.padEnd(16, "0").slice(0, 16)}`,
  role,
  name: role === "viewer" ? null : connection,
  avatar: null,
  at: 0,
});
const frame = (connection: string, message: unknown, at = 0): RoomEvent => ({ type: "frame", connection, at, data: JSON.stringify(message) });
/** Only what the room sends for signalling, without the welcomes. */
const sent = (out: Outgoing[]) => out.filter((o) => o.message.type !== "welcome");

/** A realistic SDP: a few KB, bigger than any other message may be. */
const offerSdp = `v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n${"a=rtpmap:96 VP8/90000\r\n".repeat(150)}`;
const candidate = { candidate: "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", sdpMid: "0", sdpMLineIndex: 0 };

/** A room with the host (two tabs), a member and a guest. */
const room = () => run([join("host1", "host"), join("host2", "host"), join("mei", "member"), join("guest")]).state;

describe("signalling rules", () => {
  it("lets the host offer, send candidates, bye and full to anyone, but never answer", () => {
    for (const target of ["viewer", "member", "moderator", "host"] as const) {
      expect(["offer", "candidate", "bye", "full"].every((kind) => mayRelay("host", kind as "offer", target))).toBe(true);
      expect(mayRelay("host", "answer", target)).toBe(false);
    }
  });

  it("lets everyone else only answer the host, send it candidates or say bye to it", () => {
    for (const from of ["viewer", "member", "moderator"] as const) {
      expect(["answer", "candidate", "bye"].map((kind) => mayRelay(from, kind as "answer", "host"))).toEqual([true, true, true]);
      expect(["offer", "full"].map((kind) => mayRelay(from, kind as "offer", "host"))).toEqual([false, false]);
      for (const target of ["viewer", "member", "moderator"] as const) {
        expect(["offer", "answer", "candidate", "bye", "full"].some((kind) => mayRelay(from, kind as "offer", target))).toBe(false);
      }
    }
  });
});

describe("show room: video signalling", () => {
  it("tells every host connection that a viewer wants the camera, and nobody else", () => {
    const { out } = run([frame("guest", { type: "watch" })], room());
    expect(sent(out)).toEqual([
      { to: "connection", id: "host1", message: { type: "watch", from: "guest" } },
      { to: "connection", id: "host2", message: { type: "watch", from: "guest" } },
    ]);
  });

  it("sends a watch nowhere when the host is not in the room", () => {
    const { out } = run([join("mei", "member"), frame("mei", { type: "watch" })]);
    expect(sent(out)).toEqual([]);
  });

  it("announces the host's camera going on and off air to everyone; nobody else may", () => {
    const state = room();
    expect(run([frame("host1", { type: "on_air", on: true })], state).out).toEqual([{ to: "everyone", message: { type: "on_air", from: "host1", on: true } }]);
    const refused = run([frame("mei", { type: "on_air", on: true })], state).out;
    expect(refused).toEqual([{ to: "connection", id: "mei", message: { type: "error", code: "forbidden", message: "Only the host can put a camera on air.", about: "video" } }]);
  });

  it("relays the host's offer to one viewer and the viewer's answer and candidates back, marked with the sender", () => {
    const state = room();
    const offer = run([frame("host1", { type: "signal", to: "guest", signal: { kind: "offer", sdp: offerSdp } })], state).out;
    expect(offer).toEqual([{ to: "connection", id: "guest", message: { type: "signal", from: "host1", signal: { kind: "offer", sdp: offerSdp } } }]);
    const answer = run(
      [
        frame("guest", { type: "signal", to: "host1", signal: { kind: "answer", sdp: "v=0\r\n" } }),
        frame("guest", { type: "signal", to: "host1", signal: { kind: "candidate", candidate } }),
      ],
      state,
    ).out;
    expect(answer).toEqual([
      { to: "connection", id: "host1", message: { type: "signal", from: "guest", signal: { kind: "answer", sdp: "v=0\r\n" } } },
      { to: "connection", id: "host1", message: { type: "signal", from: "guest", signal: { kind: "candidate", candidate } } },
    ]);
  });

  it("refuses a viewer's offer, and any signal from a viewer to another viewer", () => {
    const state = room();
    const out = run(
      [
        frame("mei", { type: "signal", to: "host1", signal: { kind: "offer", sdp: offerSdp } }),
        frame("mei", { type: "signal", to: "guest", signal: { kind: "answer", sdp: "v=0\r\n" } }),
        frame("mei", { type: "signal", to: "guest", signal: { kind: "candidate", candidate } }),
      ],
      state,
    ).out;
    expect(out.map((o) => (o.to === "connection" ? [o.id, o.message.type === "error" && o.message.code] : o.to))).toEqual([
      ["mei", "forbidden"],
      ["mei", "forbidden"],
      ["mei", "forbidden"],
    ]);
  });

  it("answers a signal for a connection that has gone with that connection's bye", () => {
    const state = run([{ type: "leave", connection: "guest" }], room()).state;
    const out = run([frame("host1", { type: "signal", to: "guest", signal: { kind: "offer", sdp: offerSdp } })], state).out;
    expect(out).toEqual([{ to: "connection", id: "host1", message: { type: "signal", from: "guest", signal: { kind: "bye" } } }]);
  });

  it("tells everyone a host connection's camera is off when it closes, and forgets it as a host", () => {
    const { state, out } = run([{ type: "leave", connection: "host1" }], room());
    expect(out).toEqual([{ to: "everyone", message: { type: "on_air", from: "host1", on: false } }]);
    expect(sent(run([frame("guest", { type: "watch" })], state).out)).toEqual([{ to: "connection", id: "host2", message: { type: "watch", from: "guest" } }]);
    // A viewer leaving says nothing to anyone.
    expect(run([{ type: "leave", connection: "mei" }], state).out).toEqual([]);
  });

  it("knows the host's connections again after a restart, from the connections' own identities", () => {
    const before = room();
    const restarted = restore(undefined, [...before.connections]);
    expect(sent(run([frame("guest", { type: "watch" })], restarted).out).map((o) => (o.to === "connection" ? o.id : o.to))).toEqual(["host1", "host2"]);
  });

  it("lets a signal carry an SDP bigger than other messages may be, up to its own limit", () => {
    const state = room();
    const big = frame("host1", { type: "signal", to: "guest", signal: { kind: "offer", sdp: offerSdp } });
    expect((big as { data: string }).data.length).toBeGreaterThan(maxClientFrameBytes);
    expect(run([big], state).out[0]).toMatchObject({ to: "connection", id: "guest", message: { type: "signal" } });

    // A chat message as big as a signal is still too large.
    const chat = run([frame("mei", { type: "chat", text: "x".repeat(maxClientFrameBytes) })], state).out;
    expect(chat).toEqual([{ to: "connection", id: "mei", message: { type: "error", code: "too_large", message: `Messages may be at most ${maxClientFrameBytes} bytes.` } }]);
    // So is a signal beyond its frame limit, or whose SDP is longer than the schema allows: nothing is relayed.
    for (const length of [maxSignalFrameBytes, maxSdpLength + 1]) {
      const out = run([frame("host1", { type: "signal", to: "guest", signal: { kind: "offer", sdp: "x".repeat(length) } })], state).out;
      expect(out).toEqual([{ to: "connection", id: "host1", message: { type: "error", code: "too_large", message: `Messages may be at most ${maxClientFrameBytes} bytes.` } }]);
    }
  });

  it("refuses malformed signals: unknown kinds, bad targets, oversized candidates", () => {
    const state = room();
    for (const bad of [
      { type: "signal", to: "host1", signal: { kind: "hello" } },
      { type: "signal", to: "../host1", signal: { kind: "bye" } },
      { type: "signal", to: "host1", signal: { kind: "candidate", candidate: { candidate: "x".repeat(1001) } } },
      { type: "signal", signal: { kind: "bye" } },
    ]) {
      expect(run([frame("guest", bad)], state).out[0], JSON.stringify(bad)).toMatchObject({ to: "connection", id: "guest", message: { type: "error", code: "invalid_message" } });
    }
  });

  it("limits a viewer's signalling (a burst, then a few a second) but never the host's", () => {
    const state = room();
    const burst = Array.from({ length: signalLimit.capacity + 1 }, () => frame("guest", { type: "watch" }, 1000));
    const limited = run(burst, state).out.filter((o): o is Extract<Outgoing, { to: "connection" }> => o.to === "connection" && o.id === "guest");
    expect(limited.map((o) => o.message)).toEqual([{ type: "error", code: "rate_limited", message: "Too many video requests.", retryAfterMs: signalLimit.refillMs, about: "video" }]);
    // After a refill interval the viewer may ask again.
    expect(run([frame("guest", { type: "watch" }, 1000 + signalLimit.refillMs)], state).out).toHaveLength(2);

    const hostBurst = Array.from({ length: 100 }, () => frame("host1", { type: "signal", to: "guest", signal: { kind: "candidate", candidate } }, 1000));
    const relayed: ServerMessage[] = run(hostBurst, state).out.map((o) => o.message);
    expect(relayed.filter((m) => m.type === "signal")).toHaveLength(100);
  });
});
