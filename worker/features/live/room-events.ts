import { partyName, type SignedRoomEvent } from "../../../party/protocol.ts";
import { signToken } from "../../lib/signed-token.ts";

/**
 * Tells a show's room something only the shop can vouch for (a member bought a product, a sale started,
 * the show ended…), in a call signed with the server-to-server key: the room refuses anything else, so
 * "Mei just bought …" can never come from a browser. Returns the room's JSON answer.
 */
export async function notifyRoom(env: Pick<Env, "PARTY_URL" | "ROOM_SERVER_SECRET">, room: string, event: SignedRoomEvent["event"]): Promise<unknown> {
  const token = await signToken(env.ROOM_SERVER_SECRET, { room, event } satisfies SignedRoomEvent, 60);
  const url = new URL(`/parties/${partyName}/${encodeURIComponent(room)}`, env.PARTY_URL);
  const response = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`the room refused the event (${response.status})`);
  return response.json();
}

/**
 * The same, for news the room only shows (a sale's stock, a coupon): the database already holds the
 * truth, so a room that cannot be reached is logged, not fatal; viewers see the figure at the next change.
 */
export async function tellRoom(env: Pick<Env, "PARTY_URL" | "ROOM_SERVER_SECRET">, room: string, event: SignedRoomEvent["event"]): Promise<void> {
  try {
    await notifyRoom(env, room, event);
  } catch (error) {
    console.warn(JSON.stringify({ message: "room event not delivered", type: event.type, error: String(error) }));
  }
}
