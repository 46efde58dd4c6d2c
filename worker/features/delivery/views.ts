import { html } from "htm/preact";
import type { MessageKey } from "../../i18n/index.ts";
import { formatDateTime } from "../../lib/dates.ts";
import { usePage } from "../../views/page-context.ts";
import type { Tracking } from "./queries.ts";
import { sandboxCarrierName } from "./sandbox-carrier.ts";

/**
 * The delivery timeline on an order page (the member's and staff's): carrier, tracking number and the
 * carrier's events newest first. Renders nothing before the order ships; the page says so itself.
 */
export function DeliveryTimeline({ tracking }: { tracking: Tracking | null }) {
  const { t, locale } = usePage();
  if (!tracking) return null;
  const carrier = tracking.carrier === sandboxCarrierName ? t("delivery.carrier.sandbox") : tracking.carrier;
  const newestFirst = [...tracking.events].reverse();
  return html`<section class="delivery" aria-labelledby="delivery-title">
    <h2 id="delivery-title">${t("delivery.title")}</h2>
    <table class="spec-table">
      <tbody>
        <tr><th scope="row">${t("delivery.carrier")}</th><td>${carrier}</td></tr>
        <tr><th scope="row">${t("delivery.trackingNumber")}</th><td><code>${tracking.trackingNumber}</code></td></tr>
        <tr>
          <th scope="row">${t("delivery.shippedAt")}</th>
          <td><time datetime=${tracking.shippedAt.toISOString()}>${formatDateTime(tracking.shippedAt, locale)}</time></td>
        </tr>
      </tbody>
    </table>
    ${newestFirst.length === 0
      ? html`<p class="muted">${t("delivery.noEvents")}</p>`
      : html`<ol class="delivery-timeline" aria-label=${t("delivery.events")} reversed>
          ${newestFirst.map(
            (event) => html`<li class=${`delivery-timeline__event delivery-timeline__event--${event.status.replaceAll("_", "-")}`}>
              <strong>${t(`delivery.status.${event.status}` satisfies MessageKey)}</strong>
              ${" · "}<time datetime=${event.at.toISOString()}>${formatDateTime(event.at, locale)}</time>
              ${event.location && html`${" · "}<span>${event.location}</span>`}
              ${event.status === "exception" && html`<p class="muted">${t("delivery.exception.help")}</p>`}
            </li>`,
          )}
        </ol>`}
  </section>`;
}
