/**
 * Every message between a live room and its clients, both ways, as valibot schemas. The room parses
 * what clients send with `clientMessage`; clients parse what the room sends with `serverMessage`.
 * Imported by party/, by the worker (tickets) and by client islands.
 */
import * as v from "valibot";
import { beaconChain, giveawayProof } from "./giveaway-proof.ts";

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
const productId = v.pipe(v.string(), v.regex(/^prd_[0-9a-z]{16}$/));

/** Polls (party/room/polls.ts): a question, 2–4 options, 10–300 s on the room's clock. */
export const pollLimits = { question: 140, option: 60, minOptions: 2, maxOptions: 4, minSeconds: 10, maxSeconds: 300 } as const;
/** Giveaways (party/room/giveaway.ts): a prize label and an entry window. */
export const giveawayLimits = { prize: 80, minSeconds: 10, maxSeconds: 600 } as const;

const pollId = v.pipe(v.string(), v.regex(/^p[0-9]{1,9}$/));
const giveawayId = v.pipe(v.string(), v.regex(/^g[0-9]{1,9}$/));
const sha256Hex = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));
const text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1, "Write something first."), v.maxLength(max, `At most ${max} characters.`));

/**
 * A poll as the room shows it: times on the show clock; `mine` (a joiner's welcome only) is the option
 * this viewer chose.
 */
export const pollView = v.object({
  id: pollId,
  question: v.string(),
  options: v.array(v.string()),
  totals: v.array(count),
  voters: count,
  openedAt: count,
  closesAt: count,
  closed: v.boolean(),
  mine: v.optional(count),
});
export type PollView = v.InferOutput<typeof pollView>;

/** A giveaway's winner: the per-show pseudonym, nickname and avatar, nothing else. */
const giveawayWinner = v.object({ id: pseudonym, name: v.string(), avatar: v.nullable(v.string()) });

/**
 * A giveaway as the room shows it. The commitment and the beacon round are public from the start; the
 * entrants' hash once entries close; the winner and the proof (seed revealed) once drawn. `entered`
 * (a joiner's welcome only) says whether this viewer is in.
 */
export const giveawayView = v.object({
  id: giveawayId,
  prize: v.string(),
  phase: v.picklist(["open", "closed", "drawing", "drawn"]),
  commitment: sha256Hex,
  chain: beaconChain,
  round: v.pipe(v.number(), v.integer(), v.minValue(1)),
  openedAt: count,
  closesAt: count,
  count,
  entrantsHash: v.optional(sha256Hex),
  winner: v.optional(v.nullable(giveawayWinner)),
  proof: v.optional(giveawayProof),
  entered: v.optional(v.boolean()),
});
export type GiveawayView = v.InferOutput<typeof giveawayView>;

/**
 * A flash sale as the room shows it. Times are on the show clock (ms since the show went live), so every
 * viewer counts down to the same moment whatever their own clock says; prices are minor units.
 */
export const saleState = v.object({
  id: v.pipe(v.string(), v.regex(/^fls_[0-9a-z]{16}$/)),
  product: productId,
  priceMinor: count,
  quantity: count,
  remaining: count,
  startsAt: count,
  endsAt: count,
});
export type SaleState = v.InferOutput<typeof saleState>;

/** An in-room coupon: a percentage off for the first `quantity` members who take it before `endsAt`. */
export const couponState = v.object({
  id: v.pipe(v.string(), v.regex(/^cpn_[0-9a-z]{16}$/)),
  percentOff: v.pipe(count, v.minValue(1), v.maxValue(90)),
  quantity: count,
  remaining: count,
  endsAt: count,
});
export type CouponState = v.InferOutput<typeof couponState>;

/** What the host console shows: aggregates only, never who. */
export const roomStats = v.object({
  viewers: count,
  peakViewers: count,
  uniqueViewers: count,
  likes: count,
  messages: count,
  productClicks: count,
  orders: count,
  revenueMinor: count,
});
export type RoomStats = v.InferOutput<typeof roomStats>;

/**
 * Video from the host's camera over WebRTC, with the room as the signalling channel (see
 * party/room/signalling.ts): a viewer asks for the camera (`watch`), the host offers, the viewer answers,
 * both send ICE candidates. The room relays these between two connections and stores none of them.
 */
