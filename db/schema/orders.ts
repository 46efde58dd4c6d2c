import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { members } from "./accounts.ts";
import { categories, products } from "./catalog.ts";
import { flashSales, liveShows, showCoupons } from "./live.ts";

/** A member's rows here (cart, addresses, level) go with their account. */
const memberRef = () =>
  text("member_id")
    .notNull()
    .references(() => members.id, { onDelete: "cascade" });
const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });

/** A member's cart: one row per product. `price_seen_minor` is the price a price-drop reminder compares with. */
export const cartItems = sqliteTable(
  "cart_items",
  {
    memberId: memberRef(),
    productId: text("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    quantity: integer("quantity").notNull(),
    priceSeenMinor: integer("price_seen_minor").notNull(),
    addedAt: timestamp("added_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.productId] }), check("cart_items_quantity", sql`${t.quantity} BETWEEN 1 AND 99`)],
);

export const deliveryTimes = ["any", "weekdays", "weekends", "evenings"] as const;
export type DeliveryTime = (typeof deliveryTimes)[number];

/** The address book. Everything that names or reaches a person is encrypted (row and column as associated data). */
export const addresses = sqliteTable(
  "addresses",
  {
    id: text("id").primaryKey(),
    memberId: memberRef(),
    recipientEnc: text("recipient_enc").notNull(),
    addressEnc: text("address_enc").notNull(),
    phoneEnc: text("phone_enc").notNull(),
    altPhoneEnc: text("alt_phone_enc"),
    deliveryTime: text("delivery_time", { enum: deliveryTimes }).notNull().default("any"),
    createdAt: timestamp("created_at").notNull(),
  },
  (t) => [index("addresses_member").on(t.memberId), check("addresses_delivery_time_known", sql`${t.deliveryTime} IN ('any', 'weekdays', 'weekends', 'evenings')`)],
);

export const couponKinds = ["fixed", "percent"] as const;
export type CouponKind = (typeof couponKinds)[number];
export const couponScopes = ["all", "product", "category"] as const;
export type CouponScope = (typeof couponScopes)[number];

/**
 * Shop coupons, entered by code at checkout. `used` can only rise through a redemption (trigger) and
 * never past `total_limit`; redemptions past a member's limit are refused by a trigger too.
 */
export const coupons = sqliteTable(
  "coupons",
  {
    id: text("id").primaryKey(),
    code: text("code").notNull().unique(),
    kind: text("kind", { enum: couponKinds }).notNull(),
    /** Minor units off (fixed) or percent off (percent). */
    value: integer("value").notNull(),
    currency: text("currency").notNull(),
    minSpendMinor: integer("min_spend_minor").notNull().default(0),
    startsAt: timestamp("starts_at").notNull(),
    endsAt: timestamp("ends_at").notNull(),
    perMemberLimit: integer("per_member_limit").notNull().default(1),
    totalLimit: integer("total_limit").notNull(),
    used: integer("used").notNull().default(0),
    scope: text("scope", { enum: couponScopes }).notNull().default("all"),
    scopeProductId: text("scope_product_id").references(() => products.id, { onDelete: "cascade" }),
    scopeCategoryId: text("scope_category_id").references(() => categories.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at").notNull(),
  },
  (t) => [
    check("coupons_kind_known", sql`${t.kind} IN ('fixed', 'percent')`),
    check("coupons_value", sql`${t.value} > 0 AND (${t.kind} = 'fixed' OR ${t.value} <= 90)`),
    check("coupons_used", sql`${t.used} >= 0 AND ${t.used} <= ${t.totalLimit}`),
    check("coupons_limits", sql`${t.perMemberLimit} >= 1 AND ${t.totalLimit} >= 1 AND ${t.minSpendMinor} >= 0`),
    check("coupons_window", sql`${t.endsAt} > ${t.startsAt}`),
    check(
      "coupons_scope",
      sql`(${t.scope} = 'all' AND ${t.scopeProductId} IS NULL AND ${t.scopeCategoryId} IS NULL)
        OR (${t.scope} = 'product' AND ${t.scopeProductId} IS NOT NULL AND ${t.scopeCategoryId} IS NULL)
        OR (${t.scope} = 'category' AND ${t.scopeCategoryId} IS NOT NULL AND ${t.scopeProductId} IS NULL)`,
    ),
  ],
);

export const orderStatuses = ["pending_payment", "paid", "shipped", "delivered", "completed", "cancelled", "refunded"] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/**
 * An order (policy §4.2): what was bought at what price, every discount, shipping, total and notes, and
 * the delivery details it needs. The recipient's details are a copy (the address book may change), all
 * encrypted. The member id is kept nullable so an erased member's orders can stay for the tax records
 * without naming them. Legal status moves are enforced by a trigger (migration 0007) as well as the code.
 */
export const orders = sqliteTable(
  "orders",
  {
    id: text("id").primaryKey(),
    /** What the member and staff read and quote: the shop day and eight random digits. */
    number: text("number").notNull().unique(),
    memberId: text("member_id").references(() => members.id, { onDelete: "set null" }),
    status: text("status", { enum: orderStatuses }).notNull(),
    currency: text("currency").notNull(),
    subtotalMinor: integer("subtotal_minor").notNull(),
    discountMinor: integer("discount_minor").notNull(),
    shippingMinor: integer("shipping_minor").notNull(),
    totalMinor: integer("total_minor").notNull(),
    /** The member level whose rights priced the order. */
    level: text("level").notNull(),
    note: text("note"),
    recipientEnc: text("recipient_enc").notNull(),
    addressEnc: text("address_enc").notNull(),
    phoneEnc: text("phone_enc").notNull(),
    altPhoneEnc: text("alt_phone_enc"),
    deliveryTime: text("delivery_time", { enum: deliveryTimes }).notNull(),
    /** Ordered for someone else: when the orderer confirmed that person agreed to share their details (§4.2). */
    forSomeoneElse: integer("for_someone_else", { mode: "boolean" }).notNull().default(false),
    recipientConsentAt: timestamp("recipient_consent_at"),
    invoiceWanted: integer("invoice_wanted", { mode: "boolean" }).notNull().default(false),
    invoiceTitle: text("invoice_title"),
    invoiceTaxpayerEnc: text("invoice_taxpayer_enc"),
    invoiceEmailEnc: text("invoice_email_enc"),
    /** The recipient's ID number for customs, only when the order holds cross-border products. */
    customsIdEnc: text("customs_id_enc"),
    /** The live show the order came from (a flash-sale unit or an in-room coupon), to tell its room. */
    showId: text("show_id").references(() => liveShows.id, { onDelete: "set null" }),
    /** The checkout form's one-time key: submitting it twice places one order. */
    checkoutKey: text("checkout_key").notNull(),
    createdAt: timestamp("created_at").notNull(),
    /** Unpaid by then, the order is cancelled and its stock goes back. */
    payBy: timestamp("pay_by").notNull(),
    paidAt: timestamp("paid_at"),
    shippedAt: timestamp("shipped_at"),
    deliveredAt: timestamp("delivered_at"),
    completedAt: timestamp("completed_at"),
    cancelledAt: timestamp("cancelled_at"),
    refundedAt: timestamp("refunded_at"),
  },
  (t) => [
    uniqueIndex("orders_checkout_key").on(t.memberId, t.checkoutKey),
    index("orders_member_created").on(t.memberId, t.createdAt),
    index("orders_status_pay_by").on(t.status, t.payBy),
    check("orders_status_known", sql`${t.status} IN ('pending_payment', 'paid', 'shipped', 'delivered', 'completed', 'cancelled', 'refunded')`),
    check(
      "orders_amounts",
      sql`${t.subtotalMinor} >= 0 AND ${t.discountMinor} >= 0 AND ${t.shippingMinor} >= 0 AND ${t.discountMinor} <= ${t.subtotalMinor}
        AND ${t.totalMinor} = ${t.subtotalMinor} - ${t.discountMinor} + ${t.shippingMinor}`,
    ),
    check("orders_recipient_consent", sql`${t.forSomeoneElse} = 0 OR ${t.recipientConsentAt} IS NOT NULL`),
    check("orders_invoice", sql`${t.invoiceWanted} = 0 OR (${t.invoiceTitle} IS NOT NULL AND ${t.invoiceEmailEnc} IS NOT NULL)`),
    check("orders_delivery_time_known", sql`${t.deliveryTime} IN ('any', 'weekdays', 'weekends', 'evenings')`),
  ],
);

const orderRef = () =>
  text("order_id")
    .notNull()
    .references(() => orders.id, { onDelete: "cascade" });

/** What was bought: a snapshot of the title and price at purchase (the product may change or go). */
export const orderItems = sqliteTable(
  "order_items",
  {
    orderId: orderRef(),
    productId: text("product_id").notNull(),
    title: text("title").notNull(),
    imageKey: text("image_key").notNull(),
    unitPriceMinor: integer("unit_price_minor").notNull(),
    quantity: integer("quantity").notNull(),
    /** The flash-sale unit this line spends (its price is the sale's); checked and consumed by triggers. */
    holdId: text("hold_id"),
    saleId: text("sale_id").references(() => flashSales.id, { onDelete: "set null" }),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.productId] }),
    index("order_items_product").on(t.productId),
    check("order_items_amounts", sql`${t.quantity} BETWEEN 1 AND 99 AND ${t.unitPriceMinor} >= 0`),
  ],
);

export const discountKinds = ["level", "coupon", "show_coupon"] as const;
export type DiscountKind = (typeof discountKinds)[number];

/** Every discount an order got, as it was applied (policy §4.2: orders record discounts). */
export const orderDiscounts = sqliteTable(
  "order_discounts",
  {
    orderId: orderRef(),
    position: integer("position").notNull(),
    kind: text("kind", { enum: discountKinds }).notNull(),
    /** What the member read ("Gold member 5 %", "SPRING20"). */
    label: text("label").notNull(),
    amountMinor: integer("amount_minor").notNull(),
    couponId: text("coupon_id").references(() => coupons.id, { onDelete: "set null" }),
    showCouponId: text("show_coupon_id").references(() => showCoupons.id, { onDelete: "set null" }),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.position] }),
    check("order_discounts_kind_known", sql`${t.kind} IN ('level', 'coupon', 'show_coupon')`),
    check("order_discounts_amount", sql`${t.amountMinor} > 0`),
  ],
);

