import { html } from "htm/preact";
import { formatMoney } from "../../lib/money.ts";
import { mediaUrl } from "../../views/media.ts";
import { usePage } from "../../views/page-context.ts";

export type ShownLine = { productId: string; title: string; imageKey: string; unitPriceMinor: number; quantity: number; fromSale: boolean; href?: string };
export type ShownAmounts = { subtotalMinor: number; discounts: { label: string; amountMinor: number }[]; shippingMinor: number; totalMinor: number };

/** Lines and every amount of an order (or of a checkout before it is placed): the same table in both places. */
export function OrderAmounts({ lines, amounts, currency }: { lines: ShownLine[]; amounts: ShownAmounts; currency: string }) {
  const { t, locale } = usePage();
  const money = (minor: number) => formatMoney({ minor, currency }, locale);
  return html`<table class="order-table">
    <caption class="visually-hidden">${t("orders.items")}</caption>
    <thead>
      <tr>
        <th scope="col">${t("orders.item")}</th>
        <th scope="col" class="numeric">${t("orders.unit_price")}</th>
        <th scope="col" class="numeric">${t("orders.quantity")}</th>
        <th scope="col" class="numeric">${t("orders.line_total")}</th>
      </tr>
    </thead>
    <tbody>
      ${lines.map(
        (line) => html`<tr>
          <td class="order-table__item">
            ${line.imageKey && html`<img src=${mediaUrl(line.imageKey)} alt="" width="48" height="48" loading="lazy" />`}
            <span>${line.href ? html`<a href=${line.href}>${line.title}</a>` : line.title}
              ${line.fromSale && html` <span class="badge">${t("orders.flash_sale")}</span>`}</span>
          </td>
          <td class="numeric">${money(line.unitPriceMinor)}</td>
          <td class="numeric">${line.quantity}</td>
          <td class="numeric">${money(line.unitPriceMinor * line.quantity)}</td>
        </tr>`,
      )}
    </tbody>
    <tfoot>
      <tr><th scope="row" colspan="3">${t("orders.subtotal")}</th><td class="numeric">${money(amounts.subtotalMinor)}</td></tr>
      ${amounts.discounts.map(
        (discount) => html`<tr class="order-table__discount"><th scope="row" colspan="3">${discount.label}</th><td class="numeric">−${money(discount.amountMinor)}</td></tr>`,
      )}
      <tr><th scope="row" colspan="3">${t("orders.shipping")}</th><td class="numeric">${amounts.shippingMinor === 0 ? t("orders.shipping_free") : money(amounts.shippingMinor)}</td></tr>
      <tr class="order-table__total"><th scope="row" colspan="3">${t("orders.total")}</th><td class="numeric">${money(amounts.totalMinor)}</td></tr>
    </tfoot>
  </table>`;
}
