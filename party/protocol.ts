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

/** Longest chat message, in characters. */
export const maxChatLength = 200;
/** Chat lines a joiner receives (and the room keeps). */
export const recentChatLines = 50;
/** Products the host can pin at once. */
export const maxPinned = 3;
/** Longest slow mode the host can set, in seconds. */
export const maxSlowModeSeconds = 120;

/**
 * Who may do what in a room: guests watch; members chat and like; the host and moderators (staff) also
 * moderate. Decided by the worker when it signs the ticket.
 */
export const roomRoles = ["viewer", "member", "host", "moderator"] as const;
export type RoomRole = (typeof roomRoles)[number];

const pseudonym = v.pipe(v.string(), v.regex(/^vwr_[0-9a-z]{16}$/));

const moderation = v.variant("action", [
  v.object({ action: v.literal("delete"), id: v.pipe(v.string(), v.maxLength(40)) }),
  v.object({ action: v.literal("mute"), viewer: pseudonym, seconds: v.pipe(v.number(), v.integer(), v.minValue(10), v.maxValue(86_400)) }),
  v.object({ action: v.literal("ban"), viewer: pseudonym }),
  v.object({ action: v.literal("slow"), seconds: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(maxSlowModeSeconds)) }),
  v.object({ action: v.literal("pin"), products: v.pipe(v.array(v.pipe(v.string(), v.regex(/^prd_[0-9a-z]{16}$/))), v.maxLength(maxPinned)) }),
  v.object({
    action: v.literal("blocked_words"),
    words: v.pipe(v.array(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(40))), v.maxLength(100)),
  }),
]);

export const clientMessage = v.variant("type", [
  v.object({ type: v.literal("ping"), sentAt: v.optional(v.pipe(v.number(), v.finite())) }),
  v.object({ type: v.literal("chat"), text: v.pipe(v.string(), v.trim(), v.minLength(1, "Say something first."), v.maxLength(maxChatLength, `Messages may be at most ${maxChatLength} characters.`)) }),
  v.object({ type: v.literal("like") }),
  v.object({ type: v.literal("moderate"), command: moderation }),
]);
export type ClientMessage = v.InferOutput<typeof clientMessage>;
export type Moderation = v.InferOutput<typeof moderation>;

export const errorCodes = ["invalid_message", "too_large", "unauthorized", "sign_in", "rate_limited", "slow_mode", "muted", "banned", "blocked_word", "forbidden"] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** The public face of a chat author: a per-show pseudonym, nickname, avatar and role. Nothing else. */
const author = v.object({ id: pseudonym, name: v.string(), avatar: v.nullable(v.string()), role: v.picklist(roomRoles) });
export type Author = v.InferOutput<typeof author>;

/** A chat line; `at` is the show's own clock (ms since it went live), so replay and late video line up. */
export const chatLine = v.object({ id: v.string(), at: count, by: author, text: v.string() });
export type ChatLine = v.InferOutput<typeof chatLine>;

export const serverMessage = v.variant("type", [
  v.object({
    type: v.literal("welcome"),
    viewers: count,
    likes: count,
    slowMode: count,
    pinned: v.array(v.string()),
    messages: v.array(chatLine),
    you: v.object({ role: v.picklist(roomRoles), id: v.string() }),
  }),
  v.object({ type: v.literal("viewers"), count }),
  v.object({ type: v.literal("likes"), total: count }),
  v.object({ type: v.literal("chat"), line: chatLine }),
  v.object({ type: v.literal("removed"), ids: v.array(v.string()) }),
  v.object({ type: v.literal("slow_mode"), seconds: count }),
  v.object({ type: v.literal("pinned"), products: v.array(v.string()), at: count }),
  v.object({ type: v.literal("purchase"), name: v.string(), product: v.string(), at: count }),
  v.object({ type: v.literal("pong"), sentAt: v.optional(v.number()) }),
  v.object({ type: v.literal("error"), code: v.picklist(errorCodes), message: v.string(), retryAfterMs: v.optional(count) }),
]);
export type ServerMessage = v.InferOutput<typeof serverMessage>;

/**
 * Events the worker tells a room (a signed server-to-server call, never a browser's word): a member
 * bought a product in the show. Carries only the public nickname and the product.
 */
export const signedRoomEvent = v.object({
  room: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  event: v.variant("type", [
    v.object({
      type: v.literal("purchase"),
      name: v.pipe(v.string(), v.minLength(1), v.maxLength(40)),
      product: v.pipe(v.string(), v.regex(/^prd_[0-9a-z]{16}$/)),
    }),
  ]),
});
export type SignedRoomEvent = v.InferOutput<typeof signedRoomEvent>;

/** What a room ticket (signed by the worker, checked by the room before the socket opens) carries. */
export const roomTicket = v.object({
  /** The show id the ticket admits to. */
  room: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  /**
   * A pseudonymous viewer id: random for a guest, derived per show from a member (so tabs count once and
   * a mute survives reconnects); never an account's id, phone or email.
   */
  sub: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  role: v.picklist(roomRoles),
  /** A member's public nickname and avatar URL; absent for guests. */
  name: v.optional(v.pipe(v.string(), v.maxLength(40))),
  avatar: v.optional(v.pipe(v.string(), v.maxLength(200), v.regex(/^\/media\//))),
  /** When the show went live (ms since the epoch): the show clock starts there. */
  liveAt: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
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
