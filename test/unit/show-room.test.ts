import { describe, expect, it } from "vitest";
import { maxChatLength, maxClientFrameBytes, recentChatLines, type RoomRole, type ServerMessage } from "../../party/protocol.ts";
import { chatLimit, initialRoom, keptInReplay, needsTick, restore, snapshot, step, viewerCount, type RoomEvent, type RoomState } from "../../party/room/show-room.ts";

function run(events: RoomEvent[], state: RoomState = initialRoom()) {
  const out = [];
  for (const event of events) {
    const result = step(state, event);
    state = result.state;
    out.push(...result.out);
  }
  return { state, out };
}

const pseudonym = (name: string) => `vwr_${name.padEnd(16, "0").slice(0, 16)}`;

/** A connection joining at time `at` as a viewer with a role (guests by default). */
const join = (connection: string, viewer: string, options: { role?: RoomRole; name?: string; at?: number; liveAt?: number } = {}): RoomEvent => ({
  type: "join",
  connection,
  viewer: pseudonym(viewer),
  role: options.role ?? "viewer",
  name: options.name ?? null,
  avatar: options.name ? `/media/avatars/${viewer}.svg` : null,
  at: options.at ?? 0,
  ...(options.liveAt !== undefined && { liveAt: options.liveAt }),
});
const frame = (connection: string, message: unknown, at = 0): RoomEvent => ({ type: "frame", connection, at, data: JSON.stringify(message) });
const say = (connection: string, text: string, at = 0) => frame(connection, { type: "chat", text }, at);
const messagesTo = (out: { to: string; message: ServerMessage }[]) => out.map((o) => o.message);

describe("show room: viewers", () => {
  it("welcomes each viewer with the current count, likes, slow mode and recent chat in one frame", () => {
    const { out } = run([join("a", "a"), join("b", "b")]);
    expect(out).toEqual([
      { to: "connection", id: "a", message: { type: "welcome", viewers: 1, likes: 0, slowMode: 0, pinned: [], messages: [], you: { role: "viewer", id: pseudonym("a") }, said: 0, now: 0, sale: null, coupon: null, ended: false } },
      { to: "connection", id: "b", message: { type: "welcome", viewers: 2, likes: 0, slowMode: 0, pinned: [], messages: [], you: { role: "viewer", id: pseudonym("b") }, said: 0, now: 0, sale: null, coupon: null, ended: false } },
    ]);
  });

  it("broadcasts the count once per tick however many joined or left", () => {
    const joined = run([join("a", "a"), join("b", "b"), join("c", "c"), { type: "leave", connection: "b" }]);
    expect(needsTick(joined.state)).toBe(true);
    const ticked = step(joined.state, { type: "tick" });
    expect(ticked.out.filter((o) => o.to === "everyone")).toEqual([{ to: "everyone", message: { type: "viewers", count: 2 } }]);
    expect(needsTick(ticked.state)).toBe(false);
    expect(step(ticked.state, { type: "tick" }).out).toEqual([]);
  });

  it("does not broadcast when the count came back to what everyone saw", () => {
    const base = run([join("a", "a"), { type: "tick" }]).state;
    const churn = run([join("b", "b"), { type: "leave", connection: "b" }, { type: "tick" }], base);
    expect(churn.out.filter((o) => o.to === "everyone")).toEqual([]);
  });

  it("counts people, not sockets: several tabs or a replayed ticket count once", () => {
    const { state } = run([join("a1", "ann"), join("a2", "ann"), join("a3", "ann"), join("b1", "bob"), { type: "leave", connection: "zzz" }]);
    expect(viewerCount(state)).toBe(2);
    run([{ type: "leave", connection: "a1" }, { type: "leave", connection: "a2" }], state);
    expect(viewerCount(state)).toBe(2);
    run([{ type: "leave", connection: "a3" }], state);
    expect(viewerCount(state)).toBe(1);
  });

  it("answers a malformed message with an error and changes nothing", () => {
    const before = run([join("a", "a", { role: "member", name: "Ann" }), { type: "tick" }]).state;
    for (const data of ["not json", '{"type":"shout"}', "[]", '{"type":"ping","sentAt":"yesterday"}', '{"type":"chat","text":""}', '{"type":"chat"}']) {
      const { state, out } = step(before, { type: "frame", connection: "a", at: 0, data });
      expect([viewerCount(state), state.broadcastCount, needsTick(state), state.recent.length]).toEqual([1, 1, false, 0]);
      expect(out).toEqual([{ to: "connection", id: "a", message: expect.objectContaining({ type: "error", code: "invalid_message" }) }]);
    }
  });

  it("refuses oversized frames, measured in bytes, before parsing them", () => {
    const state = run([join("a", "a")]).state;
    const data = JSON.stringify({ type: "ping", pad: "x".repeat(maxClientFrameBytes) });
    expect(step(state, { type: "frame", connection: "a", at: 0, data }).out[0]?.message).toMatchObject({ code: "too_large" });
    // 1,000 characters of Chinese are 3,000 bytes: over the limit although under it in characters.
    const wide = JSON.stringify({ type: "ping", pad: "字".repeat(1000) });
    expect(wide.length).toBeLessThan(maxClientFrameBytes);
    expect(step(state, { type: "frame", connection: "a", at: 0, data: wide }).out[0]?.message).toMatchObject({ code: "too_large" });
  });

  it("answers a ping with a pong to the sender only", () => {
    const { out } = run([join("a", "a"), frame("a", { type: "ping", sentAt: 5 })]);
    expect(out.at(-1)).toEqual({ to: "connection", id: "a", message: { type: "pong", sentAt: 5 } });
  });
});

