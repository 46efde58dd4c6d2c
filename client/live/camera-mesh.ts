/**
 * The host's side of the camera over WebRTC: one peer connection per viewer who asked (a mesh), up to
 * `max`. The host's upload is shared by every peer, so the mesh is capped; viewers beyond the cap are
 * told the camera is full and queued, and the first in the queue is offered the camera as soon as a
 * peer leaves. Signals go through the room (`send`); nothing here knows about sockets.
 */
import type { Signal } from "../../party/protocol.ts";
import { candidateSignal, peerConfiguration, serial, type PeerSettings } from "./webrtc.ts";

export type MeshCounts = { peers: number; waiting: number };
type Peer = { pc: RTCPeerConnection; run: (task: () => Promise<void>) => void; lost: ReturnType<typeof setTimeout> | null };

/** A viewer whose connection stays "disconnected" this long has gone (ICE failure can take 30 s). */
const lostAfterMs = 8000;
/** Viewers remembered in the queue at most: beyond, they ask again when the host goes on air again. */
const maxQueued = 500;

export class CameraMesh {
  private readonly peers = new Map<string, Peer>();
  private readonly queue: string[] = [];

  constructor(
    private readonly stream: MediaStream,
    private readonly options: {
      peer: PeerSettings;
      max: number;
      send: (to: string, signal: Signal) => void;
      onChange: (counts: MeshCounts) => void;
    },
  ) {}

  counts(): MeshCounts {
    return { peers: this.peers.size, waiting: this.queue.length };
  }

  /** A viewer asked for the camera: offer it, or queue them and say the camera is full. */
  watch(viewer: string): void {
    if (this.peers.has(viewer)) this.drop(viewer, false); // they lost their peer: start again
    if (this.peers.size >= this.options.max) {
      if (!this.queue.includes(viewer) && this.queue.length < maxQueued) this.queue.push(viewer);
      this.options.send(viewer, { kind: "full", max: this.options.max });
      this.changed();
      return;
    }
    this.connect(viewer);
  }

  /** A signal from a viewer: their answer, a candidate, or goodbye. */
  signal(from: string, signal: Signal): void {
    if (signal.kind === "bye") return this.drop(from, true);
    const peer = this.peers.get(from);
    if (!peer) return;
    if (signal.kind === "answer") peer.run(() => peer.pc.setRemoteDescription({ type: "answer", sdp: signal.sdp }));
    else if (signal.kind === "candidate") peer.run(() => peer.pc.addIceCandidate(signal.candidate));
  }

  /** Ends every peer (telling each viewer) and forgets the queue. */
  close(): void {
    for (const viewer of [...this.peers.keys()]) {
      this.options.send(viewer, { kind: "bye" });
      this.drop(viewer, false);
    }
    this.queue.length = 0;
    this.changed();
  }

  private connect(viewer: string): void {
    const pc = new RTCPeerConnection(peerConfiguration(this.options.peer));
    const peer: Peer = { pc, run: serial(() => this.drop(viewer, true)), lost: null };
    this.peers.set(viewer, peer);
    for (const track of this.stream.getTracks()) pc.addTrack(track, this.stream);
    pc.addEventListener("icecandidate", (event) => {
      if (event.candidate && event.candidate.candidate) this.options.send(viewer, candidateSignal(event.candidate));
    });
    pc.addEventListener("connectionstatechange", () => {
      if (this.peers.get(viewer) !== peer) return;
      if (pc.connectionState === "failed" || pc.connectionState === "closed") this.drop(viewer, true);
      else if (pc.connectionState === "disconnected") peer.lost ??= setTimeout(() => this.drop(viewer, true), lostAfterMs);
      else if (peer.lost) {
        clearTimeout(peer.lost);
        peer.lost = null;
      }
    });
    peer.run(async () => {
      await pc.setLocalDescription(await pc.createOffer());
      this.options.send(viewer, { kind: "offer", sdp: pc.localDescription!.sdp });
    });
    this.changed();
  }

  /** Forgets a viewer's peer; with `admit`, offers the freed place to the first viewer in the queue. */
  private drop(viewer: string, admit: boolean): void {
    const peer = this.peers.get(viewer);
    const queued = this.queue.indexOf(viewer);
    if (queued >= 0) this.queue.splice(queued, 1);
    if (peer) {
      this.peers.delete(viewer);
      if (peer.lost) clearTimeout(peer.lost);
      peer.pc.close();
    }
    while (admit && this.peers.size < this.options.max && this.queue.length > 0) this.connect(this.queue.shift()!);
    this.changed();
  }

  private changed(): void {
    this.options.onChange(this.counts());
  }
}
