import { html } from "htm/preact";
import { CopyLink } from "../../../client/islands/copy-link.ts";
import { formatDateTime } from "../../lib/dates.ts";
import { database } from "../../lib/db.ts";
import { maskId } from "../../lib/masking.ts";
import { formatMoney } from "../../lib/money.ts";
import { Island } from "../../views/island.ts";
import { usePage } from "../../views/page-context.ts";
import { orderInvoice, type OrderRow } from "../orders/queries.ts";
import { findInvoice, invoicePath } from "./invoices.ts";
import { latestPayment, type PayRefusal } from "./queries.ts";

/**
 * What the payment part of an order page shows beyond the order row, already masked: the reference of
 * the payment that paid it and the invoice. Loaded by `payDetails` (it reads payments and decrypts).
 */
export type PayDetails = {
  reference: string | null;
  invoice: { number: string; title: string; taxpayerId: string | null; path: string } | null;
};

/** Loads `PaySection`'s details for the member's own order page. */
export async function payDetails(env: Pick<Env, "DB" | "FIELD_KEY">, order: OrderRow): Promise<PayDetails> {
  const db = database(env.DB);
  const payment = (await latestPayment(db, order.id, "succeeded")) ?? (await latestPayment(db, order.id, "refunded"));
  const invoice = await findInvoice(db, order.id);
  const asked = invoice ? await orderInvoice(env.FIELD_KEY, order) : null;
  return {
    reference: payment ? maskId(payment.providerRef) : null,
    invoice: invoice && asked && { number: invoice.number, title: asked.title, taxpayerId: asked.taxpayerId && maskId(asked.taxpayerId), path: invoicePath(order) },
  };
}

/**
 * The payment part of a member's order page: "Pay" and the pay-for-me link while the order waits for
 * payment, what was paid afterwards. Pass `details` (from `payDetails`) to show the payment reference and
 * the invoice; without them the section shows what the order row says.
 */
export function PaySection({ order, details }: { order: OrderRow; details?: PayDetails }) {
  const { t, locale } = usePage();
  const amount = formatMoney({ minor: order.totalMinor, currency: order.currency }, locale);
  const base = `/orders/${order.number}`;
  const open = order.status === "pending_payment" && order.payBy.getTime() > Date.now();
  return html`<section class="pay-section" aria-labelledby="pay-section-title">
    <h2 id="pay-section-title">${t("pay.section.title")}</h2>
    ${open &&
    html`<p>${t("pay.payBy", { time: formatDateTime(order.payBy, locale) })}</p>
      <form method="post" action=${`${base}/pay`}>
        <button class="button" type="submit">${t("pay.button", { amount })}</button>
      </form>
      <form method="post" action=${`${base}/pay-link`}>
        <button class="button button--secondary" type="submit">${t("pay.askSomeone")}</button>
        <p class="muted">${t("pay.askSomeone.hint")}</p>
      </form>`}
    ${!open && order.status === "pending_payment" && html`<p>${t("pay.refused.closed")}</p>`}
    ${order.status === "cancelled" && html`<p>${t("pay.closed")}</p>`}
    ${order.paidAt && html`<p>${t("pay.paid", { amount, time: formatDateTime(order.paidAt, locale) })}</p>`}
    ${details?.reference && html`<p>${t("pay.reference", { reference: details.reference })}</p>`}
    ${order.refundedAt && html`<p>${t("pay.refunded", { time: formatDateTime(order.refundedAt, locale) })}</p>`}
    ${order.invoiceWanted && html`<${InvoiceLine} order=${order} details=${details} />`}
  </section>`;
}

function InvoiceLine({ order, details }: { order: OrderRow; details: PayDetails | undefined }) {
  const { t } = usePage();
  const invoice = details?.invoice;
  if (!invoice) return order.paidAt ? null : html`<p class="muted">${t("invoice.pending")}</p>`;
  return html`<div class="pay-section__invoice">
    <h3>${t("invoice.heading", { number: invoice.number })}</h3>
    <p>${t("invoice.title", { title: invoice.title })}</p>
    ${invoice.taxpayerId && html`<p>${t("invoice.taxpayer", { id: invoice.taxpayerId })}</p>`}
    <p><a href=${invoice.path} download>${t("invoice.download")}</a></p>
  </div>`;
}

/** After "Ask someone to pay": the link to pass on, until when it works. */
export function PayLinkPage({ order, link, expiresAt }: { order: OrderRow; link: string; expiresAt: Date }) {
  const { t, locale } = usePage();
  return html`<h1>${t("pay.link.pageTitle")}</h1>
    <p>${t("pay.askSomeone.hint")}</p>
    <div class="field">
      <label for="pay-link">${t("pay.link.label")}</label>
      <input id="pay-link" type="url" readonly value=${link} aria-describedby="pay-link-hint" />
      <p class="field__hint" id="pay-link-hint">${t("pay.link.expires", { time: formatDateTime(expiresAt, locale) })}</p>
    </div>
    <${Island} name="copy-link" component=${CopyLink} props=${{ value: link, labels: { copy: t("pay.link.copy"), copied: t("pay.link.copied") } }} />
    <p><a class="button button--secondary" href=${`/orders/${order.number}`}>${t("pay.link.back")}</a></p>`;
}

/** Paying was refused: the order is paid already, or its time to pay is over. */
export function PayRefusedPage({ reason, back }: { reason: PayRefusal; back: string | null }) {
  const { t } = usePage();
  return html`<h1>${t("pay.refused.pageTitle")}</h1>
    <p role="alert" class="notice notice--error">${reason === "paid" ? t("pay.refused.paid") : t("pay.refused.closed")}</p>
    ${back && html`<p><a class="button button--secondary" href=${back}>${t("pay.link.back")}</a></p>`}`;
}

/**
 * The pay-for-me page anyone with the link sees: the shop, the order number, what is in it and the
 * amount — nothing about who ordered it, who receives it or where it goes (policy §4.3).
 */
export function PayForOtherPage({ order, titles, token, refusal }: { order: OrderRow; titles: string[]; token: string; refusal: PayRefusal | null }) {
  const { t, locale } = usePage();
  const amount = formatMoney({ minor: order.totalMinor, currency: order.currency }, locale);
  return html`<h1>${t("pay.other.pageTitle")}</h1>
    <p>${t("pay.other.intro", { shop: t("site.name") })}</p>
    <dl class="pay-for-other">
      <dt>${t("pay.other.order")}</dt>
      <dd>${order.number}</dd>
      <dt>${t("pay.other.items")}</dt>
      <dd><ul>${titles.map((title) => html`<li>${title}</li>`)}</ul></dd>
      <dt>${t("pay.other.total")}</dt>
      <dd><strong>${amount}</strong></dd>
    </dl>
    ${refusal === null
      ? html`<form method="post" action=${`/pay/${token}`}>
            <button class="button" type="submit">${t("pay.button", { amount })}</button>
          </form>
          <p class="muted">${t("pay.other.privacy")}</p>`
      : html`<p role="status" class="notice">${refusal === "paid" ? t("pay.other.paid") : t("pay.closed")}</p>`}`;
}

/** A pay link that expired, was altered or never existed. */
export function PayLinkInvalidPage() {
  const { t } = usePage();
  return html`<h1>${t("pay.other.invalid.pageTitle")}</h1>
    <p role="alert" class="notice notice--error">${t("pay.other.invalid")}</p>`;
}