describe("show room: chat", () => {
  it("lets members chat under nickname and avatar, stamped with the show clock; guests are asked to sign in", () => {
    const { out, state } = run([
      join("a", "ann", { role: "member", name: "Ann", liveAt: 1_000 }),
      join("g", "guest"),
      say("a", "  Hello from Hangzhou  ", 61_000),
      say("g", "hi", 61_000),
    ]);
    const line = { id: "m1", at: 60_000, by: { id: pseudonym("ann"), name: "Ann", avatar: "/media/avatars/ann.svg", role: "member" }, text: "Hello from Hangzhou" };
    expect(out).toContainEqual({ to: "everyone", message: { type: "chat", line } });
    expect(out.at(-1)).toEqual({ to: "connection", id: "g", message: expect.objectContaining({ type: "error", code: "sign_in" }) });
    // A joiner gets the recent lines in its welcome.
    const welcome = step(state, join("late", "late")).out[0]!.message;
    expect(welcome).toMatchObject({ type: "welcome", messages: [line] });
  });

  it("limits message length and keeps only the last lines for joiners", () => {
    const base = run([join("a", "ann", { role: "host", name: "Host" })]).state;
    expect(step(base, say("a", "x".repeat(maxChatLength + 1))).out[0]!.message).toMatchObject({ code: "invalid_message" });
    let at = 0;
    for (let i = 0; i < recentChatLines + 10; i++) step(base, say("a", `line ${i}`, (at += 3000)));
    expect(base.recent).toHaveLength(recentChatLines);
    expect(base.recent[0]!.text).toBe("line 10");
  });

  it("rate limits each viewer with a small burst, without slowing anyone else", () => {
    const state = run([join("a", "ann", { role: "member", name: "Ann" }), join("b", "bob", { role: "member", name: "Bob" })]).state;
    const burst = Array.from({ length: chatLimit.capacity + 2 }, (_, i) => step(state, say("a", `m${i}`, 100)).out[0]!.message);
    expect(burst.slice(0, chatLimit.capacity).every((m) => m.type === "chat")).toBe(true);
    expect(burst.slice(chatLimit.capacity)).toEqual([
      expect.objectContaining({ type: "error", code: "rate_limited", retryAfterMs: expect.any(Number) }),
      expect.objectContaining({ type: "error", code: "rate_limited" }),
    ]);
    expect(step(state, say("b", "me too", 100)).out[0]!.message.type).toBe("chat");
    expect(step(state, say("a", "later", 100 + chatLimit.refillMs)).out[0]!.message.type).toBe("chat");
  });

  it("lets the host delete, mute, ban, set slow mode and block words; nobody else", () => {
    const state = run([
      join("h", "host", { role: "host", name: "Master Lin" }),
      join("a", "ann", { role: "member", name: "Ann" }),
      join("b", "bob", { role: "member", name: "Bob" }),
    ]).state;
    const ann = pseudonym("ann");
    const moderate = (connection: string, command: unknown, at = 0) => messagesTo(step(state, frame(connection, { type: "moderate", command }, at)).out);

    expect(moderate("a", { action: "slow", seconds: 30 })).toEqual([expect.objectContaining({ code: "forbidden" })]);

    step(state, say("a", "buy it elsewhere", 0));
    expect(moderate("h", { action: "delete", id: "m1" })).toEqual([{ type: "removed", ids: ["m1"] }]);
    expect(state.recent).toEqual([]);

    moderate("h", { action: "mute", viewer: ann, seconds: 60 }, 1_000);
    expect(messagesTo(step(state, say("a", "hello?", 30_000)).out)).toEqual([expect.objectContaining({ code: "muted", retryAfterMs: 31_000 })]);
    expect(messagesTo(step(state, say("a", "back", 61_001)).out)[0]!.type).toBe("chat");

    expect(moderate("h", { action: "slow", seconds: 30 }, 62_000)).toEqual([{ type: "slow_mode", seconds: 30 }]);
    expect(messagesTo(step(state, say("b", "one", 62_000)).out)[0]!.type).toBe("chat");
    expect(messagesTo(step(state, say("b", "two", 70_000)).out)).toEqual([expect.objectContaining({ code: "slow_mode", retryAfterMs: 22_000 })]);
    // Slow mode does not hold back the host.
    expect(messagesTo(step(state, say("h", "welcome all", 70_000)).out)[0]!.type).toBe("chat");

    moderate("h", { action: "blocked_words", words: ["Cheap-Copy"] });
    expect(messagesTo(step(state, say("h", "no cheap-copy here", 200_000)).out)).toEqual([expect.objectContaining({ code: "blocked_word" })]);

    // A ban removes the viewer's lines for everyone and stops them chatting, even after reconnecting.
    const ids = state.recent.filter((line) => line.by.id === ann).map((line) => line.id);
    expect(moderate("h", { action: "ban", viewer: ann }, 300_000)).toEqual([{ type: "removed", ids }]);
    step(state, { type: "leave", connection: "a" });
    step(state, join("a2", "ann", { role: "member", name: "Ann" }));
    expect(messagesTo(step(state, say("a2", "sorry", 400_000)).out)).toEqual([expect.objectContaining({ code: "banned" })]);
  });
});

