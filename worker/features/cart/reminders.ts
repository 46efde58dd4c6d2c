/**
 * Cart reminders (policy §4.1: cart contents are used for price-drop and discount reminders), for
 * members who keep `shopping_reminders` on and are not minors (§9), through the outbox on their notice channel:
 * - a product in the cart now costs less than the member saw: one message, and the price seen moves
 *   down in the same batch, so the next run finds nothing;
 * - a shop coupon that just started takes something off the member's cart as it is: one message per
 *   member and coupon (its dedupe key), however often the window is looked at.
 * Messages name the product or coupon and a shop path, nothing about the member.
 */
import { and, eq, gt, lt, lte, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { cartItems, coupons, members, outbox, products, productTexts, type ContentLocale, type NoticeChannel } from "../../../db/schema/index.ts";
import { database, type Db } from "../../lib/db.ts";
import { formatDate } from "../../lib/dates.ts";
import { formatMoney } from "../../lib/money.ts";
import { couponAmount, type CouponRule, type PricedLine } from "../checkout/pricing.ts";
import { dispatch, outboxInsert, type OutboxMessage } from "../outbox/outbox.ts";
import { ageOfConsent, latestBirthMonthAged } from "../guardians/age.ts";

/** Coupons that started this long ago are still announced: wider than the cron's minute, so a late or missed run loses none (the dedupe key makes the overlap harmless). */
export const couponWindowMs = 10 * 60_000;
const pageSize = 200;

export async function shoppingRemindersOn(db: Db, memberId: string): Promise<boolean> {
  const [row] = await db.select({ on: members.shoppingReminders }).from(members).where(eq(members.id, memberId)).limit(1);
  return row?.on ?? false;
}

export async function setShoppingReminders(db: Db, memberId: string, on: boolean): Promise<void> {
  await db.update(members).set({ shoppingReminders: on }).where(eq(members.id, memberId));
}

/**
 * An outbox row written at most once per dedupe key; in a batch it answers its id only when it was.
 * Wrapped in an object: an async function returning the query itself would run it (queries are thenables).
 */
async function onceInsert(db: Db, fieldKey: string, message: OutboxMessage & { dedupeKey: string }, now: number) {
  const { statement } = await outboxInsert(db, fieldKey, message, now);
  return { statement: statement.onConflictDoNothing({ target: outbox.dedupeKey }).returning({ id: outbox.id }) };
}

/** Runs statements as one batch and collects the ids of the outbox rows it wrote. */
async function writtenIds(db: Db, statements: BatchItem<"sqlite">[]): Promise<string[]> {
  const [first, ...rest] = statements;
  if (!first) return [];
  const results: unknown[] = await db.batch([first, ...rest]);
  return results.flatMap((result) => (Array.isArray(result) ? result.flatMap((row: unknown) => (isIdRow(row) ? [row.id] : [])) : []));
}

const isIdRow = (row: unknown): row is { id: string } => typeof row === "object" && row !== null && "id" in row && typeof row.id === "string";

/**
 * Reminders are marketing, which minors never receive (policy §9), whatever their guardian said: only
 * members born in `adultBy` or before (or who never gave a birth month) get them.
 */
const grownUp = (adultBy: string) => sql`coalesce(${members.birthMonth}, '') <= ${adultBy}`;

/** Price drops on carted products, one message per line and price; returns the outbox ids written. */
async function remindPriceDrops(db: Db, fieldKey: string, now: number, adultBy: string): Promise<string[]> {
  const drops = await db
    .select({
      memberId: cartItems.memberId,
      productId: cartItems.productId,
      seenMinor: cartItems.priceSeenMinor,
      priceMinor: products.priceMinor,
      currency: products.currency,
      title: productTexts.title,
      locale: members.locale,
      channel: members.noticeChannel,
    })
    .from(cartItems)
    .innerJoin(products, eq(products.id, cartItems.productId))
    .innerJoin(members, eq(members.id, cartItems.memberId))
    .innerJoin(productTexts, and(eq(productTexts.productId, products.id), eq(productTexts.locale, members.locale)))
    .where(and(lt(products.priceMinor, cartItems.priceSeenMinor), eq(members.shoppingReminders, true), grownUp(adultBy)))
    .limit(500);
  const written: string[] = [];
  for (let start = 0; start < drops.length; start += 50) {
    const statements: BatchItem<"sqlite">[] = [];
    for (const drop of drops.slice(start, start + 50)) {
      const money = (minor: number) => formatMoney({ minor, currency: drop.currency }, drop.locale);
      const notice = await onceInsert(
        db,
        fieldKey,
        {
          template: "cart_price_drop",
          channel: drop.channel,
          locale: drop.locale,
          memberId: drop.memberId,
          params: { title: drop.title, price: money(drop.priceMinor), was: money(drop.seenMinor) },
          dedupeKey: `cart_price_drop:${drop.memberId}:${drop.productId}:${drop.seenMinor}:${drop.priceMinor}`,
        },
        now,
      );
      // The price seen moves down with the message, only if no other run moved it first.
      const seen = db
        .update(cartItems)
        .set({ priceSeenMinor: drop.priceMinor })
        .where(and(eq(cartItems.memberId, drop.memberId), eq(cartItems.productId, drop.productId), eq(cartItems.priceSeenMinor, drop.seenMinor)));
      statements.push(notice.statement, seen);
    }
    written.push(...(await writtenIds(db, statements)));
  }
  return written;
}

type Coupon = typeof coupons.$inferSelect;

/** A shop coupon as the pricing engine's rule. */
export function couponRule(coupon: Coupon): CouponRule {
  const scope: CouponRule["scope"] =
    coupon.scope === "product" && coupon.scopeProductId
      ? { kind: "product", id: coupon.scopeProductId }
      : coupon.scope === "category" && coupon.scopeCategoryId
        ? { kind: "category", id: coupon.scopeCategoryId }
        : { kind: "all" };
  return { source: "coupon", id: coupon.id, label: coupon.code, kind: coupon.kind, value: coupon.value, minSpendMinor: coupon.minSpendMinor, scope };
}

/** Which carts a coupon could touch at all: any cart, or those holding its product or a product of its category. */
function scopeFilter(coupon: Coupon) {
  if (coupon.scope === "product") return sql`AND EXISTS (SELECT 1 FROM cart_items s WHERE s.member_id = ci.member_id AND s.product_id = ${coupon.scopeProductId})`;
  if (coupon.scope === "category") {
    return sql`AND EXISTS (SELECT 1 FROM cart_items s JOIN products sp ON sp.id = s.product_id WHERE s.member_id = ci.member_id AND sp.category_id = ${coupon.scopeCategoryId})`;
  }
  return sql``;
}

type CartRow = { memberId: string; productId: string; categoryId: string; priceMinor: number; quantity: number; locale: ContentLocale; channel: NoticeChannel };

/** Coupons that started within the window and still run: one message per member whose cart they now take money off. */
async function remindCoupons(db: Db, fieldKey: string, now: number, windowMs: number, adultBy: string): Promise<string[]> {
  const started = await db
    .select()
    .from(coupons)
    .where(and(gt(coupons.startsAt, new Date(now - windowMs)), lte(coupons.startsAt, new Date(now)), gt(coupons.endsAt, new Date(now)), lt(coupons.used, coupons.totalLimit)));
  const written: string[] = [];
  for (const coupon of started) {
    const rule = couponRule(coupon);
    let after = "";
    for (;;) {
      // A page of members who keep reminders on, were not told yet, may still use the coupon, and hold something it covers.
      const page = await db.all<{ id: string }>(sql`
        SELECT DISTINCT ci.member_id AS id FROM ${cartItems} ci JOIN ${members} m ON m.id = ci.member_id
        WHERE ci.member_id > ${after} AND m.shopping_reminders = 1 AND coalesce(m.birth_month, '') <= ${adultBy} ${scopeFilter(coupon)}
          AND NOT EXISTS (SELECT 1 FROM ${outbox} o WHERE o.dedupe_key = 'cart_coupon:' || ${coupon.id} || ':' || ci.member_id)
          AND (SELECT count(*) FROM coupon_redemptions r WHERE r.coupon_id = ${coupon.id} AND r.member_id = ci.member_id) < ${coupon.perMemberLimit}
        ORDER BY ci.member_id LIMIT ${pageSize}`);
      if (page.length === 0) break;
      after = page.at(-1)!.id;
      const rows = await db.all<CartRow>(sql`
        SELECT ci.member_id AS memberId, ci.product_id AS productId, p.category_id AS categoryId, p.price_minor AS priceMinor,
               ci.quantity AS quantity, m.locale AS locale, m.notice_channel AS channel
        FROM ${cartItems} ci JOIN ${products} p ON p.id = ci.product_id JOIN ${members} m ON m.id = ci.member_id
        WHERE ci.member_id IN (SELECT value FROM json_each(${JSON.stringify(page.map((row) => row.id))})) AND p.currency = ${coupon.currency}`);
      const carts = new Map<string, CartRow[]>();
      for (const row of rows) carts.set(row.memberId, [...(carts.get(row.memberId) ?? []), row]);
      const statements: BatchItem<"sqlite">[] = [];
      for (const [memberId, cart] of carts) {
        // Cart lines are regular-priced: flash-sale units are held at checkout, never in the cart.
        const lines: PricedLine[] = cart.map((row) => ({ productId: row.productId, categoryId: row.categoryId, unitPriceMinor: row.priceMinor, quantity: row.quantity, fromSale: false }));
        const applied = couponAmount(rule, lines);
        if ("problem" in applied || applied.amountMinor <= 0) continue;
        const { locale, channel } = cart[0]!;
        const notice = await onceInsert(
          db,
          fieldKey,
          {
            template: "cart_coupon",
            channel,
            locale,
            memberId,
            params: { code: coupon.code, amount: formatMoney({ minor: applied.amountMinor, currency: coupon.currency }, locale), ends: formatDate(coupon.endsAt, locale) },
            dedupeKey: `cart_coupon:${coupon.id}:${memberId}`,
          },
          now,
        );
        statements.push(notice.statement);
      }
      written.push(...(await writtenIds(db, statements)));
      if (page.length < pageSize) break;
    }
  }
  return written;
}

/** The minute cron's cart reminders: writes the messages owed and hands their ids to the outbox queue. */
export async function remindCarts(env: Env, now = Date.now(), windowMs = couponWindowMs): Promise<string[]> {
  const db = database(env.DB);
  const adultBy = latestBirthMonthAged(ageOfConsent(env), new Date(now));
  const ids = [...(await remindPriceDrops(db, env.FIELD_KEY, now, adultBy)), ...(await remindCoupons(db, env.FIELD_KEY, now, windowMs, adultBy))];
  await dispatch(env.OUTBOX_QUEUE, ids);
  return ids;
}
