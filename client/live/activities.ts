/**
 * The room's current poll and giveaway as the islands follow them (the viewers' activities island and
 * the host's controls), kept in step with the room's messages by one pure reducer, and the show clock
 * the room counts in: countdowns run from the room's time, never the browser's own.
 */
import { useEffect, useState } from "preact/hooks";
import type { GiveawayView, PollView, ServerMessage } from "../../party/protocol.ts";

export type Activities = {
  poll: PollView | null;
  giveaway: GiveawayView | null;
  /** Show clock (ms) when the committed beacon round is due, while a draw waits for it. */
  drawsAt: number | null;
  /** The show clock the room last stated, and this page's `performance.now()` when it did. */
  clock: { show: number; local: number } | null;
};

export const noActivities: Activities = { poll: null, giveaway: null, drawsAt: null, clock: null };

/** The activities after one message from the room (`local` is `performance.now()` when it arrived). */
export function nextActivities(current: Activities, message: ServerMessage, local: number): Activities {
  const at = (show: number) => ({ show, local });
  const { poll, giveaway } = current;
  switch (message.type) {
    case "welcome":
      return { poll: message.poll ?? null, giveaway: message.giveaway ?? null, drawsAt: null, clock: at(message.now) };
    case "poll_opened":
    case "poll_closed":
      // A joiner's own choice (`mine`) stays with the poll it was made in.
      return { ...current, poll: { ...message.poll, ...(poll?.id === message.poll.id && poll.mine !== undefined && { mine: poll.mine }) }, clock: at(message.at) };
    case "poll_totals":
      if (poll?.id !== message.poll) return current;
      return { ...current, poll: { ...poll, totals: message.totals, voters: message.voters }, clock: at(message.at) };
    case "giveaway_opened":
      return { ...current, giveaway: message.giveaway, drawsAt: null, clock: at(message.at) };
    case "giveaway_entries":
      if (giveaway?.id !== message.giveaway) return current;
      return { ...current, giveaway: { ...giveaway, count: message.count }, clock: at(message.at) };
    case "giveaway_entered":
      if (giveaway?.id !== message.giveaway) return current;
      return { ...current, giveaway: { ...giveaway, entered: true }, clock: at(message.at) };
    case "giveaway_closed":
      if (giveaway?.id !== message.giveaway) return current;
      return { ...current, giveaway: { ...giveaway, phase: "closed", entrantsHash: message.entrantsHash, count: message.count } };
    case "giveaway_drawing":
      if (giveaway?.id !== message.giveaway) return current;
      return { ...current, giveaway: { ...giveaway, phase: "drawing" }, drawsAt: message.drawsAt, clock: at(message.at) };
    case "giveaway_drawn":
      if (giveaway?.id !== message.giveaway) return current;
      return { ...current, giveaway: { ...giveaway, phase: "drawn", winner: message.winner, proof: message.proof }, drawsAt: null, clock: at(message.at) };
    default:
      return current;
  }
}

/** Whole seconds from the show clock now until `until` (show clock), never below zero. */
export function secondsUntil(clock: Activities["clock"], until: number, local: number): number {
  if (!clock) return 0;
  return Math.max(0, Math.ceil((until - (clock.show + (local - clock.local))) / 1000));
}

/** Re-renders once a second while `running`, for countdowns. Returns `performance.now()` at this render. */
export function useTicking(running: boolean): number {
  const [, setBeat] = useState(0);
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setBeat((beat) => beat + 1), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return typeof performance === "undefined" ? 0 : performance.now();
}

export const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
