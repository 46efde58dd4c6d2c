/**
 * Placing an order: one D1 batch (one transaction) writes the order, its lines, discounts and first
 * event, reserves the stock and spends the coupon and flash-sale unit. The database itself refuses what
 * must not happen, and any refusal rolls the whole batch back:
 * - stock: `stock = stock - n` fails the `products_stock_not_negative` CHECK when there is not enough;
 * - a coupon past its limits, an in-room coupon already spent, a lapsed flash-sale unit: triggers
 *   (migration 0007);
 * - the same checkout submitted twice: the unique (member, checkout key) index.
 * The order joins the member's history in the same batch, if they keep history (policy §3.1).
 */
import type { DeliveryTime } from "../../../db/schema/index.ts";
import { shopDay } from "../../lib/dates.ts";
import { encryptField } from "../../lib/field-crypto.ts";
import { newId } from "../../lib/ids.ts";
import { historyEntry } from "../accounts/history.ts";
import type { LevelId } from "../levels/levels.ts";
import { orderFieldContext, type OrderSecretColumn } from "../orders/queries.ts";
import type { Quote } from "./pricing.ts";

/** How long an order waits for payment before its stock goes back. */
export const payMinutes = 30;

export type OrderLine = {
  productId: string;
  title: string;
  imageKey: string;
  unitPriceMinor: number;
  quantity: number;
  /** The flash-sale unit this line buys, if any. */
  holdId: string | null;
  saleId: string | null;
};

export type Delivery = { name: string; address: string; phone: string; altPhone: string | null; deliveryTime: DeliveryTime };
export type Invoice = { title: string; taxpayerId: string | null; email: string };

export type OrderRequest = {
  memberId: string;
  checkoutKey: string;
  currency: string;
  lines: OrderLine[];
  quote: Quote;
  level: LevelId;
  delivery: Delivery;
  /** Set when the order is for someone else: when the orderer confirmed that person agreed. */
  recipientConsentAt: number | null;
  invoice: Invoice | null;
  customsId: string | null;
  note: string | null;
  showId: string | null;
  /** Take the lines out of the member's cart (not for a flash-sale unit bought from a show). */
  fromCart: boolean;
  now: number;
};

export type Placed =
  | { ok: true; id: string; number: string; duplicate: boolean }
  | { ok: false; reason: "sold_out" | "hold_gone" | "coupon_unavailable" };

/** The shop day and eight random digits: "2026112604817263". Unique by index; a clash is retried. */
export function orderNumber(now: number): string {
  const digits = crypto.getRandomValues(new Uint32Array(1))[0]! % 100_000_000;
  return `${shopDay(new Date(now)).day.replaceAll("-", "")}${String(digits).padStart(8, "0")}`;
}

const refusals = [
  ["products_stock_not_negative", "sold_out"],
  ["hold_gone", "hold_gone"],
  ["coupon_unavailable", "coupon_unavailable"],
  ["coupons_used", "coupon_unavailable"],
] as const;

export async function placeOrder(d1: D1Database, fieldKey: string, request: OrderRequest): Promise<Placed> {
  for (let attempt = 0; ; attempt++) {
    const id = newId("ord");
    const number = orderNumber(request.now);
    try {
      await d1.batch(await orderStatements(d1, fieldKey, request, id, number));
      return { ok: true, id, number, duplicate: false };
    } catch (error) {
      const message = String(error);
      const refusal = refusals.find(([marker]) => message.includes(marker));
      if (refusal) return { ok: false, reason: refusal[1] };
      if (message.includes("orders.member_id, orders.checkout_key")) {
        const [existing] = await d1
          .prepare("SELECT id, number FROM orders WHERE member_id = ? AND checkout_key = ?")
          .bind(request.memberId, request.checkoutKey)
          .raw<[string, string]>();
        if (existing) return { ok: true, id: existing[0], number: existing[1], duplicate: true };
      }
      if (!message.includes("orders.number") || attempt >= 2) throw error;
    }
  }
}

async function orderStatements(d1: D1Database, fieldKey: string, request: OrderRequest, id: string, number: string): Promise<D1PreparedStatement[]> {
  const { quote, delivery, invoice, now } = request;
  const seal = (column: OrderSecretColumn, plain: string | null | undefined) => (plain ? encryptField(fieldKey, plain, orderFieldContext(column, id)) : null);
  const statements = [
    d1
      .prepare(
        `INSERT INTO orders (id, number, member_id, status, currency, subtotal_minor, discount_minor, shipping_minor, total_minor, level, note,
           recipient_enc, address_enc, phone_enc, alt_phone_enc, delivery_time, for_someone_else, recipient_consent_at,
           invoice_wanted, invoice_title, invoice_taxpayer_enc, invoice_email_enc, customs_id_enc, show_id, checkout_key, created_at, pay_by)
         VALUES (?, ?, ?, 'pending_payment', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        id,
        number,
        request.memberId,
        request.currency,
        quote.subtotalMinor,
        quote.discountMinor,
        quote.shippingMinor,
        quote.totalMinor,
        request.level,
        request.note,
        await seal("recipient", delivery.name),
        await seal("address", delivery.address),
        await seal("phone", delivery.phone),
        await seal("alt_phone", delivery.altPhone),
        delivery.deliveryTime,
        request.recipientConsentAt === null ? 0 : 1,
        request.recipientConsentAt,
        invoice ? 1 : 0,
        invoice?.title ?? null,
        await seal("invoice_taxpayer", invoice?.taxpayerId),
        await seal("invoice_email", invoice?.email),
        await seal("customs_id", request.customsId),
        request.showId,
        request.checkoutKey,
        now,
        now + payMinutes * 60_000,
      ),
  ];
  for (const line of request.lines) {
    statements.push(
      d1
        .prepare("INSERT INTO order_items (order_id, product_id, title, image_key, unit_price_minor, quantity, hold_id, sale_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(id, line.productId, line.title, line.imageKey, line.unitPriceMinor, line.quantity, line.holdId, line.saleId),
      // Flash-sale units come out of the product's stock too: one stock, one rule.
      d1.prepare("UPDATE products SET stock = stock - ? WHERE id = ?").bind(line.quantity, line.productId),
    );
  }
  quote.discounts.forEach((discount, position) => {
    statements.push(
      d1
        .prepare("INSERT INTO order_discounts (order_id, position, kind, label, amount_minor, coupon_id, show_coupon_id) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(id, position, discount.kind, discount.label, discount.amountMinor, discount.couponId, discount.showCouponId),
    );
    if (discount.couponId) {
      statements.push(d1.prepare("INSERT INTO coupon_redemptions (coupon_id, order_id, member_id, at) VALUES (?, ?, ?, ?)").bind(discount.couponId, id, request.memberId, now));
    }
  });
  statements.push(d1.prepare("INSERT INTO order_events (order_id, status, actor, at) VALUES (?, 'pending_payment', 'member', ?)").bind(id, now));
  statements.push(historyEntry(d1, request.memberId, "order", id, now));
  if (request.fromCart) {
    for (const line of request.lines) {
      statements.push(d1.prepare("DELETE FROM cart_items WHERE member_id = ? AND product_id = ?").bind(request.memberId, line.productId));
    }
  }
  return statements;
}
