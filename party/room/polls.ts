/**
 * Polls in a show's room, as part of its state machine (party/room/show-room.ts calls these).
 *
 * The host (or a moderator) opens a poll with 2–4 options for 10–300 s of the room's clock; members
 * vote. One vote per pseudonym: a member may change it while the poll is open, and only their latest
 * choice counts. Changing costs nothing (totals are a per-pseudonym map, never a tally of clicks), it
 * forgives a mis-tap on a phone, and it cannot be used to vote twice, so there is no reason to refuse it.
 *
 * Totals are never sent per vote: a vote marks the poll dirty and the room's next tick broadcasts one
 * frame with the totals, however many votes arrived (like likes). The poll closes on the first tick at
 * or after its end, or when the host closes it; its final totals are kept.
 *
 * Votes are stored one key each (`r:v:<poll>:<pseudonym>`, written with the tick that announces them),
 * not in the room's snapshot: a Durable Object value holds at most 128 KiB, and a big audience would
 * outgrow it. A restarted room rebuilds the totals from those keys.
 */
import type { ClientMessage, ErrorCode, PollView, ServerMessage } from "../protocol.ts";
import type { Identity, Outgoing, RoomState } from "./show-room.ts";

export type Poll = {
  id: string;
  question: string;
  options: string[];
  /** Show clock when it opened, and when it closes (or closed early). */
  openedAt: number;
  closesAt: number;
  /** Room time (ms since the epoch) when it ends. */
  endsAt: number;
  closed: boolean;
  /** Pseudonym → chosen option. */
  votes: Map<string, number>;
  totals: number[];
  /** Votes changed since the last tick: stored and announced together on the next one. */
  unsaved: Set<string>;
};

/** A closed poll's outcome, kept for the show's statistics and replay. */
export type PollResult = Pick<Poll, "id" | "question" | "options" | "totals" | "openedAt" | "closesAt">;

export type Polls = { current: Poll | null; next: number; past: PollResult[] };

/** What the room snapshot keeps: the current poll without its votes (those are records). */
export type PollsSnapshot = { current: Omit<Poll, "votes" | "unsaved"> | null; next: number; past: PollResult[] };

export type PollMessage = Extract<ClientMessage, { type: "poll_open" | "poll_close" | "poll_vote" }>;

/** Closed polls' results the room keeps. */
const keptResults = 20;

export const initialPolls = (): Polls => ({ current: null, next: 1, past: [] });

export const voteKey = (poll: string, viewer: string) => `r:v:${poll}:${viewer}`;

const reply = (id: string, message: ServerMessage): Outgoing => ({ to: "connection", id, message });
const everyone = (message: ServerMessage): Outgoing => ({ to: "everyone", message });
const refuse = (id: string, code: ErrorCode, message: string): Outgoing => reply(id, { type: "error", code, message, about: "poll" });
const runsShow = (who: Identity) => who.role === "host" || who.role === "moderator";

/** The poll as clients see it; `viewer` adds that viewer's own choice (for a joiner's welcome). */
export function pollView(poll: Poll, viewer?: string): PollView {
  const mine = viewer === undefined ? undefined : poll.votes.get(viewer);
  return {
    id: poll.id,
    question: poll.question,
    options: [...poll.options],
    totals: [...poll.totals],
    voters: poll.votes.size,
    openedAt: poll.openedAt,
    closesAt: poll.closesAt,
    closed: poll.closed,
    ...(mine !== undefined && { mine }),
  };
}

/** Closes the poll: final totals to everyone, its votes' keys deleted (the totals are kept). */
function close(state: RoomState, poll: Poll, at: number): Outgoing[] {
  poll.closed = true;
  poll.closesAt = Math.min(poll.closesAt, at);
  poll.unsaved.clear();
  for (const viewer of poll.votes.keys()) state.records.set(voteKey(poll.id, viewer), null);
  const { id, question, options, totals, openedAt, closesAt } = poll;
  state.polls.past = [...state.polls.past, { id, question, options, totals: [...totals], openedAt, closesAt }].slice(-keptResults);
  state.revision++;
  return [everyone({ type: "poll_closed", poll: pollView(poll), at })];
}

