import { html } from "htm/preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { maxCameraViewers } from "../../party/protocol.ts";
import { CameraMesh, type MeshCounts } from "../live/camera-mesh.ts";
import { send, subscribe, type RoomAddress } from "../live/room-connection.ts";
import { openCamera, type PeerSettings } from "../live/webrtc.ts";
import { publishWhip, WhipError } from "../live/whip.ts";

export type HostCameraLabels = {
  /** The button, by stream kind: the camera to the room (webrtc) or to Stream (stream). */
  start: string;
  goLive: string;
  stop: string;
  /** The camera's preview, for assistive technology. */
  preview: string;
  off: string;
  starting: string;
  /** webrtc: "{count} of at most {max} viewers get your camera." */
  onAir: string;
  /** webrtc, at the cap: "{max} viewers get your camera directly; {waiting} more see the cover." */
  full: string;
  /** stream: broadcasting to the live input. */
  live: string;
  denied: string;
  failed: string;
  noInput: string;
  /** Before the island runs (and without JavaScript). */
  noscript: string;
};

export type HostCameraProps = RoomAddress & {
  /** Where the video goes: viewers over WebRTC with the room signalling, or a Stream live input over WHIP. */
  kind: "webrtc" | "stream";
  /** The live input's WebRTC (WHIP) URL, for `stream`; it is a secret, so only the host's pages carry it. */
  whipUrl: string | null;
  /** How viewers connect to the camera (webrtc); the ICE servers also serve the WHIP broadcast. */
  peer: PeerSettings;
  labels: HostCameraLabels;
};

type State = "server" | "off" | "starting" | "live";

const format = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));

/**
 * The host's camera. `webrtc`: asks for the camera, shows a preview, announces it on air and serves
 * each viewer who asks through one peer connection (the room carries the handshakes), up to
 * `maxCameraViewers`; beyond that viewers are told and queued. `stream`: broadcasts the camera to the
 * show's Cloudflare Stream live input over WHIP, and viewers play Stream's HLS.
 */
export function HostCamera(props: HostCameraProps) {
  const [state, setState] = useState<State>("server");
  const [error, setError] = useState<string | null>(null);
  const [counts, setCounts] = useState<MeshCounts>({ peers: 0, waiting: 0 });
  const preview = useRef<HTMLVideoElement>(null);
  const mesh = useRef<CameraMesh | null>(null);
  const stopping = useRef<(() => void) | null>(null);

  useEffect(() => {
    setState("off");
    const stopOnLeave = () => {
      stopping.current?.();
      stopping.current = null;
    };
    window.addEventListener("pagehide", stopOnLeave);
    return () => {
      window.removeEventListener("pagehide", stopOnLeave);
      stopOnLeave();
    };
  }, []);

  // While the camera is on air, the room carries viewers' requests and handshakes (webrtc only). The
  // room is joined only then, so the island can sit on a page before the show is live.
  useEffect(() => {
    if (props.kind !== "webrtc" || state !== "live") return;
    return subscribe(props, {
      status: () => {},
      message: (message) => {
        const current = mesh.current;
        if (!current) return;
        if (message.type === "watch") current.watch(message.from);
        else if (message.type === "signal") current.signal(message.from, message.signal);
        // In the room (again, after a reconnection): viewers waiting for the camera ask for it now.
        else if (message.type === "welcome") send(props, { type: "on_air", on: true });
      },
    });
  }, [props.room, props.kind, state]);

  async function start() {
    setError(null);
    if (props.kind === "stream" && !props.whipUrl) return setError(props.labels.noInput);
    setState("starting");
    let stream: MediaStream;
    try {
      stream = await openCamera();
    } catch {
      setState("off");
      return setError(props.labels.denied);
    }
    const stopTracks = () => stream.getTracks().forEach((track) => track.stop());
    if (preview.current) preview.current.srcObject = stream;
    try {
      if (props.kind === "webrtc") {
        const camera = new CameraMesh(stream, {
          peer: props.peer,
          max: maxCameraViewers,
          send: (to, signal) => send(props, { type: "signal", to, signal }),
          onChange: setCounts,
        });
        mesh.current = camera;
        stopping.current = () => {
          send(props, { type: "on_air", on: false });
          camera.close();
          mesh.current = null;
          stopTracks();
        };
      } else {
        const session = await publishWhip(props.whipUrl!, stream, props.peer.iceServers);
        session.pc.addEventListener("connectionstatechange", () => {
          if (session.pc.connectionState === "failed") {
            stop();
            setError(props.labels.failed);
          }
        });
        stopping.current = () => {
          void session.stop();
          stopTracks();
        };
      }
      setState("live");
    } catch (failure) {
      stopTracks();
      if (preview.current) preview.current.srcObject = null;
      setState("off");
      setError(failure instanceof WhipError ? `${props.labels.failed} (${failure.status})` : props.labels.failed);
    }
  }

  function stop() {
    stopping.current?.();
    stopping.current = null;
    if (preview.current) preview.current.srcObject = null;
    setCounts({ peers: 0, waiting: 0 });
    setState("off");
  }

  const { labels } = props;
  const status =
    state === "server"
      ? labels.noscript
      : state === "starting"
        ? labels.starting
        : state === "off"
          ? labels.off
          : props.kind === "stream"
            ? labels.live
            : counts.waiting > 0
              ? format(labels.full, { max: maxCameraViewers, waiting: counts.waiting })
              : format(labels.onAir, { count: counts.peers, max: maxCameraViewers });
  const live = state === "live";
  return html`<div class="host-camera" data-state=${state}>
    <div class="host-camera__screen">
      <video class="host-camera__preview" ref=${preview} muted autoplay playsinline aria-label=${labels.preview}></video>
    </div>
    <div class="host-camera__bar">
      <button
        type="button"
        class=${live ? "button button--secondary" : "button"}
        disabled=${state === "server" || state === "starting"}
        onClick=${live ? stop : start}
      >
        ${live ? labels.stop : props.kind === "stream" ? labels.goLive : labels.start}
      </button>
      <p class="host-camera__status" role="status">${status}</p>
      ${error && html`<p class="host-camera__error" role="alert">${error}</p>`}
    </div>
  </div>`;
}
