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
import { beaconFor, type Beacon } from "./beacon.ts";
import { pendingGiveawayWork, performGiveawayWork } from "./room/giveaway.ts";
import {
  currentStats,
  keptInReplay,
  needsTick,
  recordPrefix,
  restore,
  snapshot,
  step,
  viewerCount,
  type Identity,
  type RoomEvent,
  type RoomSnapshot,
  type RoomState,
  type TimelineEntry,
} from "./room/show-room.ts";

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
/** Timeline entries are stored one key each, numbered so that keys sort in the room's order. */
const timelinePrefix = "t:";
const timelineKey = (seq: number) => `${timelinePrefix}${String(seq).padStart(10, "0")}`;
/** Every viewer the room has seen (for the unique count), one key each. */
const seenPrefix = "u:";

export default class ShowRoom implements Party.Server {
  readonly options: Party.ServerOptions = { hibernate: true };
  private state: RoomState = restore(undefined, []);
  private savedRevision = 0;
  private tickTimer: ReturnType<typeof setTimeout> | null = null;
  /** Where giveaways get public randomness (drand at BEACON_URL, else the sandbox). */
  private readonly beacon: Beacon;
  /** The giveaway work under way (or waiting for its beacon round), so it is started once. */
  private working: string | null = null;

  constructor(readonly room: Party.Room) {
    this.beacon = beaconFor(room.env);
  }

  /** On start and on every wake: the saved room, plus the sockets still open with their identities. */
  async onStart() {
    const saved = await this.room.storage.get<RoomSnapshot>(snapshotKey);
    const seen = await this.room.storage.list({ prefix: seenPrefix });
    const open: [string, Identity][] = [];
    for (const connection of this.room.getConnections<Identity>()) if (connection.state) open.push([connection.id, connection.state]);
    const records = await this.room.storage.list({ prefix: recordPrefix });
    this.state = restore(saved, open, [...seen.keys()].map((key) => key.slice(seenPrefix.length)), records);
    this.savedRevision = this.state.revision;
    this.learnBeaconChain(1000);
    // A restarted room picks up where it was: a running poll's ticks, a giveaway's pending work.
    this.scheduleTick();
    this.startGiveawayWork();
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
    const who: Identity = {
      viewer: ticket?.sub ?? connection.id,
      role: ticket?.role ?? "viewer",
      name: ticket?.name ?? null,
      avatar: ticket?.avatar ?? null,
      socket: crypto.randomUUID(),
    };
    // Kept with the socket, so a room woken from hibernation still knows who is who.
    connection.setState(who);
    // partysocket reconnects under the same id: an older socket with it (half-closed, or a storm's
    // abandoned attempt) is closed, so one id means one socket again.
    for (const older of this.room.getConnections<Identity>(connection.id)) {
      if (older.state?.socket !== who.socket) older.close(4000, "Replaced by a newer connection");
    }
    this.apply({ type: "join", connection: connection.id, at: Date.now(), ...who, ...(ticket?.liveAt !== undefined && { liveAt: ticket.liveAt }) });
  }

  onClose(connection: Party.Connection<Identity>) {
    this.apply({ type: "leave", connection: connection.id, ...(connection.state?.socket !== undefined && { socket: connection.state.socket }) });
  }

  onError(connection: Party.Connection<Identity>) {
    this.onClose(connection);
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
    const { event } = signed;
    if (event.type === "timeline") return json(await this.timeline(event.after, event.limit));
    this.apply({ type: "server", at: Date.now(), event });
    if (event.type === "end") return json({ stats: currentStats(this.state), lastSeq: this.state.nextLine - 1 });
    return json({ ok: true }, 202);
  }

  /**
   * A page of the replay: up to `limit` stored entries after number `after`, without removed or banned
   * lines; `last` is the number of the last entry read (null when there were none left), where the next
   * page starts.
   */
  private async timeline(after: number, limit: number): Promise<{ entries: TimelineEntry[]; last: number | null }> {
    const stored = [...(await this.room.storage.list<TimelineEntry>({ start: timelineKey(after + 1), prefix: timelinePrefix, limit })).values()];
    return { entries: stored.filter((entry) => keptInReplay(this.state, entry)), last: stored.at(-1)?.seq ?? null };
  }