export const maxSdpLength = 12_000;
/** Viewers the host's camera serves directly (one peer connection each); beyond that they see the cover. */
export const maxCameraViewers = 20;

/** A connection in the room (PartyKit's id for one socket): where a signal goes or came from. */
const connectionId = v.pipe(v.string(), v.minLength(1), v.maxLength(64), v.regex(/^[A-Za-z0-9_-]+$/));
const sdp = v.pipe(v.string(), v.minLength(1), v.maxLength(maxSdpLength));
const iceCandidate = v.object({
  candidate: v.pipe(v.string(), v.maxLength(1000)),
  sdpMid: v.nullish(v.pipe(v.string(), v.maxLength(64))),
  sdpMLineIndex: v.nullish(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(63))),
  usernameFragment: v.nullish(v.pipe(v.string(), v.maxLength(256))),
});

/** One step of a WebRTC handshake between the host's camera and one viewer. */
export const signal = v.variant("kind", [
  v.object({ kind: v.literal("offer"), sdp }),
  v.object({ kind: v.literal("answer"), sdp }),
  v.object({ kind: v.literal("candidate"), candidate: iceCandidate }),
  /** Either side ends this peer connection. */
  v.object({ kind: v.literal("bye") }),
  /** The host's camera already serves as many viewers as it can (`max`). */
  v.object({ kind: v.literal("full"), max: count }),
]);
export type Signal = v.InferOutput<typeof signal>;

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
  /** A viewer opened one of the show's products (counted once per viewer and product). */
  v.object({ type: v.literal("click"), product: productId }),
  // Polls and giveaways: the host and moderators run them, members take part.
  v.object({
    type: v.literal("poll_open"),
    question: text(pollLimits.question),
    options: v.pipe(
      v.array(text(pollLimits.option)),
      v.minLength(pollLimits.minOptions, "A poll needs at least two options."),
      v.maxLength(pollLimits.maxOptions, "A poll has at most four options."),
      v.check((options) => new Set(options).size === options.length, "Options must differ."),
    ),
    seconds: v.pipe(v.number(), v.integer(), v.minValue(pollLimits.minSeconds), v.maxValue(pollLimits.maxSeconds)),
  }),
  v.object({ type: v.literal("poll_close"), poll: pollId }),
  v.object({ type: v.literal("poll_vote"), poll: pollId, option: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(pollLimits.maxOptions - 1)) }),
  v.object({
    type: v.literal("giveaway_open"),
    prize: text(giveawayLimits.prize),
    seconds: v.pipe(v.number(), v.integer(), v.minValue(giveawayLimits.minSeconds), v.maxValue(giveawayLimits.maxSeconds)),
  }),
  v.object({ type: v.literal("giveaway_close"), giveaway: giveawayId }),
  v.object({ type: v.literal("giveaway_draw"), giveaway: giveawayId }),
  v.object({ type: v.literal("giveaway_enter"), giveaway: giveawayId }),
  v.object({ type: v.literal("moderate"), command: moderation }),
  // Video from the host's camera (party/room/signalling.ts).
  /** A viewer would like the host's camera: the room tells the host's connections. */
  v.object({ type: v.literal("watch") }),
  /** The host's camera started or stopped: the room tells everyone, so viewers ask for it. */
  v.object({ type: v.literal("on_air"), on: v.boolean() }),
  /** A handshake step for one connection. */
  v.object({ type: v.literal("signal"), to: connectionId, signal }),
]);
export type ClientMessage = v.InferOutput<typeof clientMessage>;
export type Moderation = v.InferOutput<typeof moderation>;

