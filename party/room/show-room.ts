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
  maxSignalFrameBytes,
  maxPinned,
  parseFrame,
  recentChatLines,
  type Author,
  type ChatLine,
  type CouponState,
  type ErrorCode,
  type Moderation,
  type RoomRole,
  type RoomStats,
  type SaleState,
  type ServerMessage,
  type SignedRoomEvent,
} from "../protocol.ts";
import type { BeaconChain } from "../giveaway-proof.ts";
import {
  giveawayMessage,
  giveawayResult,
  giveawaysNeedTick,
  giveawayView,
  initialGiveaways,
  restoreGiveaways,
  snapshotGiveaways,
  tickGiveaways,
  type Entrant,
  type GiveawayResult,
  type Giveaways,
  type GiveawaysSnapshot,
} from "./giveaway.ts";
import { hostLeft, relaySignal, signalLimit, type SignalMessage } from "./signalling.ts";
import { initialPolls, pollMessage, pollsNeedTick, pollView, restorePolls, snapshotPolls, tickPolls, type Polls, type PollsSnapshot } from "./polls.ts";

/** Who a connection belongs to, from its ticket. */
/**
 * Who a connection belongs to, from its ticket. `socket` tells this socket from an older one that
 * reconnected under the same connection id (partysocket keeps its id across reconnects).
 */
export type Identity = { viewer: string; role: RoomRole; name: string | null; avatar: string | null; socket?: string };

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
  /** The running (or last) flash sale and coupon, as the worker last described them. */
  sale: SaleState | null;
  coupon: CouponState | null;
  /** Set when the worker ends the show: the room then only reads. */
  ended: boolean;
  /** Aggregates for the host console and the show's final statistics. */
  stats: Omit<RoomStats, "viewers" | "uniqueViewers" | "likes">;
  /** Every viewer who joined (pseudonyms), for the unique count; kept in room storage, one key each. */
  seen: Set<string>;
  /** Viewers seen for the first time since the last write: the server stores them. */
  newlySeen: string[];
  /** Viewer + product pairs already counted as a click. */
  clicked: Set<string>;
  /** The stats last sent to the host, so unchanged figures are not sent again. */
  broadcastStats: string;
  /** Timeline entries not yet written to room storage (the server drains it before sending). */
  log: TimelineEntry[];
  /** Chat lines a moderator removed: left out of the replay. */
  removed: string[];
  /** Polls and giveaways (./polls.ts, ./giveaway.ts). */
  polls: Polls;
  giveaways: Giveaways;
  /** The beacon chain new giveaways commit to, as the server learned it; null until then. */
  beacon: BeaconChain | null;
  /** Votes and entries to write to room storage (one key each) or, when null, to delete; the server drains it. */
  records: Map<string, RoomRecord | null>;
  /** The host's open connections: where viewers' requests for the camera go (./signalling.ts). */
  hosts: Set<string>;
  signalBuckets: Map<string, Bucket>;
};

/** A record kept in room storage under its own key: a vote (the option) or a giveaway entry. */
export type RoomRecord = number | Entrant;
/** Where records live in room storage. */
export const recordPrefix = "r:";

/** What the replay keeps: broadcast events, numbered in the room's sequence, on the show clock. */
export type TimelineEntry = { seq: number; at: number; kind: "chat" | "pin" | "sale" | "coupon" | "poll" | "giveaway"; viewer: string | null; payload: ServerMessage };

export type RoomEvent =
  | ({ type: "join"; connection: string; at: number; liveAt?: number } & Identity)
  /** A socket closed; when `socket` is given, only if it is still the one the connection id stands for. */
  | { type: "leave"; connection: string; socket?: string }
  | { type: "frame"; connection: string; at: number; data: string | ArrayBuffer | ArrayBufferView }
  /** `at` (the room's time) lets a tick close polls and giveaway entries on time. */
  | { type: "tick"; at?: number }
  /** The beacon chain the server will fetch giveaway rounds from. */
  | { type: "beacon"; chain: BeaconChain }
  /** Giveaway work the server did outside `step` (hashes, the beacon round): see ./giveaway.ts. */
  | { type: "giveaway_work"; at: number; result: GiveawayResult }
  /** A fact the worker vouched for (signed), such as a purchase. */
  | { type: "server"; at: number; event: SignedRoomEvent["event"] };