/** A coupon spent on an order; a member's count is limited by a trigger, the coupon's total by its CHECK. */
export const couponRedemptions = sqliteTable(
  "coupon_redemptions",
  {
    couponId: text("coupon_id")
      .notNull()
      .references(() => coupons.id, { onDelete: "cascade" }),
    orderId: orderRef(),
    memberId: text("member_id").references(() => members.id, { onDelete: "set null" }),
    at: timestamp("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.couponId, t.orderId] }), index("coupon_redemptions_member").on(t.couponId, t.memberId)],
);

export const orderActors = ["member", "staff", "payment", "carrier", "system"] as const;
export type OrderActor = (typeof orderActors)[number];

/** The order's history: each status it reached, when and through whom. */
export const orderEvents = sqliteTable(
  "order_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orderId: orderRef(),
    status: text("status", { enum: orderStatuses }).notNull(),
    actor: text("actor", { enum: orderActors }).notNull(),
    at: timestamp("at").notNull(),
  },
  (t) => [index("order_events_order").on(t.orderId, t.at)],
);

export const paymentStatuses = ["created", "succeeded", "failed", "refunded"] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

/** Payment attempts at the provider. An order is paid once; a second successful payment is refunded. */
export const payments = sqliteTable(
  "payments",
  {
    id: text("id").primaryKey(),
    orderId: orderRef(),
    provider: text("provider").notNull(),
    /** The provider's id for the payment. */
    providerRef: text("provider_ref").notNull(),
    amountMinor: integer("amount_minor").notNull(),
    currency: text("currency").notNull(),
    status: text("status", { enum: paymentStatuses }).notNull(),
    createdAt: timestamp("created_at").notNull(),
    updatedAt: timestamp("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("payments_provider_ref").on(t.provider, t.providerRef),
    index("payments_order").on(t.orderId),
    check("payments_status_known", sql`${t.status} IN ('created', 'succeeded', 'failed', 'refunded')`),
  ],
);

/** Webhook events already handled (payment and carrier), by the sender's event id: a replay changes nothing. */
export const webhookEvents = sqliteTable(
  "webhook_events",
  {
    source: text("source").notNull(),
    eventId: text("event_id").notNull(),
    receivedAt: timestamp("received_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.source, t.eventId] })],
);

/** A parcel handed to a carrier: only its tracking number is kept here, never what the label said. */
export const shipments = sqliteTable(
  "shipments",
  {
    id: text("id").primaryKey(),
    orderId: orderRef(),
    carrier: text("carrier").notNull(),
    trackingNumber: text("tracking_number").notNull(),
    createdAt: timestamp("created_at").notNull(),
  },
  (t) => [uniqueIndex("shipments_order").on(t.orderId), uniqueIndex("shipments_tracking").on(t.carrier, t.trackingNumber)],
);

export const trackingStatuses = ["picked_up", "in_transit", "out_for_delivery", "delivered", "exception"] as const;
export type TrackingStatus = (typeof trackingStatuses)[number];

/** Delivery progress the carrier reported (policy §4.4), shown as a timeline on the order. */
export const trackingEvents = sqliteTable(
  "tracking_events",
  {
    shipmentId: text("shipment_id")
      .notNull()
      .references(() => shipments.id, { onDelete: "cascade" }),
    eventId: text("event_id").notNull(),
    status: text("status", { enum: trackingStatuses }).notNull(),
    /** A place name as the carrier gave it ("Hangzhou sorting centre"). */
    location: text("location"),
    at: timestamp("at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.shipmentId, t.eventId] }),
    index("tracking_events_shipment_at").on(t.shipmentId, t.at),
    check("tracking_events_status_known", sql`${t.status} IN ('picked_up', 'in_transit', 'out_for_delivery', 'delivered', 'exception')`),
  ],
);

/** An invoice issued for a paid order that asked for one; the document lives in R2 under a random key. */
export const invoices = sqliteTable("invoices", {
  orderId: text("order_id")
    .primaryKey()
    .references(() => orders.id, { onDelete: "cascade" }),
  number: text("number").notNull().unique(),
  documentKey: text("document_key").notNull(),
  issuedAt: timestamp("issued_at").notNull(),
});

/** A member's level as last computed from their completed orders of the past 12 months (policy §2.1). */
export const memberLevels = sqliteTable("member_levels", {
  memberId: text("member_id")
    .primaryKey()
    .references(() => members.id, { onDelete: "cascade" }),
  level: text("level").notNull(),
  spendMinor: integer("spend_minor").notNull(),
  orders: integer("orders").notNull(),
  computedAt: timestamp("computed_at").notNull(),
});

/**
 * Development only: the in-repo sandbox payment provider and carrier keep their side here (the hosted
 * payment page's payments, the labels the carrier received). Production never writes these.
 */
export const sandboxPayments = sqliteTable("sandbox_payments", {
  id: text("id").primaryKey(),
  /** The merchant's reference (the shop's order id) and amount, as a provider would hold them. */
  reference: text("reference").notNull(),
  amountMinor: integer("amount_minor").notNull(),
  currency: text("currency").notNull(),
  description: text("description").notNull(),
  returnUrl: text("return_url").notNull(),
  status: text("status").notNull(),
  createdAt: timestamp("created_at").notNull(),
});

export const sandboxShipments = sqliteTable("sandbox_shipments", {
  trackingNumber: text("tracking_number").primaryKey(),
  /** Exactly what the shop sent the carrier, as JSON. */
  label: text("label").notNull(),
  createdAt: timestamp("created_at").notNull(),
});
