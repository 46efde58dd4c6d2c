import { and, asc, desc, eq, gt, isNull, sql } from "drizzle-orm";
import {
  addresses,
  cartItems,
  couponClaims,
  coupons,
  flashSaleHolds,
  flashSales,
  liveShows,
  products,
  productTexts,
  showCoupons,
  type ContentLocale,
  type DeliveryTime,
} from "../../../db/schema/index.ts";
import type { Db } from "../../lib/db.ts";
import { decryptField, encryptField } from "../../lib/field-crypto.ts";
import { newId } from "../../lib/ids.ts";
import { couponRule } from "../cart/reminders.ts";
import { textsIn } from "../catalog/queries.ts";
import type { OrderLine } from "./place-order.ts";
import type { CouponRule } from "./pricing.ts";

/** A line at checkout: what will be ordered, with what pricing and the delivery rules need to know. */
export type CheckoutLine = OrderLine & { categoryId: string; crossBorder: boolean; stock: number; currency: string; slug: string };

const lineColumns = {
  productId: products.id,
  slug: products.slug,
  categoryId: products.categoryId,
  priceMinor: products.priceMinor,
  currency: products.currency,
  stock: products.stock,
  crossBorder: products.crossBorder,
  images: products.images,
  title: productTexts.title,
};

/** The member's cart as checkout lines at today's prices. */
export async function cartLines(db: Db, memberId: string, locale: ContentLocale): Promise<CheckoutLine[]> {
  const rows = await db
    .select({ ...lineColumns, quantity: cartItems.quantity })
    .from(cartItems)
    .innerJoin(products, eq(products.id, cartItems.productId))
    .innerJoin(productTexts, textsIn(locale))
    .where(eq(cartItems.memberId, memberId))
    .orderBy(asc(cartItems.addedAt));
  return rows.map(({ priceMinor, images, ...row }) => ({ ...row, unitPriceMinor: priceMinor, imageKey: images[0]?.key ?? "", holdId: null, saleId: null }));
}

/** A flash-sale unit the member holds and has not ordered yet, as a one-line checkout at the sale's price. */
export async function holdLine(db: Db, memberId: string, holdId: string, locale: ContentLocale, now: number): Promise<{ line: CheckoutLine; showId: string } | null> {
  const [row] = await db
    .select({ ...lineColumns, holdPrice: flashSaleHolds.priceMinor, saleId: flashSales.id, showId: flashSales.showId })
    .from(flashSaleHolds)
    .innerJoin(flashSales, eq(flashSales.id, flashSaleHolds.saleId))
    .innerJoin(products, eq(products.id, flashSales.productId))
    .innerJoin(productTexts, textsIn(locale))
    .where(and(eq(flashSaleHolds.id, holdId), eq(flashSaleHolds.memberId, memberId), isNull(flashSaleHolds.orderId), gt(flashSaleHolds.expiresAt, new Date(now))))
    .limit(1);
  if (!row) return null;
  const { priceMinor: _regular, holdPrice, images, showId, ...line } = row;
  return { line: { ...line, unitPriceMinor: holdPrice, quantity: 1, imageKey: images[0]?.key ?? "", holdId }, showId };
}

/** A shop coupon by the code a member typed (case and spaces ignored), as a pricing rule, if it is valid now. */
export async function couponByCode(db: Db, code: string, now: number): Promise<CouponRule | null> {
  const [row] = await db
    .select()
    .from(coupons)
    .where(and(eq(coupons.code, code.replace(/\s+/g, "").toUpperCase()), sql`${coupons.startsAt} <= ${now}`, gt(coupons.endsAt, new Date(now))))
    .limit(1);
  return row && row.used < row.totalLimit ? couponRule(row) : null;
}

/** In-room coupons stay usable this long after the host's offer ends. */
export const showCouponDays = 7;

/** Coupons the member took in live shows and has not spent, still usable. */
export async function showCouponRules(db: Db, memberId: string, now: number, label: (percent: number, show: string) => string): Promise<CouponRule[]> {
  const rows = await db
    .select({ id: showCoupons.id, percentOff: showCoupons.percentOff, show: liveShows.hostName })
    .from(couponClaims)
    .innerJoin(showCoupons, eq(showCoupons.id, couponClaims.couponId))
    .innerJoin(liveShows, eq(liveShows.id, showCoupons.showId))
    .where(and(eq(couponClaims.memberId, memberId), isNull(couponClaims.usedAt), gt(showCoupons.endsAt, new Date(now - showCouponDays * 86_400_000))))
    .orderBy(desc(showCoupons.percentOff));
  return rows.map((row) => ({
    source: "show_coupon" as const,
    id: row.id,
    label: label(row.percentOff, row.show),
    kind: "percent" as const,
    value: row.percentOff,
    minSpendMinor: 0,
    scope: { kind: "all" as const },
  }));
}

/** The show a coupon was issued in (an order spending it came from that show). */
export async function showOfCoupon(db: Db, couponId: string): Promise<string | null> {
  const [row] = await db.select({ showId: showCoupons.showId }).from(showCoupons).where(eq(showCoupons.id, couponId)).limit(1);
  return row?.showId ?? null;
}

export type SavedAddress = { id: string; name: string; address: string; phone: string; altPhone: string | null; deliveryTime: DeliveryTime };

const addressContext = (column: "recipient" | "address" | "phone" | "alt_phone", id: string) => `addresses.${column}:${id}`;

/** The member's address book, decrypted (callers mask what they show). */
export async function memberAddresses(db: Db, fieldKey: string, memberId: string): Promise<SavedAddress[]> {
  const rows = await db.select().from(addresses).where(eq(addresses.memberId, memberId)).orderBy(desc(addresses.createdAt));
  return Promise.all(
    rows.map(async (row) => ({
      id: row.id,
      name: await decryptField(fieldKey, row.recipientEnc, addressContext("recipient", row.id)),
      address: await decryptField(fieldKey, row.addressEnc, addressContext("address", row.id)),
      phone: await decryptField(fieldKey, row.phoneEnc, addressContext("phone", row.id)),
      altPhone: row.altPhoneEnc ? await decryptField(fieldKey, row.altPhoneEnc, addressContext("alt_phone", row.id)) : null,
      deliveryTime: row.deliveryTime,
    })),
  );
}

/** A member may keep this many addresses. */
export const maxAddresses = 20;

export async function saveAddress(db: Db, fieldKey: string, memberId: string, address: Omit<SavedAddress, "id">, now = Date.now()): Promise<string> {
  const id = newId("adr");
  await db.insert(addresses).values({
    id,
    memberId,
    recipientEnc: await encryptField(fieldKey, address.name, addressContext("recipient", id)),
    addressEnc: await encryptField(fieldKey, address.address, addressContext("address", id)),
    phoneEnc: await encryptField(fieldKey, address.phone, addressContext("phone", id)),
    altPhoneEnc: address.altPhone ? await encryptField(fieldKey, address.altPhone, addressContext("alt_phone", id)) : null,
    deliveryTime: address.deliveryTime,
    createdAt: new Date(now),
  });
  return id;
}

export async function deleteAddress(db: Db, memberId: string, id: string): Promise<boolean> {
  const deleted = await db.delete(addresses).where(and(eq(addresses.id, id), eq(addresses.memberId, memberId))).returning({ id: addresses.id });
  return deleted.length === 1;
}
