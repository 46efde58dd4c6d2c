/**
 * A live show's room as a pure state machine: `step(state, event)` returns the next state and the
 * messages to send. No I/O, no clocks: party/server.ts feeds it connections, frames and ticks.
 *
 * Aggregated figures are never sent per change: joins and leaves mark the room dirty, and the next
 * tick broadcasts one `viewers` message, however many people came and went in between.
 */
import { clientMessage, maxClientFrameBytes, parseFrame, type ServerMessage } from "../protocol.ts";

export type RoomState = {
  /** Open connections by connection id. */
  readonly viewers: ReadonlySet<string>;
  /** The count last broadcast, so an unchanged figure is not sent again. */
  readonly broadcastCount: number;
};

export type RoomEvent =
  | { type: "join"; connection: string }
  | { type: "leave"; connection: string }
  | { type: "frame"; connection: string; data: string | ArrayBuffer | ArrayBufferView }
  | { type: "tick" };

/** A message for everyone in the room, or for one connection. */
export type Outgoing = { to: "everyone"; message: ServerMessage } | { to: "connection"; id: string; message: ServerMessage };

const reply = (id: string, message: ServerMessage): Outgoing => ({ to: "connection", id, message });

export type StepResult = { state: RoomState; out: Outgoing[] };

export const initialRoom = (): RoomState => ({ viewers: new Set(), broadcastCount: 0 });

/** True when a tick would broadcast something: the server schedules ticks only then. */
export const needsTick = (state: RoomState) => state.viewers.size !== state.broadcastCount;

function frameSize(data: string | ArrayBuffer | ArrayBufferView): number {
  return typeof data === "string" ? data.length : data.byteLength;
}

export function step(state: RoomState, event: RoomEvent): StepResult {
  switch (event.type) {
    case "join": {
      const viewers = new Set(state.viewers).add(event.connection);
      return {
        state: { ...state, viewers },
        out: [reply(event.connection, { type: "welcome", viewers: viewers.size })],
      };
    }
    case "leave": {
      if (!state.viewers.has(event.connection)) return { state, out: [] };
      const viewers = new Set(state.viewers);
      viewers.delete(event.connection);
      return { state: { ...state, viewers }, out: [] };
    }
    case "frame": {
      if (frameSize(event.data) > maxClientFrameBytes) {
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
      const count = state.viewers.size;
      return { state: { ...state, broadcastCount: count }, out: [{ to: "everyone", message: { type: "viewers", count } }] };
    }
  }
}