export const errorCodes = ["invalid_message", "too_large", "unauthorized", "sign_in", "rate_limited", "slow_mode", "muted", "banned", "blocked_word", "forbidden", "ended", "conflict", "unavailable", "full"] as const;
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
    /** Chat lines said in the show so far (a statistic shown in the room; each later line adds one). */
    said: count,
    /** The show clock when the frame was sent: clients count down from the room's time, not their own. */
    now: count,
    sale: v.nullable(saleState),
    coupon: v.nullable(couponState),
    ended: v.boolean(),
    /** The current (or last) poll and giveaway, when there is one. */
    /** The show's blocked words: in the host's and moderators' welcome only. */
    blockedWords: v.optional(v.array(v.string())),
    poll: v.optional(pollView),
    giveaway: v.optional(giveawayView),
  }),
  v.object({ type: v.literal("viewers"), count }),
  v.object({ type: v.literal("likes"), total: count }),
  v.object({ type: v.literal("chat"), line: chatLine }),
  v.object({ type: v.literal("removed"), ids: v.array(v.string()) }),
  v.object({ type: v.literal("slow_mode"), seconds: count }),
  v.object({ type: v.literal("pinned"), products: v.array(v.string()), at: count }),
  v.object({ type: v.literal("purchase"), name: v.string(), product: v.string(), at: count }),
  v.object({ type: v.literal("sale"), sale: saleState, now: count }),
  v.object({ type: v.literal("coupon"), coupon: couponState, now: count }),
  /** For the host and moderators only, on the tick when a figure changed. */
  v.object({ type: v.literal("stats"), stats: roomStats }),
  v.object({ type: v.literal("ended"), at: count }),
  // Polls and giveaways; `at` is the show clock. Totals and entrant counts come once per tick.
  v.object({ type: v.literal("poll_opened"), poll: pollView, at: count }),
  v.object({ type: v.literal("poll_totals"), poll: pollId, totals: v.array(count), voters: count, at: count }),
  v.object({ type: v.literal("poll_closed"), poll: pollView, at: count }),
  v.object({ type: v.literal("giveaway_opened"), giveaway: giveawayView, at: count }),
  v.object({ type: v.literal("giveaway_entries"), giveaway: giveawayId, count, at: count }),
  /** To the connection that entered, once its entry is stored. */
  v.object({ type: v.literal("giveaway_entered"), giveaway: giveawayId, at: count }),
  v.object({ type: v.literal("giveaway_closed"), giveaway: giveawayId, entrantsHash: sha256Hex, count, at: count }),
  /** The host drew: the winner follows once the committed beacon round is published (`drawsAt`). */
  v.object({ type: v.literal("giveaway_drawing"), giveaway: giveawayId, round: v.pipe(v.number(), v.integer(), v.minValue(1)), drawsAt: count, at: count }),
  v.object({ type: v.literal("giveaway_drawn"), giveaway: giveawayId, winner: v.nullable(giveawayWinner), proof: giveawayProof, at: count }),
  // Video from the host's camera: relayed from one connection (`from`) to another, never stored.
  v.object({ type: v.literal("watch"), from: connectionId }),
  v.object({ type: v.literal("on_air"), from: connectionId, on: v.boolean() }),
  v.object({ type: v.literal("signal"), from: connectionId, signal }),
  v.object({ type: v.literal("pong"), sentAt: v.optional(v.number()) }),
  v.object({
    type: v.literal("error"),
    code: v.picklist(errorCodes),
    message: v.string(),
    retryAfterMs: v.optional(count),
    /** What a refusal is about when it is not the chat (so the chat does not show it). */
    about: v.optional(v.picklist(["poll", "giveaway", "video"])),
  }),
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
      product: productId,
      /** What was paid, for the host's revenue figure; never shown to viewers. */
      amountMinor: v.optional(count),
      /** The buyer's per-show pseudonym, kept with the replay's line so erasing the buyer removes it; never shown. */
      viewer: v.optional(pseudonym),
    }),
    /** A flash sale started or its stock changed. */
    v.object({ type: v.literal("sale"), sale: saleState }),
    /** A coupon was issued or taken. */
    v.object({ type: v.literal("coupon"), coupon: couponState }),
    /** The show ended: the room closes and answers with its final statistics. */
    v.object({ type: v.literal("end") }),
    /** A page of the show's timeline (for its replay), after the entry numbered `after`. */
    v.object({ type: v.literal("timeline"), after: count, limit: v.pipe(count, v.minValue(1), v.maxValue(1000)) }),
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
/** Signals carry an SDP offer or answer (a few KB), so they alone may be larger. */
export const maxSignalFrameBytes = 16_384;

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
