/**
 * One WebSocket per show room per page, shared by the islands that show the room (the viewer counter,
 * the chat): several islands never open several sockets, so a page counts once and receives each frame
 * once. The socket asks the shop for a fresh ticket on every (re)connection.
 */
import PartySocket from "partysocket";
import * as v from "valibot";
import { parseFrame, partyName, serverMessage, type ClientMessage, type ServerMessage } from "../../party/protocol.ts";

export type RoomAddress = {
  /** The show id, which is also the room id. */
  room: string;
  /** host[:port] of the rooms server, and whether it speaks ws or wss. */
  partyHost: string;
  partyProtocol: "ws" | "wss";
  /** Where to get a short-lived room ticket (a fresh one for every connection attempt). */
  ticketUrl: string;
};

export type RoomStatus = "connecting" | "open" | "offline";
type Listener = { message: (message: ServerMessage) => void; status: (status: RoomStatus) => void };

const ticketResponse = v.object({ ticket: v.string() });

async function freshTicket(url: string): Promise<string> {
  const response = await fetch(url, { method: "POST", headers: { accept: "application/json" } });
  const parsed = v.safeParse(ticketResponse, await response.json());
  if (!response.ok || !parsed.success) throw new Error("Could not get a room ticket");
  return parsed.output.ticket;
}

type Connection = { socket: PartySocket; listeners: Set<Listener>; status: RoomStatus; welcome: ServerMessage | null };
const connections = new Map<string, Connection>();

function open(address: RoomAddress): Connection {
  const existing = connections.get(address.room);
  if (existing) return existing;
  const socket = new PartySocket({
    host: address.partyHost,
    protocol: address.partyProtocol,
    party: partyName,
    room: address.room,
    query: async () => ({ ticket: await freshTicket(address.ticketUrl) }),
    // A deploy drops every socket of a room at once. partysocket 1.3.0 retries all of them exactly
    // 1–3 s later and gives up on an attempt after 4 s, which a busy room cannot answer in time, so the
    // storm feeds itself (bench:room: 3,000 viewers not all back within 60 s). Each page waits its own
    // random 1–5 s instead, and gives an attempt 15 s (measured: all 3,000 back in 8 s).
    minReconnectionDelay: 1000 + Math.random() * 4000,
    maxReconnectionDelay: 15_000,
    connectionTimeout: 15_000,
  });
  const connection: Connection = { socket, listeners: new Set(), status: "connecting", welcome: null };
  const setStatus = (status: RoomStatus) => {
    connection.status = status;
    for (const listener of connection.listeners) listener.status(status);
  };
  socket.addEventListener("open", () => setStatus("open"));
  socket.addEventListener("close", () => setStatus("offline"));
  socket.addEventListener("message", (event: MessageEvent) => {
    const parsed = parseFrame(serverMessage, typeof event.data === "string" ? event.data : "");
    if (!parsed.ok) return;
    if (parsed.message.type === "welcome") connection.welcome = parsed.message;
    for (const listener of connection.listeners) listener.message(parsed.message);
  });
  connections.set(address.room, connection);
  return connection;
}

/**
 * Listens to a room; a late subscriber first gets the last welcome (the room's state when this page
 * joined). Returns the function that stops listening; the socket closes with its last listener.
 */
export function subscribe(address: RoomAddress, listener: Listener): () => void {
  const connection = open(address);
  connection.listeners.add(listener);
  listener.status(connection.status);
  if (connection.welcome) listener.message(connection.welcome);
  return () => {
    connection.listeners.delete(listener);
    if (connection.listeners.size === 0) {
      connection.socket.close();
      connections.delete(address.room);
    }
  };
}

/** Sends a message to the room (dropped while the socket is reconnecting). */
export function send(address: RoomAddress, message: ClientMessage): void {
  connections.get(address.room)?.socket.send(JSON.stringify(message));
}
