/**
 * The room as the signalling channel for the host's camera over WebRTC (local shows and small
 * audiences; production plays a Cloudflare Stream live input instead). Pure rules, used by
 * ./show-room.ts's `step`:
 *
 * - a viewer asks for the camera with `watch`; the room tells the host's connections who asked;
 * - only the show's host puts a camera `on_air` (the room tells everyone, so viewers ask for it) and
 *   only the host offers; the host may also send candidates, `bye` and `full` to anyone;
 * - everyone else may only answer the host, send it candidates or say `bye` to it;
 * - a signal for a connection that has gone is answered with that connection's `bye`, so the sender
 *   frees its peer at once.
 *
 * The room relays and never stores a signal: what a hibernated or restarted room needs (which
 * connections are the host's) comes from the connections' own identities. The mesh cap (one peer
 * connection per viewer, `maxCameraViewers`) is the host's island's to keep, since only it knows how
 * many peers it has.
 */
import type { ClientMessage, RoomRole, ServerMessage, Signal } from "../protocol.ts";
import type { Outgoing } from "./show-room.ts";

export type SignalMessage = Extract<ClientMessage, { type: "watch" | "on_air" | "signal" }>;

/** What the rules need of the room: each connection's role, and the host's connections. */
export type SignallingRoom = { connections: ReadonlyMap<string, { role: RoomRole }>; hosts: ReadonlySet<string> };

/**
 * Signalling per viewer (the host is not limited): a handshake is a `watch`, an answer and a handful of
 * candidates, so thirty at once and five a second more leave room for reconnects, not for floods.
 */
export const signalLimit = { capacity: 30, refillMs: 200 };

const to = (id: string, message: ServerMessage): Outgoing => ({ to: "connection", id, message });
const refuse = (id: string, text: string): Outgoing => to(id, { type: "error", code: "forbidden", message: text, about: "video" });

/** Whether a `kind` of signal may go from a connection with role `from` to one with role `target`. */
export function mayRelay(from: RoomRole, kind: Signal["kind"], target: RoomRole): boolean {
  if (from === "host") return kind !== "answer";
  return target === "host" && (kind === "answer" || kind === "candidate" || kind === "bye");
}

/** What the room sends for a signalling message from connection `from`. */
export function relaySignal(room: SignallingRoom, from: string, message: SignalMessage): Outgoing[] {
  const sender = room.connections.get(from);
  if (!sender) return [];
  switch (message.type) {
    case "watch":
      // The host's own tabs never ask their own camera.
      if (sender.role === "host") return [];
      return [...room.hosts].map((host) => to(host, { type: "watch", from }));
    case "on_air":
      if (sender.role !== "host") return [refuse(from, "Only the host can put a camera on air.")];
      return [{ to: "everyone", message: { type: "on_air", from, on: message.on } }];
    case "signal": {
      if (message.to === from) return [refuse(from, "A connection cannot signal itself.")];
      const target = room.connections.get(message.to);
      if (!target) return [to(from, { type: "signal", from: message.to, signal: { kind: "bye" } })];
      if (!mayRelay(sender.role, message.signal.kind, target.role)) {
        return [refuse(from, sender.role === "host" ? "The host offers; it never answers." : "Only the host offers video; viewers answer the host.")];
      }
      return [to(message.to, { type: "signal", from, signal: message.signal })];
    }
  }
}

/** When a host's connection closes, its camera (if it was on air) is off: viewers stop waiting for it. */
export const hostLeft = (connection: string): Outgoing => ({ to: "everyone", message: { type: "on_air", from: connection, on: false } });
