import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import PartySocket from "partysocket";
import * as v from "valibot";
import { parseFrame, partyName, serverMessage } from "../../party/protocol.ts";

export type ViewerCounterProps = {
  /** The show id, which is also the room id. */
  room: string;
  /** host[:port] of the rooms server, and whether it speaks ws or wss. */
  partyHost: string;
  partyProtocol: "ws" | "wss";
  /** Where to get a short-lived room ticket (a fresh one for every connection attempt). */
  ticketUrl: string;
  locale: string;
  labels: { one: string; other: string; connecting: string; offline: string };
};

type Status = "server" | "connecting" | "open" | "offline";

const ticketResponse = v.object({ ticket: v.string() });

async function freshTicket(url: string): Promise<string> {
  const response = await fetch(url, { method: "POST", headers: { accept: "application/json" } });
  const parsed = v.safeParse(ticketResponse, await response.json());
  if (!response.ok || !parsed.success) throw new Error("Could not get a room ticket");
  return parsed.output.ticket;
}

/**
 * Live "N watching" figure. The server renders it hidden (without JavaScript the page says why there is
 * no count); once hydrated it asks the shop for a ticket, joins the show's room with it and shows each
 * aggregated count the room broadcasts. The page itself carries no ticket, so it stays cacheable.
 */
export function ViewerCounter(props: ViewerCounterProps) {
  const [status, setStatus] = useState<Status>("server");
  const [count, setCount] = useState<number | null>(null);

  useEffect(() => {
    setStatus("connecting");
    const socket = new PartySocket({
      host: props.partyHost,
      protocol: props.partyProtocol,
      party: partyName,
      room: props.room,
      query: async () => ({ ticket: await freshTicket(props.ticketUrl) }),
    });
    socket.addEventListener("open", () => setStatus("open"));
    socket.addEventListener("close", () => setStatus("offline"));
    socket.addEventListener("message", (event: MessageEvent) => {
      const parsed = parseFrame(serverMessage, typeof event.data === "string" ? event.data : "");
      if (!parsed.ok) return;
      const message = parsed.message;
      if (message.type === "welcome") setCount(message.viewers);
      else if (message.type === "viewers") setCount(message.count);
    });
    return () => socket.close();
  }, [props.room]);

  const plural = new Intl.PluralRules(props.locale).select(count ?? 0) === "one" ? "one" : "other";
  const text =
    status === "open" && count !== null
      ? props.labels[plural].replace("{count}", new Intl.NumberFormat(props.locale).format(count))
      : status === "offline"
        ? props.labels.offline
        : props.labels.connecting;

  return html`<p class="viewer-counter" data-status=${status} hidden=${status === "server"} aria-live="polite">
    <span class="viewer-counter__dot" aria-hidden="true"></span>
    <span class="viewer-counter__text">${text}</span>
  </p>`;
}