/** A message for everyone in the room, for one connection, or for the host and moderators. */
export type Outgoing =
  | { to: "everyone"; message: ServerMessage }
  | { to: "connection"; id: string; message: ServerMessage }
  | { to: "moderators"; message: ServerMessage };

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
  sale: null,
  coupon: null,
  ended: false,
  stats: { peakViewers: 0, messages: 0, productClicks: 0, orders: 0, revenueMinor: 0 },
  seen: new Set(),
  newlySeen: [],
  clicked: new Set(),
  broadcastStats: "",
  log: [],
  removed: [],
  polls: initialPolls(),
  giveaways: initialGiveaways(),
  beacon: null,
  records: new Map(),
  hosts: new Set(),
  signalBuckets: new Map(),
});

export const viewerCount = (state: RoomState) => state.viewers.size;

/**
 * What a room must not forget when it restarts or wakes from hibernation: everything it has told anyone
 * (chat, likes, pins, slow mode) and the host's rules (blocked words, mutes, bans). Rate buckets and the
 * connections themselves are not in it: buckets are short-lived, and each connection keeps its own
 * identity (see `restore`).
 */
export type RoomSnapshot = Pick<
  RoomState,
  "likes" | "recent" | "liveAt" | "slowModeSeconds" | "pinned" | "blockedWords" | "nextLine" | "sale" | "coupon" | "ended" | "stats" | "removed"
> & {
  mutedUntil: [string, number][];
  banned: string[];
  /** Absent in snapshots written before polls and giveaways existed. */
  polls?: PollsSnapshot;
  giveaways?: GiveawaysSnapshot;
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
    sale: state.sale,
    coupon: state.coupon,
    ended: state.ended,
    stats: state.stats,
    removed: state.removed,
    mutedUntil: [...state.mutedUntil],
    banned: [...state.banned],
    polls: snapshotPolls(state.polls),
    giveaways: snapshotGiveaways(state.giveaways),
  };
}

/**
 * A room rebuilt from its snapshot, the viewers it has seen (stored one key each) and the connections
 * still open (each with the identity it joined with).
 */
export function restore(
  saved: RoomSnapshot | undefined,
  open: [connection: string, who: Identity][],
  seen: Iterable<string> = [],
  /** Votes and entries stored under `recordPrefix`. */
  records: ReadonlyMap<string, unknown> = new Map(),
): RoomState {
  const state = initialRoom();
  state.polls = restorePolls(saved?.polls, records);
  state.giveaways = restoreGiveaways(saved?.giveaways, records);
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
      sale: saved.sale ?? null,
      coupon: saved.coupon ?? null,
      ended: saved.ended ?? false,
      stats: saved.stats ?? state.stats,
      removed: saved.removed ?? [],
      mutedUntil: new Map(saved.mutedUntil),
      banned: new Set(saved.banned),
    });
  }
  state.seen = new Set(seen);
  for (const [connection, who] of open) {
    state.connections.set(connection, who);
    if (who.role === "host") state.hosts.add(connection);
    state.viewers.set(who.viewer, (state.viewers.get(who.viewer) ?? 0) + 1);
  }
  state.broadcastCount = viewerCount(state);
  state.broadcastStats = statsKey(state);
  return state;
}

/** True when a tick would broadcast something: the server schedules ticks only then. */
export const needsTick = (state: RoomState) =>
  viewerCount(state) !== state.broadcastCount ||
  state.likes !== state.broadcastLikes ||
  statsKey(state) !== state.broadcastStats ||
  pollsNeedTick(state.polls) ||
  giveawaysNeedTick(state.giveaways);

/** The host console's figures now. */
export const currentStats = (state: RoomState): RoomStats => ({ ...state.stats, likes: state.likes, viewers: viewerCount(state), uniqueViewers: state.seen.size });
const statsKey = (state: RoomState) => JSON.stringify(currentStats(state));

const encoder = new TextEncoder();

function frameBytes(data: string | ArrayBuffer | ArrayBufferView): number {
  // Cheap upper bound first: a UTF-16 code unit is at most 3 UTF-8 bytes.
  if (typeof data !== "string") return data.byteLength;
  return data.length * 3 <= maxClientFrameBytes ? data.length : encoder.encode(data).byteLength;
}

/** The host's camera over WebRTC: viewers' signalling is rate limited, the rules are ./signalling.ts's. */
function signalling(state: RoomState, connection: string, who: Identity, message: SignalMessage, at: number): Outgoing[] {
  const wait = who.role === "host" ? 0 : spend(state.signalBuckets, who.viewer, signalLimit, at);
  if (wait > 0) return [reply(connection, { type: "error", code: "rate_limited", message: "Too many video requests.", retryAfterMs: Math.ceil(wait), about: "video" })];
  return relaySignal(state, connection, message);
}

