import { html } from "htm/preact";
import type { MessageKey } from "../../i18n/index.ts";
import { formatDateTime } from "../../lib/dates.ts";
import { maskAddress, maskName } from "../../lib/masking.ts";
import { formatMoney } from "../../lib/money.ts";
import { mediaUrl } from "../../views/media.ts";
import { usePage } from "../../views/page-context.ts";
import { maskPhone } from "../accounts/phone.ts";
import type { FrequentProduct } from "../cart/queries.ts";
import { BuyAgainButton } from "../cart/views.ts";
import { DeliveryTimeline } from "../delivery/views.ts";
import type { Tracking } from "../delivery/queries.ts";
import { PaySection, type PayDetails } from "../payment/views.ts";
import { OrderAmounts } from "./amounts.ts";
import type { OrderDiscountRow, OrderEventRow, OrderItemRow, OrderRow, Recipient } from "./queries.ts";
import { orderProgress } from "./status.ts";

/** The order number grouped in fours so it can be read out on the phone. */
export const spacedNumber = (number: string) => number.replace(/(.{4})(?=.)/g, "$1 ");

export function OrderStatusBadge({ status }: { status: OrderRow["status"] }) {
  const { t } = usePage();
  return html`<span class=${`status status--${status}`}>${t(`orders.status.${status}`)}</span>`;
}

export function OrderListPage({ list, frequent, view }: { list: { order: OrderRow; items: OrderItemRow[] }[]; frequent: FrequentProduct[]; view: "all" | "frequent" }) {
  const { t, locale } = usePage();
  return html`<div class="orders">
    <h1>${t("orders.title")}</h1>
    <nav class="tabs" aria-label=${t("orders.views")}>
      <a href="/orders" aria-current=${view === "all" ? "page" : undefined}>${t("orders.view.all")}</a>
      <a href="/orders?view=frequent" aria-current=${view === "frequent" ? "page" : undefined}>${t("orders.view.frequent")}</a>
    </nav>
    ${view === "frequent"
      ? frequent.length === 0
        ? html`<p>${t("orders.frequent.empty")}</p>`
        : html`<ul class="order-list">
            ${frequent.map(
              (product) => html`<li class="order-list__row">
                ${product.image && html`<img src=${mediaUrl(product.image.key)} alt="" width="64" height="64" loading="lazy" />`}
                <span><a href=${`/p/${product.slug}`}>${product.title}</a><br /><small>${t("orders.frequent.times", { count: product.orders })}</small></span>
                <${BuyAgainButton} product=${product} next="/orders?view=frequent" />
              </li>`,
            )}
          </ul>`
      : list.length === 0
        ? html`<p>${t("orders.empty")} <a href="/">${t("orders.empty.shop")}</a></p>`
        : html`<ul class="order-list">
            ${list.map(
              ({ order, items }) => html`<li class="order-list__row">
                ${items[0]?.imageKey && html`<img src=${mediaUrl(items[0].imageKey)} alt="" width="64" height="64" loading="lazy" />`}
                <span>
                  <a href=${`/orders/${order.number}`}>${t("orders.number", { number: spacedNumber(order.number) })}</a><br />
                  <small>${formatDateTime(order.createdAt, locale)} · ${t("orders.items_count", { count: items.reduce((sum, item) => sum + item.quantity, 0) })}</small>
                </span>
                <span class="order-list__end">
                  <${OrderStatusBadge} status=${order.status} />
                  <strong>${formatMoney({ minor: order.totalMinor, currency: order.currency }, locale)}</strong>
                </span>
              </li>`,
            )}
          </ul>`}
  </div>`;
}

export type OrderDetail = {
  order: OrderRow;
  items: OrderItemRow[];
  discounts: OrderDiscountRow[];
  events: OrderEventRow[];
  recipient: Recipient;
  tracking: Tracking | null;
  pay: PayDetails;
  placed: boolean;
  notice: MessageKey | null;
};

export function OrderPage({ detail }: { detail: OrderDetail }) {
  const { t, locale } = usePage();
  const { order, items, discounts, events, recipient } = detail;
  const reached = new Set(events.map((event) => event.status));
  return html`<div class="order">
    <p><a href="/orders">${t("orders.back")}</a></p>
    <h1>${t("orders.number", { number: spacedNumber(order.number) })}</h1>
    ${detail.placed && html`<p class="notice" role="status">${t("orders.placed")}</p>`}
    ${detail.notice && html`<p class="notice" role="status">${t(detail.notice)}</p>`}
    <p>${t("orders.created", { time: formatDateTime(order.createdAt, locale) })} · <${OrderStatusBadge} status=${order.status} /></p>
    ${!["cancelled", "refunded"].includes(order.status) &&
    html`<ol class="progress" aria-label=${t("orders.progress")}>
      ${orderProgress.map((status) => html`<li class=${reached.has(status) ? "progress__done" : ""} aria-current=${order.status === status ? "step" : undefined}>${t(`orders.status.${status}`)}</li>`)}
    </ol>`}

    <${PaySection} order=${order} details=${detail.pay} />

    ${order.status === "pending_payment" &&
    html`<form method="post" action=${`/orders/${order.number}/cancel`}>
      <button class="button button--secondary" type="submit">${t("orders.cancel")}</button>
    </form>`}
    ${order.status === "delivered" &&
    html`<form method="post" action=${`/orders/${order.number}/receive`}>
      <p>${t("orders.receive_hint")}</p>
      <button class="button" type="submit">${t("orders.receive")}</button>
    </form>`}

    <section aria-labelledby="order-items">
      <h2 id="order-items">${t("orders.items")}</h2>
      <${OrderAmounts}
        lines=${items.map((item) => ({ ...item, fromSale: item.saleId !== null || item.holdId !== null }))}
        amounts=${{ ...order, discounts }}
        currency=${order.currency}
      />
      ${order.note && html`<p><strong>${t("orders.note")}:</strong> ${order.note}</p>`}
    </section>

    ${detail.tracking && html`<${DeliveryTimeline} tracking=${detail.tracking} />`}

    <section aria-labelledby="order-delivery">
      <h2 id="order-delivery">${t("orders.delivery")}</h2>
      <p class="address-summary">
        <strong>${maskName(recipient.name)}</strong> · ${maskPhone(recipient.phone)}${recipient.altPhone && html` · ${maskPhone(recipient.altPhone)}`}<br />
        ${maskAddress(recipient.address)}<br />
        <small>${t(`checkout.delivery_time.${order.deliveryTime}`)}</small>
      </p>
      ${order.forSomeoneElse && order.recipientConsentAt && html`<p><small>${t("orders.for_someone_else", { time: formatDateTime(order.recipientConsentAt, locale) })}</small></p>`}
      ${order.customsIdEnc && html`<p><small>${t("orders.customs_given")}</small></p>`}
    </section>

    <section aria-labelledby="order-history">
      <h2 id="order-history">${t("orders.history")}</h2>
      <ol class="timeline">
        ${events.map((event) => html`<li><time datetime=${event.at.toISOString()}>${formatDateTime(event.at, locale)}</time> ${t(`orders.status.${event.status}`)}</li>`)}
      </ol>
    </section>
  </div>`;
}
