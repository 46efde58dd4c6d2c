import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import { subscribe, type RoomAddress, type RoomStatus } from "../live/room-connection.ts";

export type ViewerCounterProps = RoomAddress & {
  locale: string;
  labels: { one: string; other: string; connecting: string; offline: string };
};

/**
 * Live "N watching" figure. The server renders it hidden (without JavaScript the page says why there is
 * no count); once hydrated it joins the show's room (through the page's one room connection) and shows
 * each aggregated count the room broadcasts. The page itself carries no ticket, so it stays cacheable.
 */
export function ViewerCounter(props: ViewerCounterProps) {
  const [status, setStatus] = useState<RoomStatus | "server">("server");
  const [count, setCount] = useState<number | null>(null);

  useEffect(
    () =>
      subscribe(props, {
        status: setStatus,
        message: (message) => {
          if (message.type === "welcome") setCount(message.viewers);
          else if (message.type === "viewers") setCount(message.count);
        },
      }),
    [props.room],
  );

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
