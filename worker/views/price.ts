import { html } from "htm/preact";
import { discountPercent, formatMoney } from "../lib/money.ts";
import { usePage } from "./page-context.ts";

/** Current price, and the list price struck through with the saving when there is a discount. */
export function Price({ priceMinor, listPriceMinor, currency }: { priceMinor: number; listPriceMinor: number; currency: string }) {
  const { t, locale } = usePage();
  const percent = discountPercent(priceMinor, listPriceMinor);
  return html`<p class="price">
    <span class="visually-hidden">${t("product.price")}</span>
    <span class="price__now">${formatMoney({ minor: priceMinor, currency }, locale)}</span>
    ${percent > 0 &&
    html`<s class="price__was">${t("product.was", { price: formatMoney({ minor: listPriceMinor, currency }, locale) })}</s>
      <span class="badge">${t("product.save", { percent })}</span>`}
  </p>`;
}

/** Stock as a shopper reads it: in stock, only a few left, or out of stock. */
export function StockState({ stock }: { stock: number }) {
  const { t } = usePage();
  if (stock <= 0) return html`<p class="stock stock--out">${t("product.stock.out")}</p>`;
  if (stock <= 5) return html`<p class="stock stock--low">${t("product.stock.low", { count: stock })}</p>`;
  return html`<p class="stock stock--in">${t("product.stock.in")}</p>`;
}