function leave(state: RoomState, connection: string, socket?: string): void {
  const who = state.connections.get(connection);
  // A replaced socket closing late must not take its successor with it.
  if (who === undefined || (socket !== undefined && who.socket !== socket)) return;
  state.connections.delete(connection);
  state.hosts.delete(connection);
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
  const seq = state.nextLine++;
  const line: ChatLine = { id: `m${seq}`, at: showClock(state, at), by, text };
  state.recent.push(line);
  state.stats.messages++;
  state.revision++;
  record(state, { seq, at: line.at, kind: "chat", viewer: who.viewer, payload: { type: "chat", line } });
  if (state.recent.length > recentChatLines) state.recent.shift();
  return [everyone({ type: "chat", line })];
}

/** Queues a timeline entry for room storage (the replay). */
function record(state: RoomState, entry: TimelineEntry): void {
  state.log.push(entry);
}

/** Records a broadcast event in the timeline under the next number of the room's sequence (with whose it is, if anyone's). */
function recordEvent(state: RoomState, kind: TimelineEntry["kind"], at: number, payload: ServerMessage, viewer: string | null = null): void {
  record(state, { seq: state.nextLine++, at, kind, viewer, payload });
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
      // Also left out of the replay, even when the line is older than the recent ones.
      if (!state.removed.includes(command.id)) state.removed.push(command.id);
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
    case "pin": {
      state.pinned = [...new Set(command.products)];
      const message: ServerMessage = { type: "pinned", products: state.pinned, at: showClock(state, at) };
      recordEvent(state, "pin", message.at, message);
      return [everyone(message)];
    }
  }
}

/** Facts the worker vouched for (signed calls): purchases, sales, coupons, the end of the show. */
function serverEvent(state: RoomState, event: SignedRoomEvent["event"], at: number): Outgoing[] {
  const now = showClock(state, at);
  state.revision++;
  switch (event.type) {
    case "purchase": {
      // "Nickname just bought …": only ever from a signed worker call, with the show clock.
      state.stats.orders++;
      state.stats.revenueMinor += event.amountMinor ?? 0;
      const message: ServerMessage = { type: "purchase", name: event.name, product: event.product, at: now };
      // The replay's line is the buyer's, like their chat: erasing them removes it (the pseudonym never goes out).
      recordEvent(state, "sale", now, message, event.viewer ?? null);
      return [everyone(message)];
    }
    case "sale": {
      // A new sale is recorded for the replay; a stock change only updates the one on screen.
      if (state.sale?.id !== event.sale.id) recordEvent(state, "sale", now, { type: "sale", sale: event.sale, now });
      state.sale = event.sale;
      // The product on sale is pinned, first, if it is not already.
      if (!state.pinned.includes(event.sale.product)) {
        state.pinned = [event.sale.product, ...state.pinned].slice(0, maxPinned);
        return [everyone({ type: "pinned", products: state.pinned, at: now }), everyone({ type: "sale", sale: event.sale, now })];
      }
      return [everyone({ type: "sale", sale: event.sale, now })];
    }
    case "coupon": {
      if (state.coupon?.id !== event.coupon.id) recordEvent(state, "coupon", now, { type: "coupon", coupon: event.coupon, now });
      state.coupon = event.coupon;
      return [everyone({ type: "coupon", coupon: event.coupon, now })];
    }
    case "end": {
      if (state.ended) return [];
      state.ended = true;
      return [everyone({ type: "ended", at: now })];
    }
    case "timeline":
      return []; // read by the server from storage
  }
}

/** The current poll and giveaway for a joiner, with what this viewer chose. */
function activities(state: RoomState, viewer: string) {
  const poll = state.polls.current && pollView(state.polls.current, viewer);
  const giveaway = state.giveaways.current && giveawayView(state.giveaways.current, viewer);
  return { ...(poll && { poll }), ...(giveaway && { giveaway }) };
}

/** Polls' and giveaways' announcements go into the replay's timeline too (not totals or counts). */
function recordActivities(state: RoomState, out: Outgoing[]): Outgoing[] {
  for (const { to, message } of out) {
    if (to !== "everyone") continue;
    if (message.type === "poll_opened" || message.type === "poll_closed") recordEvent(state, "poll", message.at, message);
    if (message.type === "giveaway_opened" || message.type === "giveaway_closed" || message.type === "giveaway_drawn") recordEvent(state, "giveaway", message.at, message);
  }
  return out;
}

