/**
 * A live show's room as a state machine: `step(state, event)` gives the messages to send. No I/O and no
 * clock of its own: party/server.ts feeds it connections, frames and ticks with the time they happen,
 * and tests drive it directly.
 *
 * The state is updated in place (a join is O(1) however big the crowd), so a state object belongs to
 * one room and is never shared.
 *
 * People, not sockets, are counted: each connection belongs to the viewer its ticket names, and a
 * viewer with three tabs (or one ticket replayed on many sockets) counts once. Aggregated figures (the
 * viewer count, likes) are never sent per change: changes mark the room dirty, and the next tick
 * broadcasts one message each, however much happened in between. Chat lines go out as they are said.
 */
import {
  clientMessage,
  maxClientFrameBytes,
  parseFrame,
  recentChatLines,
  type Author,
  type ChatLine,
  type ErrorCode,
  type Moderation,
  type RoomRole,
  type ServerMessage,
  type SignedRoomEvent,
} from "../protocol.ts";

/** Who a connection belongs to, from its ticket. */
export type Identity = { viewer: string; role: RoomRole; name: string | null; avatar: string | null };

/** A token bucket: `capacity` at once, then one more every `refillMs`. */
type Bucket = { tokens: number; at: number };

export type RoomState = {
  /** Open connections: connection id → who it belongs to. */
  connections: Map<string, Identity>;
  /** Open connections per viewer. */
  viewers: Map<string, number>;
  /** The count last broadcast, so an unchanged figure is not sent again. */
  broadcastCount: number;
  likes: number;
  broadcastLikes: number;
  /** The last chat lines, oldest first: what a joiner receives. */
  recent: ChatLine[];
  /** When the show went live (the show clock's zero), from the first ticket that says so. */
  liveAt: number | null;
  slowModeSeconds: number;
  /** Products the host pinned, in the order they were pinned. */
  pinned: string[];
  blockedWords: string[];
  mutedUntil: Map<string, number>;
  banned: Set<string>;
  chatBuckets: Map<string, Bucket>;
  likeBuckets: Map<string, Bucket>;
  lastChatAt: Map<string, number>;
  /** Chat line ids are a room-local sequence. */
  nextLine: number;
  /** Raised whenever something a restarted room must remember changed (likes: when broadcast). */
  revision: number;
};

export type RoomEvent =
  | ({ type: "join"; connection: string; at: number; liveAt?: number } & Identity)
  | { type: "leave"; connection: string }
  | { type: "frame"; connection: string; at: number; data: string | ArrayBuffer | ArrayBufferView }
  | { type: "tick" }
  /** A fact the worker vouched for (signed), such as a purchase. */
  | { type: "server"; at: number; event: SignedRoomEvent["event"] };

/** A message for everyone in the room, or for one connection. */
export type Outgoing = { to: "everyone"; message: ServerMessage } | { to: "connection"; id: string; message: ServerMessage };

const reply = (id: string, message: ServerMessage): Outgoing => ({ to: "connection", id, message });
const everyone = (message: ServerMessage): Outgoing => ({ to: "everyone", message });
const refuse = (id: string, code: ErrorCode, message: string, retryAfterMs?: number): Outgoing =>
  reply(id, { type: "error", code, message, ...(retryAfterMs !== undefined && { retryAfterMs: Math.ceil(retryAfterMs) }) });

export type StepResult = { state: RoomState; out: Outgoing[] };

/** Chat: three messages at once, then one every two seconds, per viewer. */
export const chatLimit = { capacity: 3, refillMs: 2000 };
/** Likes: twenty at once, then ten a second per viewer; beyond that they are not counted. */
export const likeLimit = { capacity: 20, refillMs: 100 };

export const initialRoom = (): RoomState => ({
  connections: new Map(),
  viewers: new Map(),
  broadcastCount: 0,
  likes: 0,
  broadcastLikes: 0,
  recent: [],
  liveAt: null,
  slowModeSeconds: 0,
  pinned: [],
  blockedWords: [],
  mutedUntil: new Map(),
  banned: new Set(),
  chatBuckets: new Map(),
  likeBuckets: new Map(),
  lastChatAt: new Map(),
  nextLine: 1,
  revision: 0,
});

export const viewerCount = (state: RoomState) => state.viewers.size;

/**
 * What a room must not forget when it restarts or wakes from hibernation: everything it has told anyone
 * (chat, likes, pins, slow mode) and the host's rules (blocked words, mutes, bans). Rate buckets and the
 * connections themselves are not in it: buckets are short-lived, and each connection keeps its own
 * identity (see `restore`).
 */
