/**
 * Orders in a member's data export, each with what was bought, discounts, status history, payments
 * (provider references masked), invoice (its document as a file) and parcel tracking. Delivery details
 * are the member's own, except on an order placed for someone else: that person's name, address, phones
 * and ID number are masked as the shop's pages show them, since an export must never hand out another
 * person's data.
 */
import { asc, eq } from "drizzle-orm";
import { invoices, orders, payments } from "../../../db/schema/index.ts";
import { decryptField } from "../../lib/field-crypto.ts";
import { maskAddress, maskId, maskIdNumber, maskName } from "../../lib/masking.ts";
import { maskPhone } from "../accounts/phone.ts";
import { archivedPath, storedBytes, type Exporter } from "../data-export/exporter.ts";
import { trackingFor } from "../delivery/queries.ts";
import { findInvoice } from "../payment/invoices.ts";
import { orderContents, orderFieldContext, orderInvoice, orderRecipient, type OrderRow } from "./queries.ts";

/** An invoice document in the archive, by its number. */
const invoiceFile = (number: string) => `invoices/${number}.html`;

async function deliveryOf(fieldKey: string, order: OrderRow) {
  const recipient = await orderRecipient(fieldKey, order);
  const customsId = order.customsIdEnc ? await decryptField(fieldKey, order.customsIdEnc, orderFieldContext("customs_id", order.id)) : null;
  if (!order.forSomeoneElse) return { ...recipient, customsId };
  return {
    name: maskName(recipient.name),
    address: maskAddress(recipient.address),
    phone: maskPhone(recipient.phone),
    altPhone: recipient.altPhone ? maskPhone(recipient.altPhone) : null,
    customsId: customsId ? maskIdNumber(customsId) : null,
  };
}

export const ordersExporter: Exporter = {
  name: "orders",
  async export(db, env, member) {
    const list = await db.select().from(orders).where(eq(orders.memberId, member.id)).orderBy(asc(orders.createdAt));
    const exported = [];
    // One order at a time: a long-standing member may have hundreds, each a handful of small queries.
    for (const order of list) {
      const [{ items, discounts, events }, tracking, invoice, invoiceDetails, paid] = await Promise.all([
        orderContents(db, order.id),
        trackingFor(db, order.id),
        findInvoice(db, order.id),
        orderInvoice(env.FIELD_KEY, order),
        db.select().from(payments).where(eq(payments.orderId, order.id)).orderBy(asc(payments.createdAt)),
      ]);
      exported.push({
        number: order.number,
        status: order.status,
        currency: order.currency,
        subtotalMinor: order.subtotalMinor,
        discountMinor: order.discountMinor,
        shippingMinor: order.shippingMinor,
        totalMinor: order.totalMinor,
        level: order.level,
        note: order.note,
        forSomeoneElse: order.forSomeoneElse,
        recipientConsentAt: order.recipientConsentAt,
        delivery: { ...(await deliveryOf(env.FIELD_KEY, order)), deliveryTime: order.deliveryTime },
        invoice: invoiceDetails
          ? { ...invoiceDetails, number: invoice?.number ?? null, issuedAt: invoice?.issuedAt ?? null, document: invoice ? archivedPath(invoiceFile(invoice.number)) : null }
          : null,
        createdAt: order.createdAt,
        payBy: order.payBy,
        paidAt: order.paidAt,
        shippedAt: order.shippedAt,
        deliveredAt: order.deliveredAt,
        completedAt: order.completedAt,
        cancelledAt: order.cancelledAt,
        refundedAt: order.refundedAt,
        items: items.map((item) => ({ product: item.title, quantity: item.quantity, unitPriceMinor: item.unitPriceMinor, currency: order.currency, flashSale: item.saleId !== null })),
        discounts: discounts.map((discount) => ({ kind: discount.kind, label: discount.label, amountMinor: discount.amountMinor, currency: order.currency })),
        events: events.map((event) => ({ status: event.status, actor: event.actor, at: event.at })),
        payments: paid.map((payment) => ({
          provider: payment.provider,
          reference: maskId(payment.providerRef),
          amountMinor: payment.amountMinor,
          currency: payment.currency,
          status: payment.status,
          createdAt: payment.createdAt,
          updatedAt: payment.updatedAt,
        })),
        tracking,
      });
    }
    return exported;
  },
  /** The invoice documents themselves, as the member downloads them from their orders. */
  async files(db, env, member) {
    const issued = await db
      .select({ number: invoices.number, documentKey: invoices.documentKey })
      .from(invoices)
      .innerJoin(orders, eq(orders.id, invoices.orderId))
      .where(eq(orders.memberId, member.id));
    const files = [];
    for (const invoice of issued) {
      const data = await storedBytes(env.MEDIA, invoice.documentKey);
      if (data) files.push({ name: invoiceFile(invoice.number), data });
    }
    return files;
  },
};
