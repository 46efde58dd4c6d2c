/**
 * Drives the pure room (party/room/show-room.ts) the way party/server.ts does: steps it through events
 * and keeps the records it asks to store in a map standing in for room storage.
 */
import type { RoomRole } from "../../party/protocol.ts";
import { step, type Outgoing, type RoomEvent, type RoomState } from "../../party/room/show-room.ts";

/** When the show went live (ms since the epoch): the show clock's zero. */
export const liveAt = 1_750_000_000_000;
export const pseudonym = (name: string) => `vwr_${name.padEnd(16, "0").slice(0, 16)}`;

/** Room storage as party/server.ts keeps it: the records the room asks to write or delete. */
export type Storage = Map<string, unknown>;

export function drain(state: RoomState, storage: Storage): void {
  for (const [key, value] of state.records) value === null ? storage.delete(key) : storage.set(key, value);
  state.records.clear();
}

/** Steps the room through events, storing what it asks to store, and returns what it sent. */
export function run(state: RoomState, storage: Storage, ...events: RoomEvent[]): Outgoing[] {
  const out: Outgoing[] = [];
  for (const event of events) {
    out.push(...step(state, event).out);
    drain(state, storage);
  }
  return out;
}

/** A connection joining as `name` (a guest, without name or avatar, for role "viewer"). */
export const join = (connection: string, name: string, role: RoomRole, at = liveAt, viewer = pseudonym(name.toLowerCase())): RoomEvent => ({
  type: "join",
  connection,
  viewer: role === "viewer" ? `vwr_guest${connection.padEnd(11, "0")}` : viewer,
  role,
  name: role === "viewer" ? null : name,
  avatar: role === "viewer" ? null : `/media/avatars/${name.toLowerCase()}.svg`,
  at,
  liveAt,
});
export const frame = (connection: string, message: unknown, at: number): RoomEvent => ({ type: "frame", connection, at, data: JSON.stringify(message) });
export const tick = (at: number): RoomEvent => ({ type: "tick", at });
