import { html } from "htm/preact";
import { orderStatuses, type OrderStatus } from "../../../db/schema/index.ts";
import type { MessageKey } from "../../i18n/index.ts";
import { formatDateTime } from "../../lib/dates.ts";
import { formatMoney } from "../../lib/money.ts";
import { Pagination } from "../../views/pagination.ts";
import { usePage } from "../../views/page-context.ts";
import type { Tracking } from "../delivery/queries.ts";
import { DeliveryTimeline } from "../delivery/views.ts";
import type { OrderDiscountRow, OrderEventRow, OrderItemRow, OrderRow } from "./queries.ts";
import { canMove } from "./status.ts";
import { OrderAmounts } from "./amounts.ts";

/** What staff may do to an order, and the status each action leads to. */
export const staffActions = { ship: "shipped", cancel: "cancelled", refund: "refunded" } as const satisfies Record<string, OrderStatus>;
export type StaffAction = keyof typeof staffActions;
export const staffActionNames = Object.keys(staffActions) as StaffAction[];

/** The notice shown after an action (the detail page's `done` query). */
export const staffNotices = ["shipped", "cancelled", "refunded", "refund_failed"] as const;
export type StaffNotice = (typeof staffNotices)[number];

export const staffOrderPath = (number: string) => `/staff/orders/${number}`;

/** Status names are the member pages' own, so staff and members read the same words. */
const statusLabel = (status: OrderStatus): MessageKey => `orders.status.${status}`;

export type StaffOrderListRow = { number: string; createdAt: Date; status: OrderStatus; totalMinor: number; currency: string; itemCount: number; recipient: string };