describe("show room: pins", () => {
  it("lets the host pin up to three products, tells everyone at once, and hands joiners the pins", () => {
    const state = run([join("h", "host", { role: "host", name: "Host", liveAt: 0 }), join("a", "ann", { role: "member", name: "Ann" })]).state;
    const products = ["prd_aaaaaaaaaaaaaaaa", "prd_bbbbbbbbbbbbbbbb"];
    expect(messagesTo(step(state, frame("a", { type: "moderate", command: { action: "pin", products } })).out)).toEqual([expect.objectContaining({ code: "forbidden" })]);
    expect(step(state, frame("h", { type: "moderate", command: { action: "pin", products } }, 90_000)).out).toEqual([
      { to: "everyone", message: { type: "pinned", products, at: 90_000 } },
    ]);
    expect(messagesTo(step(state, join("late", "late")).out)[0]).toMatchObject({ pinned: products });
    const four = [...products, "prd_cccccccccccccccc", "prd_dddddddddddddddd"];
    expect(messagesTo(step(state, frame("h", { type: "moderate", command: { action: "pin", products: four } })).out)[0]).toMatchObject({ code: "invalid_message" });
    expect(step(state, frame("h", { type: "moderate", command: { action: "pin", products: [] } })).out[0]!.message).toMatchObject({ type: "pinned", products: [] });
  });
});

describe("show room: likes", () => {
  it("counts members' likes and broadcasts the total once per tick, however many arrive", () => {
    const state = run([join("a", "ann", { role: "member", name: "Ann" }), join("b", "bob", { role: "member", name: "Bob" }), join("g", "guest"), { type: "tick" }]).state;
    for (let i = 0; i < 10; i++) step(state, frame("a", { type: "like" }, i));
    for (let i = 0; i < 5; i++) step(state, frame("b", { type: "like" }, i));
    expect(messagesTo(step(state, frame("g", { type: "like" })).out)).toEqual([expect.objectContaining({ code: "sign_in" })]);
    expect(step(state, { type: "tick" }).out.filter((o) => o.to === "everyone")).toEqual([{ to: "everyone", message: { type: "likes", total: 15 } }]);
    expect(step(state, { type: "tick" }).out).toEqual([]);
  });

  it("does not let one viewer's flood of likes count beyond their share", () => {
    const state = run([join("a", "ann", { role: "member", name: "Ann" })]).state;
    for (let i = 0; i < 1000; i++) step(state, frame("a", { type: "like" }, 0));
    expect(state.likes).toBe(20);
  });
});