/**
 * A poll frame from a connection. `now` is the room's time (ms since the epoch), `clock` the show clock
 * at that moment.
 */
export function pollMessage(state: RoomState, connection: string, who: Identity, message: PollMessage, now: number, clock: number): Outgoing[] {
  const current = state.polls.current;
  switch (message.type) {
    case "poll_open": {
      if (!runsShow(who)) return [refuse(connection, "forbidden", "Only the host and moderators can run a poll.")];
      if (current && !current.closed) return [refuse(connection, "conflict", "A poll is already running: close it first.")];
      const poll: Poll = {
        id: `p${state.polls.next++}`,
        question: message.question,
        options: message.options,
        openedAt: clock,
        closesAt: clock + message.seconds * 1000,
        endsAt: now + message.seconds * 1000,
        closed: false,
        votes: new Map(),
        totals: message.options.map(() => 0),
        unsaved: new Set(),
      };
      state.polls.current = poll;
      state.revision++;
      return [everyone({ type: "poll_opened", poll: pollView(poll), at: clock })];
    }
    case "poll_close": {
      if (!runsShow(who)) return [refuse(connection, "forbidden", "Only the host and moderators can close a poll.")];
      if (!current || current.id !== message.poll || current.closed) return [refuse(connection, "conflict", "That poll is not running.")];
      return close(state, current, clock);
    }
    case "poll_vote": {
      if (who.role === "viewer") return [refuse(connection, "sign_in", "Sign in to vote.")];
      if (state.banned.has(who.viewer)) return [refuse(connection, "banned", "You can no longer take part in this show.")];
      if (!current || current.id !== message.poll || current.closed || now >= current.endsAt) return [refuse(connection, "conflict", "This poll has closed.")];
      if (message.option >= current.options.length) return [refuse(connection, "invalid_message", "There is no such option.")];
      const previous = current.votes.get(who.viewer);
      if (previous === message.option) return [];
      if (previous !== undefined) current.totals[previous]!--;
      current.totals[message.option]!++;
      current.votes.set(who.viewer, message.option);
      current.unsaved.add(who.viewer);
      return [];
    }
  }
}

/** True while a tick has something to do: a running poll (to close it on time, and to send totals). */
export const pollsNeedTick = (polls: Polls) => polls.current !== null && !polls.current.closed;

/**
 * The tick: closes a poll whose time is up (its close is stamped with its end on the show clock), or
 * stores the votes since the last tick and broadcasts the totals, once.
 */
export function tickPolls(state: RoomState, now: number, clock: number): Outgoing[] {
  const poll = state.polls.current;
  if (!poll || poll.closed) return [];
  if (now >= poll.endsAt) return close(state, poll, poll.closesAt);
  if (poll.unsaved.size === 0) return [];
  for (const viewer of poll.unsaved) state.records.set(voteKey(poll.id, viewer), poll.votes.get(viewer)!);
  poll.unsaved.clear();
  state.revision++;
  return [everyone({ type: "poll_totals", poll: poll.id, totals: [...poll.totals], voters: poll.votes.size, at: clock })];
}

export function snapshotPolls(polls: Polls): PollsSnapshot {
  const { current } = polls;
  if (!current) return { current: null, next: polls.next, past: polls.past };
  const { votes: _votes, unsaved: _unsaved, ...header } = current;
  return { current: header, next: polls.next, past: polls.past };
}

/** The polls a restarted room had: a running poll's votes (and so its totals) come from their keys. */
export function restorePolls(saved: PollsSnapshot | undefined, records: ReadonlyMap<string, unknown>): Polls {
  if (!saved) return initialPolls();
  const polls: Polls = { current: null, next: saved.next, past: saved.past };
  if (!saved.current) return polls;
  const poll: Poll = { ...saved.current, votes: new Map(), unsaved: new Set() };
  if (!poll.closed) {
    poll.totals = poll.options.map(() => 0);
    const prefix = voteKey(poll.id, "");
    for (const [key, option] of records) {
      if (!key.startsWith(prefix) || typeof option !== "number" || !Number.isInteger(option) || option < 0 || option >= poll.options.length) continue;
      poll.votes.set(key.slice(prefix.length), option);
      poll.totals[option]!++;
    }
  }
  polls.current = poll;
  return polls;
}
