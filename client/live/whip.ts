/**
 * Broadcasting to a Cloudflare Stream live input over WHIP (WebRTC-HTTP Ingestion Protocol): the
 * browser POSTs its SDP offer (`application/sdp`) to the live input's WebRTC URL and gets the answer
 * back (201 Created, with the session's URL in `Location`); a DELETE of that URL ends the broadcast.
 * Stream does not take trickled candidates, so the offer is sent once ICE gathering is complete.
 */
import { iceGathered, type IceServer } from "./webrtc.ts";

export type WhipSession = { pc: RTCPeerConnection; stop: () => Promise<void> };

export class WhipError extends Error {
  constructor(readonly status: number) {
    super(`the WHIP endpoint answered ${status}`);
  }
}

/** How long to wait for ICE candidates before offering what was gathered. */
const gatherMs = 2000;

/** Starts sending `stream` to the WHIP endpoint `url`; resolves once the endpoint has answered. */
export async function publishWhip(url: string, stream: MediaStream, iceServers: IceServer[]): Promise<WhipSession> {
  const pc = new RTCPeerConnection({ iceServers, bundlePolicy: "max-bundle" });
  for (const track of stream.getTracks()) pc.addTransceiver(track, { direction: "sendonly", streams: [stream] });
  try {
    await pc.setLocalDescription(await pc.createOffer());
    await iceGathered(pc, gatherMs);
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/sdp" }, body: pc.localDescription!.sdp });
    if (response.status !== 201) throw new WhipError(response.status);
    const answer = await response.text();
    await pc.setRemoteDescription({ type: "answer", sdp: answer });
    // The session's own URL when the endpoint names one (relative to the endpoint), else the endpoint.
    const session = new URL(response.headers.get("location") ?? url, url).href;
    return {
      pc,
      stop: async () => {
        pc.close();
        await fetch(session, { method: "DELETE" }).catch(() => undefined);
      },
    };
  } catch (error) {
    pc.close();
    throw error;
  }
}
