import { partyName, type SignedRoomEvent } from "../../../party/protocol.ts";
import { signToken } from "../../lib/signed-token.ts";

/**
 * Tells a show's room something only the shop can vouch for (a member bought a product), in a call
 * signed with the server-to-server key: the room refuses anything else, so "Mei just bought …" can
 * never come from a browser. Checkout calls it when an order from the show is paid.
 */
export async function notifyRoom(env: Pick<Env, "PARTY_URL" | "ROOM_SERVER_SECRET">, room: string, event: SignedRoomEvent["event"]): Promise<void> {
  const token = await signToken(env.ROOM_SERVER_SECRET, { room, event } satisfies SignedRoomEvent, 60);
  const url = new URL(`/parties/${partyName}/${encodeURIComponent(room)}`, env.PARTY_URL);
  const response = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`the room refused the event (${response.status})`);
}