export function StaffOrdersPage({
  rows,
  total,
  page,
  pages,
  filter,
}: {
  rows: StaffOrderListRow[];
  total: number;
  page: number;
  pages: number;
  filter: { number: string; status: OrderStatus | "" };
}) {
  const { t, locale } = usePage();
  const hrefFor = (target: number) =>
    `/staff/orders?${new URLSearchParams({ ...(filter.number && { number: filter.number }), ...(filter.status && { status: filter.status }), page: String(target) })}`;
  return html`<section>
    <h1>${t("staff.orders.title")}</h1>
    <p class="muted">${t("staff.orders.intro")}</p>
    <form class="sort-form" method="get" action="/staff/orders" role="search">
      <div class="field">
        <label for="order-number">${t("staff.orders.filter.number")}</label>
        <input id="order-number" name="number" type="search" inputmode="numeric" maxlength="40" autocomplete="off" value=${filter.number} />
      </div>
      <div class="field">
        <label for="order-status">${t("staff.orders.filter.status")}</label>
        <select id="order-status" name="status">
          <option value="" selected=${filter.status === ""}>${t("staff.orders.filter.any")}</option>
          ${orderStatuses.map((status) => html`<option value=${status} selected=${status === filter.status}>${t(statusLabel(status))}</option>`)}
        </select>
      </div>
      <button type="submit">${t("staff.orders.filter.submit")}</button>
    </form>
    <p role="status">${t("staff.orders.count", { count: total })}</p>
    ${rows.length === 0
      ? html`<p>${t("staff.orders.empty")}</p>`
      : html`<div class="table-scroll">
          <table class="records-table">
            <thead>
              <tr>
                <th scope="col">${t("staff.orders.column.number")}</th>
                <th scope="col">${t("staff.orders.column.placed")}</th>
                <th scope="col">${t("staff.orders.column.status")}</th>
                <th scope="col">${t("staff.orders.column.items")}</th>
                <th scope="col">${t("staff.orders.column.total")}</th>
                <th scope="col">${t("staff.orders.column.recipient")}</th>
              </tr>
            </thead>
            <tbody>
              ${rows.map(
                (row) => html`<tr key=${row.number}>
                  <td><a href=${staffOrderPath(row.number)}><code>${row.number}</code></a></td>
                  <td>${formatDateTime(row.createdAt, locale)}</td>
                  <td>${t(statusLabel(row.status))}</td>
                  <td>${row.itemCount}</td>
                  <td>${formatMoney({ minor: row.totalMinor, currency: row.currency }, locale)}</td>
                  <td>${row.recipient}</td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>`}
    <${Pagination} page=${page} pages=${pages} hrefFor=${hrefFor} />
  </section>`;
}

const actionHint: Record<StaffAction, MessageKey> = {
  ship: "staff.orders.ship.hint",
  cancel: "staff.orders.cancel.hint",
  refund: "staff.orders.refund.hint",
};

/** One form per action the order's status allows; illegal ones are not offered at all. */
function Actions({ order }: { order: OrderRow }) {
  const { t } = usePage();
  const legal = staffActionNames.filter((action) => canMove(order.status, staffActions[action]));
  return html`<section aria-labelledby="actions-title">
    <h2 id="actions-title">${t("staff.orders.actions")}</h2>
    ${legal.length === 0
      ? html`<p class="muted">${t("staff.orders.actions.none", { status: t(statusLabel(order.status)) })}</p>`
      : legal.map(
          (action) => html`<form class="inline-form" method="post" action=${`${staffOrderPath(order.number)}/${action}`}>
            <button class=${action === "ship" ? "button" : "button button--danger"} type="submit">${t(`staff.orders.${action}`)}</button>
            <span class="muted"> ${t(actionHint[action])}</span>
          </form>`,
        )}
  </section>`;
}

export function StaffOrderPage({
  order,
  items,
  discounts,
  events,
  recipient,
  tracking,
  notice,
}: {
  order: OrderRow;
  items: OrderItemRow[];
  discounts: OrderDiscountRow[];
  events: OrderEventRow[];
  recipient: { name: string; phone: string };
  tracking: Tracking | null;
  notice: StaffNotice | null;
}) {
  const { t, locale } = usePage();
  return html`<section class="receipt">
    <p><a href="/staff/orders">${t("staff.orders.back")}</a></p>
    <h1>${t("staff.orders.detail.title", { number: order.number })}</h1>
    <p>
      <span class="badge">${t(statusLabel(order.status))}</span>
      ${" "}${t("staff.orders.placed", { time: formatDateTime(order.createdAt, locale) })}
    </p>
    ${notice &&
    html`<p class=${notice === "refund_failed" ? "notice" : "notice notice--ok"} role=${notice === "refund_failed" ? "alert" : "status"}>
      ${t(`staff.orders.done.${notice}`)}
    </p>`}
    <${Actions} order=${order} />

    <h2>${t("staff.orders.recipient")}</h2>
    <table class="spec-table">
      <tbody>
        <tr><th scope="row">${t("staff.orders.recipient.name")}</th><td>${recipient.name}</td></tr>
        <tr><th scope="row">${t("staff.orders.recipient.phone")}</th><td>${recipient.phone}</td></tr>
        ${order.note && html`<tr><th scope="row">${t("staff.orders.note")}</th><td>${order.note}</td></tr>`}
      </tbody>
    </table>
    <p class="muted">${t("staff.orders.recipient.addressHidden")}</p>

    <h2>${t("staff.orders.items")}</h2>
    <${OrderAmounts} lines=${items.map((item) => ({ ...item, fromSale: item.saleId !== null || item.holdId !== null }))} amounts=${{ ...order, discounts }} currency=${order.currency} />

    <h2>${t("staff.orders.history")}</h2>
    <ol class="history-list">
      ${events.map(
        (event) => html`<li key=${event.id}>
          <strong>${t(statusLabel(event.status))}</strong>
          ${" · "}${t(`staff.orders.actor.${event.actor}`)}
          ${" · "}<time datetime=${event.at.toISOString()}>${formatDateTime(event.at, locale)}</time>
        </li>`,
      )}
    </ol>

    ${tracking ? html`<${DeliveryTimeline} tracking=${tracking} />` : html`<h2>${t("delivery.title")}</h2><p class="muted">${t("staff.orders.notShipped")}</p>`}
  </section>`;
}

/** The 409 page for an action the order's status does not allow (a stale page or a forged form). */
export function StaffRefusedPage({ number, status, action }: { number: string; status: OrderStatus; action: StaffAction }) {
  const { t } = usePage();
  return html`<section class="error-page">
    <p class="error-page__code" aria-hidden="true">409</p>
    <h1>${t("staff.orders.refused.title")}</h1>
    <p>${t(`staff.orders.refused.${action}`, { number, status: t(statusLabel(status)) })}</p>
    <p><a class="button" href=${staffOrderPath(number)}>${t("staff.orders.refused.back")}</a></p>
  </section>`;
}