describe("show room: purchases", () => {
  it("announces a purchase the worker vouched for to everyone, on the show clock", () => {
    const state = run([join("a", "ann", { role: "member", name: "Ann", liveAt: 1_000 })]).state;
    const out = step(state, { type: "server", at: 31_000, event: { type: "purchase", name: "Ann", product: "prd_aaaaaaaaaaaaaaaa" } }).out;
    expect(out).toEqual([{ to: "everyone", message: { type: "purchase", name: "Ann", product: "prd_aaaaaaaaaaaaaaaa", at: 30_000 } }]);
    // A browser cannot say the same: there is no such client message.
    const fake = step(state, frame("a", { type: "purchase", name: "Ann", product: "prd_aaaaaaaaaaaaaaaa" })).out;
    expect(messagesTo(fake)).toEqual([expect.objectContaining({ code: "invalid_message" })]);
  });

  it("files the replay's line under the buyer's pseudonym, so erasing the buyer removes it, and never sends it out", () => {
    const state = run([join("a", "ann", { role: "member", name: "Ann", liveAt: 1_000 })]).state;
    const viewer = "vwr_0123456789abcdef";
    const out = step(state, { type: "server", at: 5_000, event: { type: "purchase", name: "Ann", product: "prd_aaaaaaaaaaaaaaaa", viewer } }).out;
    expect(JSON.stringify(out)).not.toContain(viewer);
    expect(state.log.at(-1)).toMatchObject({ kind: "sale", viewer, payload: { type: "purchase", name: "Ann" } });
  });
});

describe("show room: restarts", () => {
  it("comes back with what it told people and the host's rules, and the sockets still open", () => {
    const before = run([
      join("h", "host", { role: "host", name: "Host", liveAt: 0 }),
      join("a", "ann", { role: "member", name: "Ann" }),
      say("a", "first!", 1_000),
      frame("h", { type: "moderate", command: { action: "pin", products: ["prd_aaaaaaaaaaaaaaaa"] } }, 2_000),
      frame("h", { type: "moderate", command: { action: "mute", viewer: pseudonym("ann"), seconds: 60 } }, 3_000),
      frame("a", { type: "like" }, 4_000),
      { type: "tick" },
    ]).state;
    // Only what survives a round trip through storage (JSON-like structured clone).
    const saved = JSON.parse(JSON.stringify(snapshot(before)));
    const after = restore(saved, [...before.connections]);
    expect(viewerCount(after)).toBe(2);
    expect(needsTick(after)).toBe(false);
    const welcome = step(after, join("late", "late", { at: 5_000 })).out[0]!.message;
    expect(welcome).toMatchObject({ likes: 1, pinned: ["prd_aaaaaaaaaaaaaaaa"], messages: [{ text: "first!" }] });
    expect(messagesTo(step(after, say("a", "am I back?", 10_000)).out)).toEqual([expect.objectContaining({ code: "muted" })]);
    // The room's sequence goes on where it was (m1 was the chat line, 2 the pin): no id is used twice.
    expect(messagesTo(step(after, say("h", "next line", 10_000)).out)[0]).toMatchObject({ type: "chat", line: { id: "m3" } });
  });
});

