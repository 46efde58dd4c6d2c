import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ServerMessage } from "../../party/protocol.ts";
import { connect, memberTicket, ticketFor, type Client } from "./room-client.ts";

/** A realistic offer: several KB, more than any other client message may carry. */
const offerSdp = `v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n${"a=rtpmap:96 VP8/90000\r\n".repeat(200)}`;
const candidate = { candidate: "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", sdpMid: "0", sdpMLineIndex: 0 };

const welcomed = async (client: Client) => {
  await client.next((m) => m.type === "welcome");
  return client;
};

/** The connection id the host learns from a viewer's `watch`. */
async function watch(host: Client, viewer: Client): Promise<string> {
  const before = host.messages.length;
  viewer.socket.send(JSON.stringify({ type: "watch" }));
  const heard = await host.next((m) => m.type === "watch" && host.messages.indexOf(m) >= before);
  return (heard as Extract<ServerMessage, { type: "watch" }>).from;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
const signals = (client: Client) => client.messages.filter((m) => m.type === "signal" || m.type === "watch");

describe("video signalling through a real room", () => {
  it("relays the host's offer to the viewer who asked and the answer back, and nobody else hears it", async () => {
    const room = `show-${randomUUID()}`;
    const host = await welcomed(await connect(room, await memberTicket(room, "Lin", "host")));
    const guest = await welcomed(await connect(room, await ticketFor(room)));
    const mei = await welcomed(await connect(room, await memberTicket(room, "Mei")));

    const guestId = await watch(host, guest);
    host.socket.send(JSON.stringify({ type: "signal", to: guestId, signal: { kind: "offer", sdp: offerSdp } }));
    const offer = (await guest.next((m) => m.type === "signal")) as Extract<ServerMessage, { type: "signal" }>;
    expect(offer.signal).toEqual({ kind: "offer", sdp: offerSdp });

    guest.socket.send(JSON.stringify({ type: "signal", to: offer.from, signal: { kind: "answer", sdp: "v=0\r\n" } }));
    guest.socket.send(JSON.stringify({ type: "signal", to: offer.from, signal: { kind: "candidate", candidate } }));
    await host.next((m) => m.type === "signal" && m.signal.kind === "candidate");
    expect(host.messages.filter((m) => m.type === "signal")).toEqual([
      { type: "signal", from: guestId, signal: { kind: "answer", sdp: "v=0\r\n" } },
      { type: "signal", from: guestId, signal: { kind: "candidate", candidate } },
    ]);

    await settle();
    expect(signals(mei)).toEqual([]);
    expect(guest.messages.filter((m) => m.type === "error")).toEqual([]);
  });

  it("refuses a viewer's offer and a viewer signalling another viewer, with a refusal about video only", async () => {
    const room = `show-${randomUUID()}`;
    const host = await welcomed(await connect(room, await memberTicket(room, "Lin", "host")));
    const mei = await welcomed(await connect(room, await memberTicket(room, "Mei")));
    const guest = await welcomed(await connect(room, await ticketFor(room)));
    const meiId = await watch(host, mei);
    const guestId = await watch(host, guest);

    host.socket.send(JSON.stringify({ type: "signal", to: meiId, signal: { kind: "offer", sdp: offerSdp } }));
    const offer = (await mei.next((m) => m.type === "signal")) as Extract<ServerMessage, { type: "signal" }>;

    mei.socket.send(JSON.stringify({ type: "signal", to: offer.from, signal: { kind: "offer", sdp: offerSdp } }));
    mei.socket.send(JSON.stringify({ type: "signal", to: guestId, signal: { kind: "candidate", candidate } }));
    mei.socket.send(JSON.stringify({ type: "on_air", on: true }));
    await settle();
    const errors = mei.messages.filter((m) => m.type === "error");
    expect(errors.map((m) => m.type === "error" && [m.code, m.about])).toEqual([
      ["forbidden", "video"],
      ["forbidden", "video"],
      ["forbidden", "video"],
    ]);
    expect(signals(guest)).toEqual([]);
    expect(host.messages.filter((m) => m.type === "signal")).toEqual([]);
  });

  it("tells everyone when the host's camera goes on air, and that it is off when the host leaves", async () => {
    const room = `show-${randomUUID()}`;
    const host = await welcomed(await connect(room, await memberTicket(room, "Lin", "host")));
    const viewers = await Promise.all([1, 2, 3].map(async () => welcomed(await connect(room, await ticketFor(room)))));
    host.socket.send(JSON.stringify({ type: "on_air", on: true }));
    const onAir = await Promise.all(viewers.map((viewer) => viewer.next((m) => m.type === "on_air")));
    const hostId = (onAir[0] as Extract<ServerMessage, { type: "on_air" }>).from;
    expect(onAir).toEqual(viewers.map(() => ({ type: "on_air", from: hostId, on: true })));

    await host.close();
    const off = await Promise.all(viewers.map((viewer) => viewer.next((m) => m.type === "on_air" && !m.on)));
    expect(off).toEqual(viewers.map(() => ({ type: "on_air", from: hostId, on: false })));
  });

  it("answers the host's signal to a viewer who has left with that viewer's bye", async () => {
    const room = `show-${randomUUID()}`;
    const host = await welcomed(await connect(room, await memberTicket(room, "Lin", "host")));
    const guest = await welcomed(await connect(room, await ticketFor(room)));
    const guestId = await watch(host, guest);
    await guest.close();
    await settle();
    host.socket.send(JSON.stringify({ type: "signal", to: guestId, signal: { kind: "offer", sdp: offerSdp } }));
    expect(await host.next((m) => m.type === "signal")).toEqual({ type: "signal", from: guestId, signal: { kind: "bye" } });
  });
});