export type RoomSnapshot = Pick<RoomState, "likes" | "recent" | "liveAt" | "slowModeSeconds" | "pinned" | "blockedWords" | "nextLine"> & {
  mutedUntil: [string, number][];
  banned: string[];
};

export function snapshot(state: RoomState): RoomSnapshot {
  return {
    likes: state.likes,
    recent: state.recent,
    liveAt: state.liveAt,
    slowModeSeconds: state.slowModeSeconds,
    pinned: state.pinned,
    blockedWords: state.blockedWords,
    nextLine: state.nextLine,
    mutedUntil: [...state.mutedUntil],
    banned: [...state.banned],
  };
}

/** A room rebuilt from its snapshot and the connections still open (each with the identity it joined with). */
export function restore(saved: RoomSnapshot | undefined, open: [connection: string, who: Identity][]): RoomState {
  const state = initialRoom();
  if (saved) {
    Object.assign(state, {
      likes: saved.likes,
      broadcastLikes: saved.likes,
      recent: saved.recent,
      liveAt: saved.liveAt,
      slowModeSeconds: saved.slowModeSeconds,
      pinned: saved.pinned,
      blockedWords: saved.blockedWords,
      nextLine: saved.nextLine,
      mutedUntil: new Map(saved.mutedUntil),
      banned: new Set(saved.banned),
    });
  }
  for (const [connection, who] of open) {
    state.connections.set(connection, who);
    state.viewers.set(who.viewer, (state.viewers.get(who.viewer) ?? 0) + 1);
  }
  state.broadcastCount = viewerCount(state);
  return state;
}

/** True when a tick would broadcast something: the server schedules ticks only then. */
export const needsTick = (state: RoomState) => viewerCount(state) !== state.broadcastCount || state.likes !== state.broadcastLikes;

const encoder = new TextEncoder();

function frameBytes(data: string | ArrayBuffer | ArrayBufferView): number {
  // Cheap upper bound first: a UTF-16 code unit is at most 3 UTF-8 bytes.
  if (typeof data !== "string") return data.byteLength;
  return data.length * 3 <= maxClientFrameBytes ? data.length : encoder.encode(data).byteLength;
}

function leave(state: RoomState, connection: string): void {
  const who = state.connections.get(connection);
  if (who === undefined) return;
  state.connections.delete(connection);
  const open = (state.viewers.get(who.viewer) ?? 1) - 1;
  if (open > 0) state.viewers.set(who.viewer, open);
  else state.viewers.delete(who.viewer);
}

/** Takes a token from `viewer`'s bucket; the milliseconds to wait when there is none. */
function spend(buckets: Map<string, Bucket>, viewer: string, limit: { capacity: number; refillMs: number }, at: number): number {
  const bucket = buckets.get(viewer) ?? { tokens: limit.capacity, at };
  const tokens = Math.min(limit.capacity, bucket.tokens + (at - bucket.at) / limit.refillMs);
  if (tokens < 1) {
    buckets.set(viewer, { tokens, at });
    return (1 - tokens) * limit.refillMs;
  }
  buckets.set(viewer, { tokens: tokens - 1, at });
  return 0;
}

const moderates = (role: RoomRole) => role === "host" || role === "moderator";
const canTalk = (role: RoomRole) => role !== "viewer";
const showClock = (state: RoomState, at: number) => Math.max(0, at - (state.liveAt ?? at));

function containsBlockedWord(state: RoomState, text: string): boolean {
  const folded = text.toLowerCase();
  return state.blockedWords.some((word) => folded.includes(word));
}

function chat(state: RoomState, connection: string, who: Identity, text: string, at: number): Outgoing[] {
  if (!canTalk(who.role)) return [refuse(connection, "sign_in", "Sign in to chat.")];
  if (state.banned.has(who.viewer)) return [refuse(connection, "banned", "You can no longer chat in this show.")];
  const muted = state.mutedUntil.get(who.viewer) ?? 0;
  if (muted > at) return [refuse(connection, "muted", "You are muted for a while.", muted - at)];
  if (!moderates(who.role) && state.slowModeSeconds > 0) {
    const wait = (state.lastChatAt.get(who.viewer) ?? -Infinity) + state.slowModeSeconds * 1000 - at;
    if (wait > 0) return [refuse(connection, "slow_mode", `Slow mode: one message every ${state.slowModeSeconds} s.`, wait)];
  }
  const wait = spend(state.chatBuckets, who.viewer, chatLimit, at);
  if (wait > 0) return [refuse(connection, "rate_limited", "You are sending messages too fast.", wait)];
  if (containsBlockedWord(state, text)) return [refuse(connection, "blocked_word", "That message contains a word this show does not allow.")];
  state.lastChatAt.set(who.viewer, at);
  const by: Author = { id: who.viewer, name: who.name ?? "", avatar: who.avatar, role: who.role };
  const line: ChatLine = { id: `m${state.nextLine++}`, at: showClock(state, at), by, text };
  state.recent.push(line);
  state.revision++;
  if (state.recent.length > recentChatLines) state.recent.shift();
  return [everyone({ type: "chat", line })];
}

