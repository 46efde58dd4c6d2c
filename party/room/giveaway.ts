/**
 * Giveaways anyone can verify, as part of the room's state machine (party/room/show-room.ts calls
 * these; the proof itself is party/giveaway-proof.ts).
 *
 * Phases: opening → open → closing → closed → drawing → drawn. The steps that need WebCrypto (which is
 * asynchronous) or the beacon are not done inside `step`: a phase that needs one names it
 * (`pendingGiveawayWork`), party/server.ts performs it (`performGiveawayWork`) and feeds the result back
 * as an event, and only then does the room announce anything. So the room never waits on a hash or a
 * beacon, and a room restarted half-way simply finds the same work pending again.
 *
 * - opening: the host asked; the room draws a secret seed and announces its SHA-256 (the commitment)
 *   with the beacon round it will use: the first round after entries are scheduled to close.
 * - open: members enter (once each; the host and moderators cannot). Entries are stored one key each
 *   (`r:e:<giveaway>:<pseudonym>`) and acknowledged with the next tick, with the entrant count.
 * - closing → closed: at the end of the window (or when the host closes early) the entrant list is
 *   frozen; the room announces the SHA-256 of its canonical form.
 * - drawing → drawn: the host draws; once the committed round is published the room mixes it in,
 *   announces the winner (pseudonym, nickname, avatar) and reveals the seed and everything else.
 *
 * The seed is in the room's snapshot (so a restart keeps it) and in no message before the draw.
 */
import { sandboxBeacon, type Beacon } from "../beacon.ts";
import {
  canonicalEntrants,
  commitmentOf,
  drawIndex,
  entrantsHashOf,
  firstRoundAfter,
  newSeed,
  roundTime,
  type BeaconChain,
  type BeaconRound,
  type GiveawayProof,
} from "../giveaway-proof.ts";
import type { ClientMessage, ErrorCode, GiveawayView, ServerMessage } from "../protocol.ts";
import type { Identity, Outgoing, RoomState } from "./show-room.ts";

export type GiveawayPhase = "opening" | "open" | "closing" | "closed" | "drawing" | "drawn";

/** What the room keeps of an entrant: their public face, so a winner who left can still be named. */
export type Entrant = { name: string; avatar: string | null };

export type Giveaway = {
  id: string;
  prize: string;
  phase: GiveawayPhase;
  chain: BeaconChain;
  round: number;
  /** Room time (ms since the epoch) when entries are scheduled to close: it fixes the round. */
  scheduledClose: number;
  /** Show clock: when entries opened (once committed), when they close or closed, when it was drawn. */
  openedAt: number | null;
  closesAt: number;
  drawnAt: number | null;
  /** Secret until the draw. */
  seed: string | null;
  commitment: string | null;
  entrants: Map<string, Entrant>;
  /** Entries since the last tick: connection and pseudonym, stored and acknowledged on the next one. */
  unsaved: [connection: string, viewer: string][];
  broadcastCount: number;
  /** The canonical entrant list, frozen when entries close. */
  sorted: string[] | null;
  entrantsHash: string | null;
  beacon: BeaconRound | null;
  winner: string | null;
};

export type Giveaways = { current: Giveaway | null; next: number };

export type GiveawaysSnapshot = { current: Omit<Giveaway, "entrants" | "unsaved" | "sorted" | "broadcastCount"> | null; next: number };

export type GiveawayMessage = Extract<ClientMessage, { type: "giveaway_open" | "giveaway_close" | "giveaway_draw" | "giveaway_enter" }>;

/** Work the room needs done outside `step`, and what it gives back. */
export type GiveawayWork =
  | { kind: "commit"; giveaway: string }
  | { kind: "seal"; giveaway: string; entrants: string[] }
  | { kind: "draw"; giveaway: string; chain: BeaconChain; round: number; seed: string; entrantsHash: string; entrants: string[] };
export type GiveawayResult =
  | { kind: "committed"; giveaway: string; seed: string; commitment: string }
  | { kind: "sealed"; giveaway: string; entrantsHash: string }
  | { kind: "drawn"; giveaway: string; beacon: BeaconRound; winner: string | null };

/**
 * Entries a giveaway takes. The drawn proof lists every entrant and goes to everyone (and to each
 * joiner); 4,000 pseudonyms keep it under 100 KB, and under the 128 KiB a stored value may hold.
 */
export const maxEntrants = 4000;

