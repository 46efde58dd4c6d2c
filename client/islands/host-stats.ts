import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import type { RoomStats } from "../../party/protocol.ts";
import { subscribe, type RoomAddress } from "../live/room-connection.ts";

export type HostStatsProps = RoomAddress & {
  locale: string;
  currency: string;
  labels: {
    viewers: string;
    peakViewers: string;
    uniqueViewers: string;
    likes: string;
    messages: string;
    productClicks: string;
    orders: string;
    revenue: string;
    connecting: string;
  };
};

/**
 * The host console's live figures: the room sends them to the host and moderators only, on its tick
 * when one changed (aggregates; nobody is named). Public figures (viewers, likes) start from the welcome.
 */
export function HostStats(props: HostStatsProps) {
  const [stats, setStats] = useState<RoomStats | null>(null);

  useEffect(
    () =>
      subscribe(props, {
        status: () => {},
        message: (message) => {
          if (message.type === "stats") setStats(message.stats);
          else if (message.type === "welcome")
            setStats((old) => old ?? { viewers: message.viewers, likes: message.likes, peakViewers: message.viewers, uniqueViewers: 0, messages: 0, productClicks: 0, orders: 0, revenueMinor: 0 });
        },
      }),
    [props.room],
  );

  if (!stats) return html`<p class="muted" role="status">${props.labels.connecting}</p>`;
  const number = new Intl.NumberFormat(props.locale);
  const money = new Intl.NumberFormat(props.locale, { style: "currency", currency: props.currency });
  const digits = money.resolvedOptions().maximumFractionDigits ?? 2;
  const figures: [string, string, string][] = [
    ["viewers", props.labels.viewers, number.format(stats.viewers)],
    ["peak", props.labels.peakViewers, number.format(stats.peakViewers)],
    ["unique", props.labels.uniqueViewers, number.format(stats.uniqueViewers)],
    ["likes", props.labels.likes, number.format(stats.likes)],
    ["messages", props.labels.messages, number.format(stats.messages)],
    ["clicks", props.labels.productClicks, number.format(stats.productClicks)],
    ["orders", props.labels.orders, number.format(stats.orders)],
    ["revenue", props.labels.revenue, money.format(stats.revenueMinor / 10 ** digits)],
  ];
  return html`<dl class="stat-grid" aria-live="off">
    ${figures.map(([key, label, value]) => html`<div class="stat" key=${key} data-stat=${key}><dt>${label}</dt><dd>${value}</dd></div>`)}
  </dl>`;
}
