/**
 * A test's side of a live room: real WebSockets with tickets signed as the worker signs them, and
 * helpers to wait for the frames a test expects. Sockets a test opens are closed after it.
 */
import { randomUUID } from "node:crypto";
import * as v from "valibot";
import { afterEach, inject } from "vitest";
import WebSocket from "ws";
import { serverMessage, type ServerMessage } from "../../party/protocol.ts";
import { signToken } from "../../worker/lib/signed-token.ts";

export const roomsUrl = inject("roomsUrl");
export const secret = inject("ticketSecret");
export const serverSecret = inject("serverSecret");
export const wsBase = roomsUrl.replace(/^http/, "ws");

export type Client = {
  socket: WebSocket;
  messages: ServerMessage[];
  /** Every frame as it arrived, to check what was (not) said. */
  raw: string[];
  /** The first message (already received or still to come) that matches. */
  next: (predicate: (message: ServerMessage) => boolean, timeoutMs?: number) => Promise<ServerMessage>;
  /** The same, by type, typed. */
  of: <T extends ServerMessage["type"]>(type: T, match?: (message: Extract<ServerMessage, { type: T }>) => boolean, timeoutMs?: number) => Promise<Extract<ServerMessage, { type: T }>>;
  send: (message: unknown) => void;
  close: () => Promise<void>;
};

const open: Client[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
});

export const pseudonym = () => `vwr_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
export const ticketFor = (room: string, ttl = 60) => signToken(secret, { room, sub: pseudonym(), role: "viewer" }, ttl);
/** A member's ticket, as the worker signs it: pseudonym (fixed by the caller to come back as the same person), role, nickname and avatar. */
export const memberTicket = (room: string, name: string, role: "member" | "host" = "member", sub = pseudonym()) =>
  signToken(secret, { room, sub, role, name, avatar: `/media/avatars/${name.toLowerCase()}.svg`, liveAt: Date.now() - 60_000 }, 60);

/** Opens a real WebSocket to a room; resolves once open, or rejects with the HTTP status it was refused with. */
export function connect(room: string, ticket: string | null, base = wsBase, id?: string): Promise<Client> {
  // `_pk` is the connection id partysocket sends (the same on every reconnect of a page).
  const query = new URLSearchParams({ ...(ticket !== null && { ticket }), ...(id !== undefined && { _pk: id }) }).toString();
  const socket = new WebSocket(`${base}/parties/main/${room}${query ? `?${query}` : ""}`);
  const messages: ServerMessage[] = [];
  const raw: string[] = [];
  const waiters = new Set<() => void>();
  socket.on("message", (data) => {
    raw.push(data.toString());
    messages.push(v.parse(serverMessage, JSON.parse(data.toString())));
    for (const wake of waiters) wake();
  });
  const client: Client = {
    socket,
    messages,
    raw,
    of(type, match = () => true, timeoutMs = 5000) {
      type Wanted = Extract<ServerMessage, { type: typeof type }>;
      return client.next((m) => m.type === type && match(m as Wanted), timeoutMs) as Promise<Wanted>;
    },
    send: (message) => socket.send(JSON.stringify(message)),
    next(predicate, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(predicate);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching message; got ${JSON.stringify(messages)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    // A clean close; the local server may not echo the close frame, so stop waiting after a moment.
    close: () =>
      new Promise((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) return resolve();
        const timer = setTimeout(() => socket.terminate(), 1000);
        socket.once("close", () => {
          clearTimeout(timer);
          resolve();
        });
        socket.close();
      }),
  };
  return new Promise((resolve, reject) => {
    socket.once("open", () => {
      open.push(client);
      resolve(client);
    });
    socket.once("unexpected-response", (_request, response) => reject(new Error(`refused: ${response.statusCode}`)));
    socket.once("error", reject);
  });
}

export const latestCount = (client: Client) =>
  client.messages.reduce<number | null>(
    (count, m) => (m.type === "viewers" ? m.count : m.type === "welcome" ? m.viewers : count),
    null,
  );

export async function waitForCount(client: Client, count: number) {
  const deadline = Date.now() + 5000;
  while (latestCount(client) !== count) {
    if (Date.now() > deadline) throw new Error(`count stayed ${latestCount(client)}, wanted ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