export const initialGiveaways = (): Giveaways => ({ current: null, next: 1 });

export const entryKey = (giveaway: string, viewer: string) => `r:e:${giveaway}:${viewer}`;

const reply = (id: string, message: ServerMessage): Outgoing => ({ to: "connection", id, message });
const everyone = (message: ServerMessage): Outgoing => ({ to: "everyone", message });
const refuse = (id: string, code: ErrorCode, message: string): Outgoing => reply(id, { type: "error", code, message, about: "giveaway" });
const runsShow = (who: Identity) => who.role === "host" || who.role === "moderator";

/** The published proof of a drawn giveaway (null before the draw: the seed is still secret). */
export function giveawayProof(giveaway: Giveaway): GiveawayProof | null {
  const { phase, seed, commitment, sorted, entrantsHash, beacon } = giveaway;
  if (phase !== "drawn" || !seed || !commitment || !sorted || !entrantsHash || !beacon) return null;
  return {
    giveaway: giveaway.id,
    commitment,
    seed,
    chain: giveaway.chain,
    scheduledClose: giveaway.scheduledClose,
    round: giveaway.round,
    beacon,
    entrants: sorted,
    entrantsHash,
    winner: giveaway.winner,
  };
}

const winnerOf = (giveaway: Giveaway) => {
  if (giveaway.winner === null) return null;
  const entrant = giveaway.entrants.get(giveaway.winner);
  return { id: giveaway.winner, name: entrant?.name ?? "", avatar: entrant?.avatar ?? null };
};

/** The giveaway as clients see it (null while it is being opened: nothing is public yet). */
export function giveawayView(giveaway: Giveaway, viewer?: string): GiveawayView | null {
  if (giveaway.phase === "opening" || giveaway.commitment === null || giveaway.openedAt === null) return null;
  const phase = giveaway.phase === "closing" ? "closed" : giveaway.phase;
  const proof = giveawayProof(giveaway);
  return {
    id: giveaway.id,
    prize: giveaway.prize,
    phase,
    commitment: giveaway.commitment,
    chain: giveaway.chain,
    round: giveaway.round,
    openedAt: giveaway.openedAt,
    closesAt: giveaway.closesAt,
    count: giveaway.entrants.size,
    ...(giveaway.entrantsHash !== null && { entrantsHash: giveaway.entrantsHash }),
    ...(proof && { winner: winnerOf(giveaway), proof }),
    ...(viewer !== undefined && { entered: giveaway.entrants.has(viewer) }),
  };
}

/** Stores the entries since the last tick and acknowledges each to the connection that made it. */
function flushEntries(state: RoomState, giveaway: Giveaway, clock: number): Outgoing[] {
  if (giveaway.unsaved.length === 0) return [];
  const out = giveaway.unsaved.map(([connection, viewer]) => {
    state.records.set(entryKey(giveaway.id, viewer), giveaway.entrants.get(viewer)!);
    return reply(connection, { type: "giveaway_entered", giveaway: giveaway.id, at: clock });
  });
  giveaway.unsaved = [];
  state.revision++;
  return out;
}

/**
 * Freezes the entrant list, storing any entries not stored yet first: the hash announced next (see
 * `pendingGiveawayWork`) must be the hash of what a restarted room would find.
 */
function closeEntries(state: RoomState, giveaway: Giveaway, at: number, clock: number): Outgoing[] {
  const out = flushEntries(state, giveaway, clock);
  giveaway.phase = "closing";
  giveaway.closesAt = Math.min(giveaway.closesAt, at);
  giveaway.sorted = canonicalEntrants(giveaway.entrants.keys());
  state.revision++;
  return out;
}

