/**
 * PartyKit glue for a live show's room: authenticates sockets with the worker's signed ticket, feeds
 * connections, frames and ticks to the pure room in ./room/show-room.ts, and sends what it returns.
 */
import type * as Party from "partykit/server";
import { verifyToken } from "../worker/lib/signed-token.ts";
import { roomTicket, tickMs, type RoomTicket } from "./protocol.ts";
import { initialRoom, needsTick, step, viewerCount, type RoomEvent, type RoomState } from "./room/show-room.ts";

function ticketSecret(env: Record<string, unknown>): string {
  // verifyToken refuses a missing or too-short secret with a clear error.
  return typeof env.ROOM_TICKET_SECRET === "string" ? env.ROOM_TICKET_SECRET : "";
}

/** Carries the verified ticket from onBeforeConnect to onConnect. */
const ticketHeader = "x-room-ticket";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

export default class ShowRoom implements Party.Server {
  private state: RoomState = initialRoom();
  private tickTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(readonly room: Party.Room) {}

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
    this.apply({
      type: "join",
      connection: connection.id,
      at: Date.now(),
      viewer: ticket?.sub ?? connection.id,
      role: ticket?.role ?? "viewer",
      name: ticket?.name ?? null,
      avatar: ticket?.avatar ?? null,
      ...(ticket?.liveAt !== undefined && { liveAt: ticket.liveAt }),
    });
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

  /** Public, aggregated figures only: the same numbers everyone in the room sees. */
  onRequest(request: Party.Request) {
    if (request.method !== "GET") return json({ error: "method_not_allowed" }, 405);
    return json({ viewers: viewerCount(this.state) });
  }

  private apply(event: RoomEvent) {
    const { state, out } = step(this.state, event);
    this.state = state;
    for (const item of out) {
      const frame = JSON.stringify(item.message);
      if (item.to === "everyone") this.room.broadcast(frame);
      else this.room.getConnection(item.id)?.send(frame);
    }
    this.scheduleTick();
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
