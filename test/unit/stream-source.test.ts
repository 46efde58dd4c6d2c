import { afterEach, describe, expect, it, vi } from "vitest";
import { demoLoop } from "../../db/seed/media/demo-loop.ts";
import { hlsManifestUrl, stageSource, streamOrigin, videoSettings, type VideoSettings } from "../../worker/features/live/stream-source.ts";

const uid = "6b9e68b07dfee8cc2d116e4c51d6a957";
const noPeers = { iceServers: [], relayOnly: false };
const configured: VideoSettings = { streamCustomerCode: "f33zs165nr7gyfy4", peer: noPeers };
const unconfigured: VideoSettings = { streamCustomerCode: null, peer: noPeers };
const live = (streamKind: "none" | "demo" | "stream" | "webrtc", streamInput: string | null = null) => ({ status: "live" as const, streamKind, streamInput });

afterEach(() => {
  vi.restoreAllMocks();
});

describe("what a show's stage plays", () => {
  it("shows the cover before and after the show, whatever its video would be", () => {
    expect(stageSource({ status: "scheduled", streamKind: "demo", streamInput: null }, configured)).toEqual({ kind: "cover", state: "scheduled" });
    expect(stageSource({ status: "ended", streamKind: "stream", streamInput: uid }, configured)).toEqual({ kind: "cover", state: "ended" });
  });

  it("plays the demo loop from the media route, the host's camera over WebRTC, and waits when there is no video", () => {
    expect(stageSource(live("demo"), unconfigured)).toEqual({ kind: "demo", src: `/media/${demoLoop.key}` });
    expect(stageSource(live("webrtc"), unconfigured)).toEqual({ kind: "webrtc" });
    expect(stageSource(live("none"), configured)).toEqual({ kind: "cover", state: "waiting" });
  });

  it("plays a Stream live input's HLS from the customer's subdomain, and waits without a customer code or a valid input", () => {
    expect(stageSource(live("stream", uid), configured)).toEqual({ kind: "hls", src: `https://customer-f33zs165nr7gyfy4.cloudflarestream.com/${uid}/manifest/video.m3u8` });
    expect(hlsManifestUrl("f33zs165nr7gyfy4", uid)).toBe(`${streamOrigin("f33zs165nr7gyfy4")}/${uid}/manifest/video.m3u8`);
    expect(stageSource(live("stream", uid), unconfigured)).toEqual({ kind: "cover", state: "waiting" });
    expect(stageSource(live("stream", null), configured)).toEqual({ kind: "cover", state: "waiting" });
    expect(stageSource(live("stream", "../../evil"), configured)).toEqual({ kind: "cover", state: "waiting" });
  });
});

describe("video settings from the deployment's vars", () => {
  it("reads the Stream customer code and the ICE servers; with a TURN server, peers connect only through it", () => {
    const stun = [{ urls: "stun:stun.example.net:3478" }];
    const servers = [...stun, { urls: ["turn:turn.example.net:3478?transport=udp", "turns:turn.example.net:5349"], username: "lantern", credential: "s3cret" }];
    expect(videoSettings({ STREAM_CUSTOMER_CODE: "f33zs165nr7gyfy4", WEBRTC_ICE_SERVERS: JSON.stringify(servers) })).toEqual({
      streamCustomerCode: "f33zs165nr7gyfy4",
      peer: { iceServers: servers, relayOnly: true },
    });
    // STUN alone finds addresses but relays nothing: peers then connect directly.
    expect(videoSettings({ STREAM_CUSTOMER_CODE: "", WEBRTC_ICE_SERVERS: JSON.stringify(stun) }).peer).toEqual({ iceServers: stun, relayOnly: false });
  });

  it("needs none locally", () => {
    expect(videoSettings({ STREAM_CUSTOMER_CODE: "", WEBRTC_ICE_SERVERS: "[]" })).toEqual({ streamCustomerCode: null, peer: noPeers });
  });

  it("treats malformed values as unset and says so, so a typo never takes the show page down", () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(videoSettings({ STREAM_CUSTOMER_CODE: "customer-f33zs165nr7gyfy4.cloudflarestream.com", WEBRTC_ICE_SERVERS: "[{\"urls\":\"http://x\"}]" })).toEqual({ streamCustomerCode: null, peer: noPeers });
    expect(videoSettings({ STREAM_CUSTOMER_CODE: "f33zs165nr7gyfy4", WEBRTC_ICE_SERVERS: "not json" })).toEqual({ streamCustomerCode: "f33zs165nr7gyfy4", peer: noPeers });
    expect(errors.mock.calls.map((call) => String(call[0]))).toEqual([
      "STREAM_CUSTOMER_CODE is not a Stream customer code; Stream video is off",
      expect.stringMatching(/^WEBRTC_ICE_SERVERS is invalid \(.*stun: or turn:.*\); using none$/),
      "WEBRTC_ICE_SERVERS is not JSON; using none",
    ]);
  });
});
