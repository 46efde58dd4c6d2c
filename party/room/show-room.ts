/**
 * A live show's room as a state machine: `step(state, event)` gives the messages to send. No I/O, no
 * clocks: party/server.ts feeds it connections, frames and ticks, and tests drive it directly.
 *
 * The state is updated in place (a join is O(1) however big the crowd), so a state object belongs to
 * one room and is never shared.
 *
 * People, not sockets, are counted: each connection belongs to the viewer its ticket names, and a
 * viewer with three tabs (or one ticket replayed on many sockets) counts once. Aggregated figures are
 * never sent per change: joins and leaves mark the room dirty, and the next tick broadcasts one
 * `viewers` message, however many people came and went in between.
 */
import { clientMessage, maxClientFrameBytes, parseFrame, type ServerMessage } from "../protocol.ts";

export type RoomState = {
  /** Open connections: connection id → viewer id (from the ticket). */
  connections: Map<string, string>;
  /** Open connections per viewer. */
  viewers: Map<string, number>;
  /** The count last broadcast, so an unchanged figure is not sent again. */
  broadcastCount: number;
};

export type RoomEvent =
  | { type: "join"; connection: string; viewer: string }
  | { type: "leave"; connection: string }
  | { type: "frame"; connection: string; data: string | ArrayBuffer | ArrayBufferView }
  | { type: "tick" };

/** A message for everyone in the room, or for one connection. */
export type Outgoing = { to: "everyone"; message: ServerMessage } | { to: "connection"; id: string; message: ServerMessage };

const reply = (id: string, message: ServerMessage): Outgoing => ({ to: "connection", id, message });

export type StepResult = { state: RoomState; out: Outgoing[] };

export const initialRoom = (): RoomState => ({ connections: new Map(), viewers: new Map(), broadcastCount: 0 });

export const viewerCount = (state: RoomState) => state.viewers.size;

/** True when a tick would broadcast something: the server schedules ticks only then. */
export const needsTick = (state: RoomState) => viewerCount(state) !== state.broadcastCount;

const encoder = new TextEncoder();

function frameBytes(data: string | ArrayBuffer | ArrayBufferView): number {
  // Cheap upper bound first: a UTF-16 code unit is at most 3 UTF-8 bytes.
  if (typeof data !== "string") return data.byteLength;
  return data.length * 3 <= maxClientFrameBytes ? data.length : encoder.encode(data).byteLength;
}

function leave(state: RoomState, connection: string): void {
  const viewer = state.connections.get(connection);
  if (viewer === undefined) return;
  state.connections.delete(connection);
  const open = (state.viewers.get(viewer) ?? 1) - 1;
  if (open > 0) state.viewers.set(viewer, open);
  else state.viewers.delete(viewer);
}

export function step(state: RoomState, event: RoomEvent): StepResult {
  switch (event.type) {
    case "join": {
      leave(state, event.connection); // a reused connection id replaces its old entry
      state.connections.set(event.connection, event.viewer);
      state.viewers.set(event.viewer, (state.viewers.get(event.viewer) ?? 0) + 1);
      return { state, out: [reply(event.connection, { type: "welcome", viewers: viewerCount(state) })] };
    }
    case "leave": {
      leave(state, event.connection);
      return { state, out: [] };
    }
    case "frame": {
      if (frameBytes(event.data) > maxClientFrameBytes) {
        const message = `Messages may be at most ${maxClientFrameBytes} bytes.`;
        return { state, out: [reply(event.connection, { type: "error", code: "too_large", message })] };
      }
      const parsed = parseFrame(clientMessage, event.data);
      if (!parsed.ok) {
        const error = { type: "error", code: "invalid_message", message: parsed.reason } as const;
        return { state, out: [reply(event.connection, error)] };
      }
      switch (parsed.message.type) {
        case "ping":
          return { state, out: [reply(event.connection, { type: "pong", sentAt: parsed.message.sentAt })] };
      }
    }
    case "tick": {
      if (!needsTick(state)) return { state, out: [] };
      state.broadcastCount = viewerCount(state);
      return { state, out: [{ to: "everyone", message: { type: "viewers", count: state.broadcastCount } }] };
    }
  }
}
