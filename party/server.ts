/**
 * PartyKit glue for a live show's room: authenticates sockets with the worker's signed ticket, feeds
 * connections, frames and ticks to the pure room in ./room/show-room.ts, and sends what it returns.
 *
 * The room hibernates between messages (so it can hold tens of thousands of sockets) and may be
 * restarted at any time: each connection keeps the identity it joined with, and whatever the room has
 * told anyone is written to room storage before the message that tells it goes out (Durable Objects
 * hold outgoing messages until the writes before them are stored), so a woken or restarted room forgets
 * nothing it acknowledged.
 */
import type * as Party from "partykit/server";
import { verifyToken } from "../worker/lib/signed-token.ts";
import { roomTicket, signedRoomEvent, tickMs, type RoomTicket } from "./protocol.ts";
import { needsTick, restore, snapshot, step, viewerCount, type Identity, type RoomEvent, type RoomSnapshot, type RoomState } from "./room/show-room.ts";

function ticketSecret(env: Record<string, unknown>): string {
  // verifyToken refuses a missing or too-short secret with a clear error.
  return typeof env.ROOM_TICKET_SECRET === "string" ? env.ROOM_TICKET_SECRET : "";
}

/** The worker's server-to-server key: a different secret from tickets, so no ticket can pose as the worker. */
function serverSecret(env: Record<string, unknown>): string {
  return typeof env.ROOM_SERVER_SECRET === "string" ? env.ROOM_SERVER_SECRET : "";
}

/** Carries the verified ticket from onBeforeConnect to onConnect. */
const ticketHeader = "x-room-ticket";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

const snapshotKey = "room";

export default class ShowRoom implements Party.Server {
  readonly options: Party.ServerOptions = { hibernate: true };
  private state: RoomState = restore(undefined, []);
  private savedRevision = 0;
  private tickTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(readonly room: Party.Room) {}

  /** On start and on every wake: the saved room, plus the sockets still open with their identities. */
  async onStart() {
    const saved = await this.room.storage.get<RoomSnapshot>(snapshotKey);
    const open: [string, Identity][] = [];
    for (const connection of this.room.getConnections<Identity>()) if (connection.state) open.push([connection.id, connection.state]);
    this.state = restore(saved, open);
    this.savedRevision = this.state.revision;
  }

  /** Refuses the socket (HTTP 401) unless it carries a valid, unexpired ticket for this very room. */
  static async onBeforeConnect(request: Party.Request, lobby: Party.Lobby) {
    const token = new URL(request.url).searchParams.get("ticket") ?? "";
    const ticket = await verifyToken(ticketSecret(lobby.env), token, roomTicket);
    if (!ticket || ticket.room !== lobby.id) return json({ error: "unauthorized" }, 401);
    // Passed to onConnect: who this socket belongs to (pseudonymous id, role, public name and avatar).
    request.headers.set(ticketHeader, encodeURIComponent(JSON.stringify(ticket)));
    return request;
  }

  onConnect(connection: Party.Connection, context: Party.ConnectionContext) {
    const header = context.request.headers.get(ticketHeader);
    const ticket = header ? (JSON.parse(decodeURIComponent(header)) as RoomTicket) : null;
    const who: Identity = { viewer: ticket?.sub ?? connection.id, role: ticket?.role ?? "viewer", name: ticket?.name ?? null, avatar: ticket?.avatar ?? null };
    // Kept with the socket, so a room woken from hibernation still knows who is who.
    connection.setState(who);
    this.apply({ type: "join", connection: connection.id, at: Date.now(), ...who, ...(ticket?.liveAt !== undefined && { liveAt: ticket.liveAt }) });
  }

  onClose(connection: Party.Connection) {
    this.apply({ type: "leave", connection: connection.id });
  }

  onError(connection: Party.Connection) {
    this.apply({ type: "leave", connection: connection.id });
  }

  onMessage(message: string | ArrayBuffer | ArrayBufferView, sender: Party.Connection) {
    this.apply({ type: "frame", connection: sender.id, at: Date.now(), data: message });
  }

  /**
   * GET: public, aggregated figures only (the same numbers everyone in the room sees). POST: an event
   * from the worker, signed with the server key (`Authorization: Bearer <signed token>`) for this room.
   */
  async onRequest(request: Party.Request) {
    if (request.method === "GET") return json({ viewers: viewerCount(this.state) });
    if (request.method !== "POST") return json({ error: "method_not_allowed" }, 405);
    const token = (request.headers.get("authorization") ?? "").replace(/^Bearer /, "");
    const signed = await verifyToken(serverSecret(this.room.env), token, signedRoomEvent);
    if (!signed || signed.room !== this.room.id) return json({ error: "unauthorized" }, 401);
    this.apply({ type: "server", at: Date.now(), event: signed.event });
    return json({ ok: true }, 202);
  }

  private apply(event: RoomEvent) {
    const { state, out } = step(this.state, event);
    this.state = state;
    this.persist();
    for (const item of out) {
      const frame = JSON.stringify(item.message);
      if (item.to === "everyone") this.room.broadcast(frame);
      else this.room.getConnection(item.id)?.send(frame);
    }
    this.scheduleTick();
  }

  /** Writes the snapshot when it changed, before anything below is sent (the output gate holds it). */
  private persist() {
    if (this.state.revision === this.savedRevision) return;
    this.savedRevision = this.state.revision;
    void this.room.storage.put(snapshotKey, snapshot(this.state));
  }

  private scheduleTick() {
    if (this.tickTimer || !needsTick(this.state)) return;
    this.tickTimer = setTimeout(() => {
      this.tickTimer = null;
      this.apply({ type: "tick" });
    }, tickMs);
  }
}

ShowRoom satisfies Party.Worker;
