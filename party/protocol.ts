/**
 * Every message between a live room and its clients, both ways, as valibot schemas. The room parses
 * what clients send with `clientMessage`; clients parse what the room sends with `serverMessage`.
 * Imported by party/, by the worker (tickets) and by client islands.
 */
import * as v from "valibot";

/** The party that serves live shows (rooms are at /parties/main/<show id>). */
export const partyName = "main";

/** How often the room broadcasts aggregated figures (viewer count…) when they changed. */
export const tickMs = 200;

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

export const clientMessage = v.variant("type", [
  v.object({ type: v.literal("ping"), sentAt: v.optional(v.pipe(v.number(), v.finite())) }),
]);
export type ClientMessage = v.InferOutput<typeof clientMessage>;

export const errorCodes = ["invalid_message", "too_large", "unauthorized"] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const serverMessage = v.variant("type", [
  v.object({ type: v.literal("welcome"), viewers: count }),
  v.object({ type: v.literal("viewers"), count }),
  v.object({ type: v.literal("pong"), sentAt: v.optional(v.number()) }),
  v.object({ type: v.literal("error"), code: v.picklist(errorCodes), message: v.string() }),
]);
export type ServerMessage = v.InferOutput<typeof serverMessage>;

/** What a room ticket (signed by the worker, checked by the room before the socket opens) carries. */
export const roomTicket = v.object({
  /** The show id the ticket admits to. */
  room: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  /** A pseudonymous viewer id: never an account's phone or email. */
  sub: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  role: v.picklist(["viewer", "host"]),
});
export type RoomTicket = v.InferOutput<typeof roomTicket>;

/** Tickets are short-lived: a page fetches a fresh one whenever it reconnects. */
export const ticketTtlSeconds = 120;

/** Largest client frame the room reads; anything bigger is answered with `too_large`. */
export const maxClientFrameBytes = 2048;

/** Parses a raw frame (text or bytes) from a socket with `schema`, without ever throwing. */
export function parseFrame<S extends v.GenericSchema>(
  schema: S,
  raw: string | ArrayBuffer | ArrayBufferView,
): { ok: true; message: v.InferOutput<S> } | { ok: false; reason: string } {
  const text = typeof raw === "string" ? raw : new TextDecoder().decode(raw);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: "Messages must be JSON." };
  }
  const result = v.safeParse(schema, json);
  if (result.success) return { ok: true, message: result.output };
  return { ok: false, reason: v.summarize(result.issues) };
}
