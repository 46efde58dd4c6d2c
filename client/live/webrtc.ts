/**
 * Small WebRTC pieces shared by the host's camera and the viewers' player: ICE servers as the page
 * passes them, ICE candidates in the shape the room's protocol carries, and a queue that runs a peer's
 * signalling steps one after another (a candidate may only be added once the offer or answer is set).
 */
import type { Signal } from "../../party/protocol.ts";

/** An ICE server as the deployment configures it (WEBRTC_ICE_SERVERS); none are needed on localhost. */
export type IceServer = { urls: string | string[]; username?: string; credential?: string };

/**
 * How the host's camera and viewers connect. With `relayOnly` (whenever a TURN server is configured)
 * media goes through the relay and neither side ever learns the other's IP address: peers are people,
 * and the policy promises that nothing but nickname, avatar and interactions reaches another viewer.
 */
export type PeerSettings = { iceServers: IceServer[]; relayOnly: boolean };

export const peerConfiguration = (settings: PeerSettings): RTCConfiguration => ({
  iceServers: settings.iceServers,
  iceTransportPolicy: settings.relayOnly ? "relay" : "all",
});

/** The media the host's camera sends: 720p at most, and the microphone when there is one. */
export const cameraConstraints: MediaStreamConstraints = {
  video: { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } },
  audio: true,
};

/** Opens the camera (and the microphone when there is one: a camera alone is enough to go live). */
export async function openCamera(): Promise<MediaStream> {
  try {
    return await navigator.mediaDevices.getUserMedia(cameraConstraints);
  } catch (error) {
    if (error instanceof DOMException && (error.name === "NotFoundError" || error.name === "OverconstrainedError")) {
      return navigator.mediaDevices.getUserMedia({ video: cameraConstraints.video });
    }
    throw error;
  }
}

/** A local ICE candidate as the protocol carries it. */
export function candidateSignal(candidate: RTCIceCandidate): Extract<Signal, { kind: "candidate" }> {
  const { candidate: line, sdpMid, sdpMLineIndex, usernameFragment } = candidate.toJSON();
  return { kind: "candidate", candidate: { candidate: line ?? "", sdpMid: sdpMid ?? null, sdpMLineIndex: sdpMLineIndex ?? null, usernameFragment: usernameFragment ?? null } };
}

/** Runs tasks one after another; a failing task is reported and does not stop the ones after it. */
export function serial(onError: (error: unknown) => void): (task: () => Promise<void>) => void {
  let chain = Promise.resolve();
  return (task) => {
    chain = chain.then(task).catch(onError);
  };
}

/** Resolves once ICE gathering completes, or after `timeoutMs` with what was gathered by then. */
export function iceGathered(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      pc.removeEventListener("icegatheringstatechange", check);
      resolve();
    };
    const check = () => pc.iceGatheringState === "complete" && done();
    const timer = setTimeout(done, timeoutMs);
    pc.addEventListener("icegatheringstatechange", check);
  });
}