  private apply(event: RoomEvent) {
    const { state, out } = step(this.state, event);
    this.state = state;
    this.persist();
    for (const item of out) {
      const frame = JSON.stringify(item.message);
      if (item.to === "everyone") this.room.broadcast(frame);
      else if (item.to === "connection") this.sendTo(item.id, frame);
      else for (const connection of this.room.getConnections<Identity>()) if (connection.state && isModerator(connection.state)) connection.send(frame);
    }
    this.scheduleTick();
    this.startGiveawayWork();
  }

  /** Tells the room which beacon chain giveaways commit to; a drand relay that does not answer is asked again. */
  private learnBeaconChain(retryMs: number) {
    this.beacon.chain().then(
      (chain) => this.apply({ type: "beacon", chain }),
      (error: unknown) => {
        console.error("the randomness beacon did not answer", error);
        setTimeout(() => this.learnBeaconChain(Math.min(retryMs * 2, 60_000)), retryMs);
      },
    );
  }

  /**
   * Does the work the current giveaway waits for (a hash, or its beacon round once due) without holding
   * up the room, and feeds the result back to it as an event. A failure is tried again a second later.
   */
  private startGiveawayWork() {
    const work = pendingGiveawayWork(this.state.giveaways);
    const key = work && `${work.kind}:${work.giveaway}`;
    if (!work || this.working === key) return;
    this.working = key;
    const again = (ms: number) =>
      setTimeout(() => {
        this.working = null;
        this.startGiveawayWork();
      }, Math.max(0, ms));
    performGiveawayWork(work, this.beacon).then(
      (result) => {
        if (result.kind === "wait") return void again(result.until - Date.now());
        this.working = null;
        this.apply({ type: "giveaway_work", at: Date.now(), result });
      },
      (error: unknown) => {
        console.error(`giveaway ${work.giveaway}: ${work.kind} failed, trying again`, error);
        again(1000);
      },
    );
  }

  /**
   * Sends to the socket a connection id stands for now. Looked up by the id's tag (partykit tags every
   * socket with its id), because `getConnection` throws while an older socket with the id is closing.
   */
  private sendTo(id: string, frame: string) {
    const current = this.state.connections.get(id)?.socket;
    for (const socket of this.room.getConnections<Identity>(id)) if (current === undefined || socket.state?.socket === current) socket.send(frame);
  }

  /**
   * Writes new timeline entries, newly seen viewers and the snapshot when it changed, before anything
   * below is sent (the output gate holds it).
   */
  private persist() {
    const puts: [string, unknown][] = [];
    const deletes: string[] = [];
    for (const entry of this.state.log) puts.push([timelineKey(entry.seq), entry]);
    for (const viewer of this.state.newlySeen) puts.push([`${seenPrefix}${viewer}`, 1]);
    for (const [key, value] of this.state.records) {
      if (value === null) deletes.push(key);
      else puts.push([key, value]);
    }
    this.state.log = [];
    this.state.newlySeen = [];
    this.state.records = new Map();
    store(this.room.storage, puts, deletes);
    if (this.state.revision === this.savedRevision) return;
    this.savedRevision = this.state.revision;
    void this.room.storage.put(snapshotKey, snapshot(this.state));
  }

  private scheduleTick() {
    if (this.tickTimer || !needsTick(this.state)) return;
    this.tickTimer = setTimeout(() => {
      this.tickTimer = null;
      this.apply({ type: "tick", at: Date.now() });
    }, tickMs);
  }
}

const isModerator = (who: Identity) => who.role === "host" || who.role === "moderator";

/** Writes and deletes keys, at most 128 per call, as Durable Object storage allows. */
function store(storage: Party.Storage, puts: [string, unknown][], deletes: string[]): void {
  for (let i = 0; i < puts.length; i += 128) void storage.put(Object.fromEntries(puts.slice(i, i + 128)));
  for (let i = 0; i < deletes.length; i += 128) void storage.delete(deletes.slice(i, i + 128));
}

ShowRoom satisfies Party.Worker;