/** A giveaway frame from a connection; `now` is the room's time, `clock` the show clock then. */
export function giveawayMessage(state: RoomState, connection: string, who: Identity, message: GiveawayMessage, now: number, clock: number): Outgoing[] {
  const current = state.giveaways.current;
  if (message.type === "giveaway_enter") {
    if (who.role === "viewer") return [refuse(connection, "sign_in", "Sign in to enter the giveaway.")];
    if (runsShow(who)) return [refuse(connection, "forbidden", "The host and moderators cannot enter their own giveaway.")];
    if (state.banned.has(who.viewer)) return [refuse(connection, "banned", "You can no longer take part in this show.")];
    if (!current || current.id !== message.giveaway || current.phase !== "open" || now >= current.scheduledClose) {
      return [refuse(connection, "conflict", "Entries for this giveaway are closed.")];
    }
    if (current.entrants.has(who.viewer)) {
      // Already in: acknowledged now if stored, else with the next tick like the first time.
      const pending = current.unsaved.some(([, viewer]) => viewer === who.viewer);
      return pending ? [] : [reply(connection, { type: "giveaway_entered", giveaway: current.id, at: clock })];
    }
    if (current.entrants.size >= maxEntrants) return [refuse(connection, "full", "This giveaway is full.")];
    current.entrants.set(who.viewer, { name: who.name ?? "", avatar: who.avatar });
    current.unsaved.push([connection, who.viewer]);
    return [];
  }

  if (!runsShow(who)) return [refuse(connection, "forbidden", "Only the host and moderators can run a giveaway.")];
  switch (message.type) {
    case "giveaway_open": {
      if (current && current.phase !== "drawn") return [refuse(connection, "conflict", "A giveaway is already running: draw it first.")];
      if (!state.beacon) return [refuse(connection, "unavailable", "The randomness beacon is not reachable yet. Try again in a moment.")];
      // The previous giveaway's entries are no longer needed once a new one starts.
      if (current) for (const viewer of current.entrants.keys()) state.records.set(entryKey(current.id, viewer), null);
      const scheduledClose = now + message.seconds * 1000;
      state.giveaways.current = {
        id: `g${state.giveaways.next++}`,
        prize: message.prize,
        phase: "opening",
        chain: state.beacon,
        round: firstRoundAfter(state.beacon, scheduledClose),
        scheduledClose,
        openedAt: null,
        closesAt: clock + message.seconds * 1000,
        drawnAt: null,
        seed: null,
        commitment: null,
        entrants: new Map(),
        unsaved: [],
        broadcastCount: 0,
        sorted: null,
        entrantsHash: null,
        beacon: null,
        winner: null,
      };
      state.revision++;
      return []; // announced with its commitment
    }
    case "giveaway_close": {
      if (!current || current.id !== message.giveaway || current.phase !== "open") return [refuse(connection, "conflict", "Entries for that giveaway are not open.")];
      return closeEntries(state, current, clock, clock);
    }
    case "giveaway_draw": {
      if (!current || current.id !== message.giveaway || current.phase !== "closed") {
        return [refuse(connection, "conflict", "Close the entries first; a giveaway is drawn once.")];
      }
      current.phase = "drawing";
      state.revision++;
      const drawsAt = clock + Math.max(0, roundTime(current.chain, current.round) - now);
      return [everyone({ type: "giveaway_drawing", giveaway: current.id, round: current.round, drawsAt, at: clock })];
    }
  }
}

/** True while a tick has something to do: entries to acknowledge or count, or a window to close. */
export const giveawaysNeedTick = (giveaways: Giveaways) => {
  const current = giveaways.current;
  return current !== null && (current.phase === "open" || current.unsaved.length > 0 || current.entrants.size !== current.broadcastCount);
};

/**
 * The tick: stores and acknowledges the entries since the last one, broadcasts the entrant count if it
 * changed, and closes entries at the end of the window.
 */
export function tickGiveaways(state: RoomState, now: number, clock: number): Outgoing[] {
  const giveaway = state.giveaways.current;
  if (!giveaway) return [];
  const out = flushEntries(state, giveaway, clock);
  if (giveaway.entrants.size !== giveaway.broadcastCount) {
    giveaway.broadcastCount = giveaway.entrants.size;
    out.push(everyone({ type: "giveaway_entries", giveaway: giveaway.id, count: giveaway.broadcastCount, at: clock }));
  }
  if (giveaway.phase === "open" && now >= giveaway.scheduledClose) closeEntries(state, giveaway, giveaway.closesAt, clock);
  return out;
}

/** The work the current giveaway waits for, if any; server.ts performs it and reports back. */
export function pendingGiveawayWork(giveaways: Giveaways): GiveawayWork | null {
  const g = giveaways.current;
  if (!g) return null;
  switch (g.phase) {
    case "opening":
      return { kind: "commit", giveaway: g.id };
    case "closing":
      return { kind: "seal", giveaway: g.id, entrants: g.sorted ?? [] };
    case "drawing":
      if (!g.seed || g.entrantsHash === null) return null;
      return { kind: "draw", giveaway: g.id, chain: g.chain, round: g.round, seed: g.seed, entrantsHash: g.entrantsHash, entrants: g.sorted ?? [] };
    default:
      return null;
  }
}

