/**
 * Where a show's video comes from, decided from the show and the deployment's settings: the demo loop
 * (from R2), a Cloudflare Stream live input (HLS), the host's camera over WebRTC (the room signals),
 * or nothing, in which case the stage shows the cover and says it is waiting for the host.
 */
import * as v from "valibot";
import type { PeerSettings } from "../../../client/live/webrtc.ts";
import { demoLoop } from "../../../db/seed/media/demo-loop.ts";
import type { ShowStatus, StreamKind } from "../../../db/schema/index.ts";
import { mediaUrl } from "../../views/media.ts";

const iceUrl = v.pipe(v.string(), v.maxLength(300), v.regex(/^(stun|turns?):/, "ICE server URLs start with stun: or turn:"));

/** An ICE server as RTCPeerConnection takes it. */
export const iceServer = v.object({
  urls: v.union([iceUrl, v.pipe(v.array(iceUrl), v.minLength(1), v.maxLength(5))]),
  username: v.optional(v.pipe(v.string(), v.maxLength(200))),
  credential: v.optional(v.pipe(v.string(), v.maxLength(200))),
});
export type IceServer = v.InferOutput<typeof iceServer>;

const iceServers = v.pipe(v.array(iceServer), v.maxLength(5));
/** Cloudflare Stream's customer code, as in customer-<code>.cloudflarestream.com. */
const customerCode = v.pipe(v.string(), v.regex(/^[a-z0-9]{8,32}$/));
/** A Stream live input's uid. */
const liveInputUid = v.pipe(v.string(), v.regex(/^[0-9a-f]{32}$/));

/** `peer`: how the host's camera and viewers connect; only through the relay once a TURN server is configured. */
export type VideoSettings = { streamCustomerCode: string | null; peer: PeerSettings };

/**
 * The video settings from the deployment's vars. A malformed value is logged and treated as unset:
 * video is an addition to the room, so a typo there must not take the show page down with it.
 */
export function videoSettings(env: Pick<Env, "STREAM_CUSTOMER_CODE" | "WEBRTC_ICE_SERVERS">): VideoSettings {
  // Read on every response (the CSP names Stream's origin): parsed once per isolate and value.
  const key = `${env.STREAM_CUSTOMER_CODE}\n${env.WEBRTC_ICE_SERVERS}`;
  if (parsedSettings?.key !== key) parsedSettings = { key, settings: parseVideoSettings(env) };
  return parsedSettings.settings;
}

let parsedSettings: { key: string; settings: VideoSettings } | null = null;

function parseVideoSettings(env: Pick<Env, "STREAM_CUSTOMER_CODE" | "WEBRTC_ICE_SERVERS">): VideoSettings {
  const code = env.STREAM_CUSTOMER_CODE?.trim() ?? "";
  const parsedCode = v.safeParse(customerCode, code);
  if (code && !parsedCode.success) console.error("STREAM_CUSTOMER_CODE is not a Stream customer code; Stream video is off");
  let servers: IceServer[] = [];
  try {
    const parsed = v.safeParse(iceServers, JSON.parse(env.WEBRTC_ICE_SERVERS?.trim() || "[]"));
    if (parsed.success) servers = parsed.output;
    else console.error(`WEBRTC_ICE_SERVERS is invalid (${v.summarize(parsed.issues).replace(/\s*\n\s*/g, " ")}); using none`);
  } catch {
    console.error("WEBRTC_ICE_SERVERS is not JSON; using none");
  }
  const relayOnly = servers.some((server) => [server.urls].flat().some((url) => url.startsWith("turn")));
  return { streamCustomerCode: parsedCode.success ? parsedCode.output : null, peer: { iceServers: servers, relayOnly } };
}

/** Stream's origin for a customer code: pages may fetch (HLS, WHIP) and play media from it. */
export const streamOrigin = (code: string) => `https://customer-${code}.cloudflarestream.com`;

/** The HLS manifest of a Stream live input (the active broadcast, whichever video it records into). */
export const hlsManifestUrl = (code: string, liveInput: string) => `${streamOrigin(code)}/${liveInput}/manifest/video.m3u8`;

/** What the stage shows. */
export type StageSource =
  /** The cover: before the show, after it, or while live without video. */
  | { kind: "cover"; state: "scheduled" | "ended" | "waiting" }
  | { kind: "demo"; src: string }
  | { kind: "hls"; src: string }
  | { kind: "webrtc" };

export function stageSource(show: { status: ShowStatus; streamKind: StreamKind; streamInput: string | null }, settings: VideoSettings): StageSource {
  if (show.status !== "live") return { kind: "cover", state: show.status };
  switch (show.streamKind) {
    case "demo":
      return { kind: "demo", src: mediaUrl(demoLoop.key) };
    case "stream": {
      const uid = v.safeParse(liveInputUid, show.streamInput);
      if (!settings.streamCustomerCode || !uid.success) return { kind: "cover", state: "waiting" };
      return { kind: "hls", src: hlsManifestUrl(settings.streamCustomerCode, uid.output) };
    }
    case "webrtc":
      return { kind: "webrtc" };
    case "none":
      return { kind: "cover", state: "waiting" };
  }
}