/** Removes lines from the recent ones and tells everyone which. */
function removeLines(state: RoomState, keep: (line: ChatLine) => boolean): Outgoing[] {
  const ids = state.recent.filter((line) => !keep(line)).map((line) => line.id);
  if (ids.length === 0) return [];
  state.recent = state.recent.filter(keep);
  state.revision++;
  return [everyone({ type: "removed", ids })];
}

function moderate(state: RoomState, connection: string, who: Identity, command: Moderation, at: number): Outgoing[] {
  if (!moderates(who.role)) return [refuse(connection, "forbidden", "Only the host and moderators can do that.")];
  state.revision++;
  switch (command.action) {
    case "delete":
      return removeLines(state, (line) => line.id !== command.id);
    case "mute":
      state.mutedUntil.set(command.viewer, at + command.seconds * 1000);
      return [];
    case "ban":
      state.banned.add(command.viewer);
      return removeLines(state, (line) => line.by.id !== command.viewer);
    case "slow":
      state.slowModeSeconds = command.seconds;
      return [everyone({ type: "slow_mode", seconds: command.seconds })];
    case "blocked_words":
      state.blockedWords = [...new Set(command.words.map((word) => word.toLowerCase()))];
      return [];
    case "pin":
      state.pinned = [...new Set(command.products)];
      return [everyone({ type: "pinned", products: state.pinned, at: showClock(state, at) })];
  }
}

export function step(state: RoomState, event: RoomEvent): StepResult {
  switch (event.type) {
    case "join": {
      leave(state, event.connection); // a reused connection id replaces its old entry
      const who: Identity = { viewer: event.viewer, role: event.role, name: event.name, avatar: event.avatar };
      state.connections.set(event.connection, who);
      state.viewers.set(event.viewer, (state.viewers.get(event.viewer) ?? 0) + 1);
      if (state.liveAt === null && event.liveAt !== undefined) {
        state.liveAt = event.liveAt;
        state.revision++;
      }
      // Everything a joiner needs in one frame; nobody else hears of the join until the next tick.
      const welcome: ServerMessage = {
        type: "welcome",
        viewers: viewerCount(state),
        likes: state.likes,
        slowMode: state.slowModeSeconds,
        pinned: [...state.pinned],
        messages: [...state.recent],
        you: { role: who.role, id: who.viewer },
      };
      return { state, out: [reply(event.connection, welcome)] };
    }
    case "leave": {
      leave(state, event.connection);
      return { state, out: [] };
    }
    case "frame": {
      const who = state.connections.get(event.connection);
      if (!who) return { state, out: [] };
      if (frameBytes(event.data) > maxClientFrameBytes) {
        return { state, out: [refuse(event.connection, "too_large", `Messages may be at most ${maxClientFrameBytes} bytes.`)] };
      }
      const parsed = parseFrame(clientMessage, event.data);
      if (!parsed.ok) return { state, out: [refuse(event.connection, "invalid_message", parsed.reason)] };
      const message = parsed.message;
      switch (message.type) {
        case "ping":
          return { state, out: [reply(event.connection, { type: "pong", sentAt: message.sentAt })] };
        case "chat":
          return { state, out: chat(state, event.connection, who, message.text, event.at) };
        case "like": {
          if (!canTalk(who.role)) return { state, out: [refuse(event.connection, "sign_in", "Sign in to like the show.")] };
          if (!state.banned.has(who.viewer) && spend(state.likeBuckets, who.viewer, likeLimit, event.at) === 0) state.likes++;
          return { state, out: [] };
        }
        case "moderate":
          return { state, out: moderate(state, event.connection, who, message.command, event.at) };
      }
    }
    case "server": {
      // "Nickname just bought …": only ever from a signed worker call, with the show clock.
      const { name, product } = event.event;
      return { state, out: [everyone({ type: "purchase", name, product, at: showClock(state, event.at) })] };
    }
    case "tick": {
      const out: Outgoing[] = [];
      if (viewerCount(state) !== state.broadcastCount) {
        state.broadcastCount = viewerCount(state);
        out.push(everyone({ type: "viewers", count: state.broadcastCount }));
      }
      if (state.likes !== state.broadcastLikes) {
        state.broadcastLikes = state.likes;
        state.revision++;
        out.push(everyone({ type: "likes", total: state.likes }));
      }
      return { state, out };
    }
  }
}