/**
 * Does a piece of giveaway work: draws the seed and its commitment, hashes the entrant list, or — once
 * the committed round is due — fetches it from the beacon and derives the winner. A round not due yet
 * answers `wait` with the time it is due; a beacon failure throws (the server tries again later).
 */
export async function performGiveawayWork(work: GiveawayWork, beacon: Beacon, now = Date.now()): Promise<GiveawayResult | { kind: "wait"; until: number }> {
  switch (work.kind) {
    case "commit": {
      const seed = newSeed();
      return { kind: "committed", giveaway: work.giveaway, seed, commitment: await commitmentOf(seed) };
    }
    case "seal":
      return { kind: "sealed", giveaway: work.giveaway, entrantsHash: await entrantsHashOf(work.entrants) };
    case "draw": {
      const due = roundTime(work.chain, work.round);
      if (now < due) return { kind: "wait", until: due };
      // A sandbox commitment is drawn with the sandbox whatever the room's beacon is now.
      const round = await (work.chain.kind === "sandbox" ? sandboxBeacon : beacon).round(work.chain, work.round);
      const winner = work.entrants.length === 0 ? null : work.entrants[await drawIndex(work.seed, round.randomness, work.entrantsHash, work.entrants.length)]!;
      return { kind: "drawn", giveaway: work.giveaway, beacon: round, winner };
    }
  }
}

/** The result of a piece of work, announced; stale results (another giveaway, another phase) change nothing. */
export function giveawayResult(state: RoomState, result: GiveawayResult, clock: number): Outgoing[] {
  const g = state.giveaways.current;
  if (!g || g.id !== result.giveaway) return [];
  switch (result.kind) {
    case "committed": {
      if (g.phase !== "opening") return [];
      Object.assign(g, { phase: "open", seed: result.seed, commitment: result.commitment, openedAt: clock });
      state.revision++;
      return [everyone({ type: "giveaway_opened", giveaway: giveawayView(g)!, at: clock })];
    }
    case "sealed": {
      if (g.phase !== "closing") return [];
      Object.assign(g, { phase: "closed", entrantsHash: result.entrantsHash });
      state.revision++;
      return [everyone({ type: "giveaway_closed", giveaway: g.id, entrantsHash: result.entrantsHash, count: g.entrants.size, at: g.closesAt })];
    }
    case "drawn": {
      if (g.phase !== "drawing" || (result.winner !== null && !g.entrants.has(result.winner))) return [];
      Object.assign(g, { phase: "drawn", beacon: result.beacon, winner: result.winner, drawnAt: clock });
      state.revision++;
      return [everyone({ type: "giveaway_drawn", giveaway: g.id, winner: winnerOf(g), proof: giveawayProof(g)!, at: clock })];
    }
  }
}

export function snapshotGiveaways(giveaways: Giveaways): GiveawaysSnapshot {
  const { current } = giveaways;
  if (!current) return { current: null, next: giveaways.next };
  const { entrants: _entrants, unsaved: _unsaved, sorted: _sorted, broadcastCount: _count, ...header } = current;
  return { current: header, next: giveaways.next };
}

const isEntrant = (value: unknown): value is Entrant =>
  typeof value === "object" && value !== null && typeof (value as Entrant).name === "string" && ((value as Entrant).avatar === null || typeof (value as Entrant).avatar === "string");

/** The giveaway a restarted room had, with its entrants from their keys (and the seed it committed to). */
export function restoreGiveaways(saved: GiveawaysSnapshot | undefined, records: ReadonlyMap<string, unknown>): Giveaways {
  if (!saved) return initialGiveaways();
  if (!saved.current) return { current: null, next: saved.next };
  const entrants = new Map<string, Entrant>();
  const prefix = entryKey(saved.current.id, "");
  for (const [key, value] of records) if (key.startsWith(prefix) && isEntrant(value)) entrants.set(key.slice(prefix.length), value);
  const frozen = saved.current.phase !== "opening" && saved.current.phase !== "open";
  const current: Giveaway = { ...saved.current, entrants, unsaved: [], broadcastCount: entrants.size, sorted: frozen ? canonicalEntrants(entrants.keys()) : null };
  return { current, next: saved.next };
}
