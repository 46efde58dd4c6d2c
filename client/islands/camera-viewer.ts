import { html } from "htm/preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { Signal } from "../../party/protocol.ts";
import { send, subscribe, type RoomAddress } from "../live/room-connection.ts";
import { candidateSignal, peerConfiguration, serial, type PeerSettings } from "../live/webrtc.ts";
import { StageWaiting, SoundButton, type StageLabels } from "../live/stage-screen.ts";

export type CameraViewerProps = RoomAddress & {
  /** The show's cover: what the stage shows until the camera plays. */
  poster: string;
  /** What the video is, for assistive technology. */
  alt: string;
  peer: PeerSettings;
  labels: StageLabels & { connecting: string; full: string };
};

type Phase = "waiting" | "connecting" | "playing" | "full";

const format = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));

/**
 * The host's camera for a viewer, over WebRTC with the room as the signalling channel. The page shows
 * the cover and "waiting for the host" until video plays. The island asks for the camera whenever it
 * (re)joins the room or the host goes on air, answers the host's offer, and falls back to waiting when
 * the host stops, leaves or the connection fails. When the host's camera already serves as many
 * viewers as it can, the viewer is told so (and gets the camera when a place frees up).
 */
export function CameraViewer(props: CameraViewerProps) {
  const [phase, setPhase] = useState<Phase>("waiting");
  const [full, setFull] = useState(0);
  const [muted, setMuted] = useState(true);
  const video = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    let peer: { pc: RTCPeerConnection; host: string } | null = null;
    /** The host connection that said its camera is full (this viewer waits in its queue). */
    let fullAt: string | null = null;
    const run = serial((error) => console.warn("camera signalling failed", error));
    const close = () => {
      peer?.pc.close();
      peer = null;
      if (video.current) video.current.srcObject = null;
    };
    const watch = () => send(props, { type: "watch" });

    async function offered(host: string, sdp: string) {
      close();
      fullAt = null;
      const pc = new RTCPeerConnection(peerConfiguration(props.peer));
      peer = { pc, host };
      pc.addEventListener("track", (event) => {
        if (video.current && peer?.pc === pc) video.current.srcObject = event.streams[0] ?? new MediaStream([event.track]);
      });
      pc.addEventListener("icecandidate", (event) => {
        if (event.candidate && event.candidate.candidate) send(props, { type: "signal", to: host, signal: candidateSignal(event.candidate) });
      });
      pc.addEventListener("connectionstatechange", () => {
        if (peer?.pc !== pc || (pc.connectionState !== "failed" && pc.connectionState !== "closed")) return;
        close();
        setPhase("waiting");
        // The host may still be on air (a network hiccup): ask again after a moment.
        setTimeout(watch, 2000);
      });
      await pc.setRemoteDescription({ type: "offer", sdp });
      await pc.setLocalDescription(await pc.createAnswer());
      send(props, { type: "signal", to: host, signal: { kind: "answer", sdp: pc.localDescription!.sdp } });
      setPhase("connecting");
    }

    function signalled(from: string, signal: Signal) {
      switch (signal.kind) {
        case "offer":
          return run(() => offered(from, signal.sdp));
        case "candidate":
          return run(async () => {
            if (peer?.host === from) await peer.pc.addIceCandidate(signal.candidate);
          });
        case "bye":
          return run(async () => {
            if (peer?.host !== from) return;
            close();
            setPhase("waiting");
          });
        case "full":
          if (!peer) {
            fullAt = from;
            setFull(signal.max);
            setPhase("full");
          }
          return;
        case "answer":
          return; // the host never answers
      }
    }

    const unsubscribe = subscribe(props, {
      status: () => {},
      message: (message) => {
        if (message.type === "welcome" && !peer) watch();
        else if (message.type === "on_air") {
          if (message.on && peer?.host !== message.from) watch();
          else if (!message.on && (peer?.host === message.from || fullAt === message.from)) {
            fullAt = null;
            close();
            setPhase("waiting");
          }
        } else if (message.type === "signal") signalled(message.from, message.signal);
      },
    });
    const leave = () => {
      if (peer) send(props, { type: "signal", to: peer.host, signal: { kind: "bye" } });
      close();
    };
    window.addEventListener("pagehide", leave);
    return () => {
      window.removeEventListener("pagehide", leave);
      leave();
      unsubscribe();
    };
  }, [props.room]);

  const { labels } = props;
  const waiting =
    phase === "connecting"
      ? { title: labels.connecting, text: null }
      : phase === "full"
        ? { title: labels.waiting, text: format(labels.full, { max: full }) }
        : { title: labels.waiting, text: labels.waitingText };
  return html`<div class="stage__screen" data-phase=${phase}>
    <video
      class="stage__media"
      ref=${video}
      poster=${props.poster}
      autoplay
      muted
      playsinline
      aria-label=${props.alt}
      onPlaying=${() => setPhase("playing")}
      onEmptied=${() => setPhase((current) => (current === "playing" ? "waiting" : current))}
    ></video>
    ${phase !== "playing" && html`<${StageWaiting} title=${waiting.title} text=${waiting.text} state=${phase} />`}
    ${phase === "playing" && html`<${SoundButton} video=${video} muted=${muted} setMuted=${setMuted} labels=${labels} />`}
  </div>`;
}
