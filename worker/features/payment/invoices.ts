/**
 * Invoices: issued once a paid order that asked for one is paid. The document (HTML) goes to R2 under a
 * random key — never served from /media, only through the owner's `/orders/<number>/invoice` — and the
 * invoice email address gets a message through the outbox with that path. The document carries the
 * taxpayer id in full (it is the buyer's own tax document); pages show it masked.
 */
import { eq } from "drizzle-orm";
import { html } from "htm/preact";
import { renderToString } from "preact-render-to-string";
import { invoices, members, orderItems, type ContentLocale } from "../../../db/schema/index.ts";
import { translator, type Locale } from "../../i18n/index.ts";
import { formatDateTime } from "../../lib/dates.ts";
import { database, type Db } from "../../lib/db.ts";
import { newId } from "../../lib/ids.ts";
import { formatMoney } from "../../lib/money.ts";
import { findOrder, orderInvoice, type OrderItemRow, type OrderRow } from "../orders/queries.ts";
import { dispatch, outboxInsert } from "../outbox/outbox.ts";

export type InvoiceRow = typeof invoices.$inferSelect;

/** Unique because order numbers are. */
export const invoiceNumber = (order: Pick<OrderRow, "number">) => `INV-${order.number}`;
/** Where the owner downloads it (the only way to it). */
export const invoicePath = (order: Pick<OrderRow, "number">) => `/orders/${order.number}/invoice`;

const invoicedStatuses: readonly OrderRow["status"][] = ["paid", "shipped", "delivered", "completed"];

export async function findInvoice(db: Db, orderId: string): Promise<InvoiceRow | null> {
  const [invoice] = await db.select().from(invoices).where(eq(invoices.orderId, orderId)).limit(1);
  return invoice ?? null;
}

/**
 * Issues the order's invoice if it asked for one, is paid and has none yet; safe to call any number of
 * times, even at once: the invoice row (one per order) and the email (one by dedupe key) are written in
 * one batch that a second caller's conflict turns into nothing, and the loser's document is deleted.
 */
export async function ensureInvoice(env: Pick<Env, "DB" | "MEDIA" | "FIELD_KEY" | "OUTBOX_QUEUE">, orderId: string, now = Date.now()): Promise<InvoiceRow | null> {
  const db = database(env.DB);
  const order = await findOrder(db, orderId);
  if (!order || !invoicedStatuses.includes(order.status)) return null;
  const details = await orderInvoice(env.FIELD_KEY, order);
  if (!details) return null;
  const existing = await findInvoice(db, order.id);
  if (existing) return existing;

  const items = await db.select().from(orderItems).where(eq(orderItems.orderId, order.id));
  // The member's language; an erased member's order keeps the shop's default.
  const [member] = order.memberId ? await db.select({ locale: members.locale }).from(members).where(eq(members.id, order.memberId)) : [];
  const locale: ContentLocale = member?.locale ?? "en";
  const invoice: InvoiceRow = { orderId: order.id, number: invoiceNumber(order), documentKey: `invoices/${newId("doc").slice(4)}.html`, issuedAt: new Date(now) };
  await env.MEDIA.put(invoice.documentKey, invoiceDocument({ order, items, invoice, buyer: details, locale }), {
    httpMetadata: { contentType: "text/html; charset=utf-8", contentDisposition: `attachment; filename="${invoice.number}.html"` },
  });
  const message = await outboxInsert(
    db,
    env.FIELD_KEY,
    {
      template: "invoice_issued",
      channel: "email",
      locale,
      recipient: details.email,
      params: { invoice: invoice.number, order: order.number, path: invoicePath(order) },
      dedupeKey: `invoice:${order.id}`,
    },
    now,
  );
  const [inserted] = await db.batch([db.insert(invoices).values(invoice).onConflictDoNothing().returning(), message.statement.onConflictDoNothing()]);
  if (inserted.length === 0) {
    await env.MEDIA.delete(invoice.documentKey);
    return findInvoice(db, order.id);
  }
  await dispatch(env.OUTBOX_QUEUE, [message.id]);
  return invoice;
}

type DocumentInput = {
  order: OrderRow;
  items: OrderItemRow[];
  invoice: InvoiceRow;
  buyer: { title: string; taxpayerId: string | null };
  locale: Locale;
};

/** The invoice as a self-contained HTML document (no scripts, no outside resources), in the member's language. */
export function invoiceDocument({ order, items, invoice, buyer, locale }: DocumentInput): string {
  const t = translator(locale);
  const money = (minor: number) => formatMoney({ minor, currency: order.currency }, locale);
  const body = html`<html lang=${locale}>
    <head>
      <meta charset="utf-8" />
      <title>${t("invoice.doc.title", { number: invoice.number })}</title>
      <style>
        body { font: 14px/1.5 system-ui, sans-serif; margin: 2rem; color: #222; }
        table { border-collapse: collapse; width: 100%; }
        th, td { border-bottom: 1px solid #ccc; padding: 0.3rem 0.5rem; text-align: left; }
        td.amount, th.amount { text-align: right; }
      </style>
    </head>
    <body>
      <h1>${t("invoice.doc.title", { number: invoice.number })}</h1>
      <dl>
        <dt>${t("invoice.doc.seller")}</dt>
        <dd>${t("site.name")}</dd>
        <dt>${t("invoice.doc.buyer")}</dt>
        <dd>${buyer.title}</dd>
        ${buyer.taxpayerId && html`<dt>${t("invoice.doc.taxpayer")}</dt><dd>${buyer.taxpayerId}</dd>`}
        <dt>${t("invoice.doc.order")}</dt>
        <dd>${order.number}</dd>
        <dt>${t("invoice.doc.issued")}</dt>
        <dd>${formatDateTime(invoice.issuedAt, locale)}</dd>
      </dl>
      <table>
        <thead>
          <tr>
            <th>${t("invoice.doc.item")}</th>
            <th class="amount">${t("invoice.doc.quantity")}</th>
            <th class="amount">${t("invoice.doc.unitPrice")}</th>
            <th class="amount">${t("invoice.doc.amount")}</th>
          </tr>
        </thead>
        <tbody>
          ${items.map(
            (item) => html`<tr>
              <td>${item.title}</td>
              <td class="amount">${item.quantity}</td>
              <td class="amount">${money(item.unitPriceMinor)}</td>
              <td class="amount">${money(item.unitPriceMinor * item.quantity)}</td>
            </tr>`,
          )}
        </tbody>
        <tfoot>
          <tr><th colspan="3">${t("invoice.doc.subtotal")}</th><td class="amount">${money(order.subtotalMinor)}</td></tr>
          ${order.discountMinor > 0 && html`<tr><th colspan="3">${t("invoice.doc.discount")}</th><td class="amount">−${money(order.discountMinor)}</td></tr>`}
          <tr><th colspan="3">${t("invoice.doc.shipping")}</th><td class="amount">${money(order.shippingMinor)}</td></tr>
          <tr><th colspan="3">${t("invoice.doc.total")}</th><td class="amount"><strong>${money(order.totalMinor)}</strong></td></tr>
        </tfoot>
      </table>
    </body>
  </html>`;
  return `<!doctype html>${renderToString(body)}`;
}