/** The replay's entries: removed lines and banned viewers' lines are left out. */
export const keptInReplay = (state: RoomState, entry: TimelineEntry) =>
  entry.kind !== "chat" || (entry.viewer !== null && !state.banned.has(entry.viewer) && !state.removed.includes(`m${entry.seq}`));

export function step(state: RoomState, event: RoomEvent): StepResult {
  switch (event.type) {
    case "join": {
      leave(state, event.connection); // a reused connection id replaces its old entry
      const who: Identity = { viewer: event.viewer, role: event.role, name: event.name, avatar: event.avatar, ...(event.socket !== undefined && { socket: event.socket }) };
      state.connections.set(event.connection, who);
      if (who.role === "host") state.hosts.add(event.connection);
      state.viewers.set(event.viewer, (state.viewers.get(event.viewer) ?? 0) + 1);
      if (!state.seen.has(event.viewer)) {
        state.seen.add(event.viewer);
        state.newlySeen.push(event.viewer);
      }
      if (viewerCount(state) > state.stats.peakViewers) state.stats.peakViewers = viewerCount(state);
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
        said: state.stats.messages,
        now: showClock(state, event.at),
        sale: state.sale,
        coupon: state.coupon,
        ended: state.ended,
        ...activities(state, who.viewer),
        // The host's rules, for those who set them (viewers only meet them when they apply).
        ...(moderates(who.role) && { blockedWords: [...state.blockedWords] }),
      };
      return { state, out: [reply(event.connection, welcome)] };
    }
    case "leave": {
      if (event.socket !== undefined && state.connections.get(event.connection)?.socket !== event.socket) return { state, out: [] };
      const wasHost = state.hosts.has(event.connection);
      leave(state, event.connection, event.socket);
      return { state, out: wasHost ? [hostLeft(event.connection)] : [] };
    }
    case "frame": {
      const who = state.connections.get(event.connection);
      if (!who) return { state, out: [] };
      // Only signals (an SDP is a few KB) may be larger than other messages; beyond their limit nothing is read.
      const size = frameBytes(event.data);
      const parsed = size > maxSignalFrameBytes ? null : parseFrame(clientMessage, event.data);
      if (!parsed || (size > maxClientFrameBytes && !(parsed.ok && parsed.message.type === "signal"))) {
        return { state, out: [refuse(event.connection, "too_large", `Messages may be at most ${maxClientFrameBytes} bytes.`)] };
      }
      if (!parsed.ok) return { state, out: [refuse(event.connection, "invalid_message", parsed.reason)] };
      const message = parsed.message;
      if (state.ended && message.type !== "ping") return { state, out: [refuse(event.connection, "ended", "The show has ended.")] };
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
        case "click": {
          const key = `${who.viewer} ${message.product}`;
          if (!state.clicked.has(key)) {
            state.clicked.add(key);
            state.stats.productClicks++;
          }
          return { state, out: [] };
        }
        case "poll_open":
        case "poll_close":
        case "poll_vote":
          return { state, out: recordActivities(state, pollMessage(state, event.connection, who, message, event.at, showClock(state, event.at))) };
        case "giveaway_open":
        case "giveaway_close":
        case "giveaway_draw":
        case "giveaway_enter":
          return { state, out: recordActivities(state, giveawayMessage(state, event.connection, who, message, event.at, showClock(state, event.at))) };
        case "watch":
        case "on_air":
        case "signal":
          return { state, out: signalling(state, event.connection, who, message, event.at) };
      }
    }
    case "beacon":
      state.beacon = event.chain;
      return { state, out: [] };
    case "giveaway_work":
      return { state, out: recordActivities(state, giveawayResult(state, event.result, showClock(state, event.at))) };
    case "server":
      return { state, out: serverEvent(state, event.event, event.at) };
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
      const stats = statsKey(state);
      if (stats !== state.broadcastStats) {
        state.broadcastStats = stats;
        state.revision++;
        out.push({ to: "moderators", message: { type: "stats", stats: currentStats(state) } });
      }
      if (event.at !== undefined) {
        const clock = showClock(state, event.at);
        out.push(...recordActivities(state, [...tickPolls(state, event.at, clock), ...tickGiveaways(state, event.at, clock)]));
      }
      return { state, out };
    }
  }
}