describe("show room: selling, statistics and the replay", () => {
  const sale = { id: "fls_aaaaaaaaaaaaaaaa", product: "prd_bbbbbbbbbbbbbbbb", priceMinor: 880, quantity: 20, remaining: 20, startsAt: 60_000, endsAt: 120_000 };
  const server = (event: Extract<RoomEvent, { type: "server" }>["event"], at: number): RoomEvent => ({ type: "server", at, event });

  it("shows a flash sale on the room's clock, pins its product first, and hands both to joiners", () => {
    const { state, out } = run([
      join("h", "host", { role: "host", name: "Host", liveAt: 1_000 }),
      frame("h", { type: "moderate", command: { action: "pin", products: ["prd_aaaaaaaaaaaaaaaa"] } }, 30_000),
      server({ type: "sale", sale }, 61_000),
    ]);
    expect(messagesTo(out).slice(-2)).toEqual([
      { type: "pinned", products: ["prd_bbbbbbbbbbbbbbbb", "prd_aaaaaaaaaaaaaaaa"], at: 60_000 },
      { type: "sale", sale, now: 60_000 },
    ]);
    // A stock change updates what viewers see, and a joiner gets the sale with the show clock to count from.
    run([server({ type: "sale", sale: { ...sale, remaining: 19 } }, 70_000)], state);
    const welcome = step(state, join("late", "late", { at: 91_000 })).out[0]!.message;
    expect(welcome).toMatchObject({ now: 90_000, sale: { remaining: 19, endsAt: 120_000 }, pinned: ["prd_bbbbbbbbbbbbbbbb", "prd_aaaaaaaaaaaaaaaa"] });
    // The replay keeps the sale once (not each stock change), on the show clock.
    expect(state.log.filter((entry) => entry.kind === "sale").map((entry) => entry.at)).toEqual([60_000]);
  });

  it("counts peak and unique viewers, messages, one click per viewer and product, orders and revenue — for the host only", () => {
    const { state } = run([
      join("h", "host", { role: "host", name: "Host", liveAt: 0 }),
      join("a1", "ann", { role: "member", name: "Ann" }),
      join("a2", "ann", { role: "member", name: "Ann" }),
      join("b", "bob", { role: "member", name: "Bob" }),
      { type: "leave", connection: "b" },
      join("b2", "bob", { role: "member", name: "Bob" }),
      { type: "leave", connection: "b2" },
      say("a1", "hello", 1_000),
      frame("a1", { type: "click", product: "prd_aaaaaaaaaaaaaaaa" }),
      frame("a2", { type: "click", product: "prd_aaaaaaaaaaaaaaaa" }),
      frame("a1", { type: "click", product: "prd_bbbbbbbbbbbbbbbb" }),
      server({ type: "purchase", name: "Ann", product: "prd_aaaaaaaaaaaaaaaa", amountMinor: 880 }, 2_000),
      server({ type: "purchase", name: "Bob", product: "prd_aaaaaaaaaaaaaaaa", amountMinor: 1_200 }, 3_000),
    ]);
    const tick = step(state, { type: "tick" }).out;
    const stats = tick.filter((o) => o.message.type === "stats");
    expect(stats).toEqual([
      {
        to: "moderators",
        message: { type: "stats", stats: { viewers: 2, peakViewers: 3, uniqueViewers: 3, likes: 0, messages: 1, productClicks: 2, orders: 2, revenueMinor: 2_080 } },
      },
    ]);
    // Viewers see how many messages were said (in the welcome, then one per line), not the rest.
    expect(step(state, join("late", "late")).out[0]!.message).toMatchObject({ said: 1 });
    // Viewers hear of purchases only as "nickname just bought": the amount never reaches them.
    expect(JSON.stringify(tick.filter((o) => o.to === "everyone"))).not.toContain("2080");
  });

  it("tells the host and moderators the blocked words when they join, and nobody else", () => {
    const { state } = run([
      join("h", "host", { role: "host", name: "Host" }),
      frame("h", { type: "moderate", command: { action: "blocked_words", words: ["Spam", "scam"] } }),
    ]);
    expect(step(state, join("m", "mod", { role: "moderator", name: "Mod" })).out[0]!.message).toMatchObject({ blockedWords: ["spam", "scam"] });
    expect(step(state, join("a", "ann", { role: "member", name: "Ann" })).out[0]!.message).not.toHaveProperty("blockedWords");
  });

  it("ends once: the room stops taking chat and likes but still answers pings", () => {
    const { state, out } = run([join("a", "ann", { role: "member", name: "Ann", liveAt: 0 }), server({ type: "end" }, 5_000), server({ type: "end" }, 6_000)]);
    expect(messagesTo(out).filter((message) => message.type === "ended")).toEqual([{ type: "ended", at: 5_000 }]);
    expect(messagesTo(step(state, say("a", "still here?")).out)).toEqual([expect.objectContaining({ type: "error", code: "ended" })]);
    expect(messagesTo(step(state, frame("a", { type: "ping", sentAt: 1 })).out)).toEqual([{ type: "pong", sentAt: 1 }]);
    expect(step(state, join("late", "late")).out[0]!.message).toMatchObject({ ended: true });
  });

  it("keeps chat and pins for the replay, but never lines a moderator removed or a banned viewer's", () => {
    const { state } = run([
      join("h", "host", { role: "host", name: "Host", liveAt: 0 }),
      join("a", "ann", { role: "member", name: "Ann" }),
      join("b", "bob", { role: "member", name: "Bob" }),
      say("a", "lovely tea", 1_000),
      say("b", "spam spam", 2_000),
      say("a", "oops, typo", 3_000),
      frame("h", { type: "moderate", command: { action: "delete", id: "m3" } }, 4_000),
      frame("h", { type: "moderate", command: { action: "ban", viewer: pseudonym("bob") } }, 5_000),
      frame("h", { type: "moderate", command: { action: "pin", products: ["prd_aaaaaaaaaaaaaaaa"] } }, 6_000),
    ]);
    const kept = state.log.filter((entry) => keptInReplay(state, entry));
    expect(kept.map((entry) => [entry.kind, entry.at, entry.payload.type === "chat" ? entry.payload.line.text : null])).toEqual([
      ["chat", 1_000, "lovely tea"],
      ["pin", 6_000, null],
    ]);
    // What a restarted room needs to filter the replay survives the snapshot.
    const restored = restore(JSON.parse(JSON.stringify(snapshot(state))), []);
    expect(state.log.filter((entry) => keptInReplay(restored, entry))).toEqual(kept);
  });
});
