/**
 * Selling in a show: flash sales and in-room coupons. Every limit (one running sale per show, the
 * quantity, the countdown, one unit or coupon per member) is checked by the statement that changes the
 * row, so no race between requests can oversell; the price always comes from the sale's row, never from
 * the browser.
 */
import { and, desc, eq, gt, inArray } from "drizzle-orm";
import { couponClaims, flashSaleHolds, flashSales, liveShows, showCoupons, type ContentLocale } from "../../../db/schema/index.ts";
import type { CouponState, SaleState } from "../../../party/protocol.ts";
import { prepared, runBatch, type Db, type Input, type Placeholders } from "../../lib/db.ts";
import { showQueries, toShow } from "./queries.ts";
import { newId } from "../../lib/ids.ts";

/** How long a unit taken in a flash sale waits for payment before it goes back to the sale. */
export const holdMinutes = 15;

export const saleLimits = { minSeconds: 10, maxSeconds: 300, maxQuantity: 10_000 } as const;
export const couponLimits = { minPercent: 1, maxPercent: 90, maxQuantity: 10_000, minMinutes: 1, maxMinutes: 120 } as const;

export type SaleRow = typeof flashSales.$inferSelect;
export type CouponRow = typeof showCoupons.$inferSelect;

/** A sale as the room shows it (show clock, units left). */
export const saleState = (sale: SaleRow): SaleState => ({
  id: sale.id,
  product: sale.productId,
  priceMinor: sale.priceMinor,
  quantity: sale.quantity,
  remaining: sale.quantity - sale.sold,
  startsAt: sale.startsAtShow,
  endsAt: sale.endsAtShow,
});

/** A coupon as the room shows it: its end on the show clock of a show that went live at `liveAt`. */
export const couponState = (coupon: CouponRow, liveAt: number): CouponState => ({
  id: coupon.id,
  percentOff: coupon.percentOff,
  quantity: coupon.quantity,
  remaining: coupon.quantity - coupon.claimed,
  endsAt: Math.max(0, coupon.endsAt.getTime() - liveAt),
});

type SaleRequest = { showId: string; productId: string; priceMinor: number; quantity: number; seconds: number; liveAt: number; now: number };

/**
 * Starts a flash sale. Refused (null) unless the show is live, the product is in the show and the price
 * is below its current price, and no other sale of the show is running: all checked by the INSERT.
 */
export async function startSale(d1: D1Database, request: SaleRequest): Promise<SaleRow | null> {
  const { showId, productId, priceMinor, quantity, seconds, liveAt, now } = request;
  const id = newId("fls");
  const startsAtShow = Math.max(0, now - liveAt);
  const inserted = await d1
    .prepare(
      `INSERT INTO flash_sales (id, show_id, product_id, price_minor, quantity, sold, starts_at_show, ends_at_show, starts_at, ends_at)
       SELECT ?1, ?2, ?3, ?4, ?5, 0, ?6, ?7, ?8, ?9
       WHERE EXISTS (SELECT 1 FROM live_shows WHERE id = ?2 AND status = 'live')
         AND EXISTS (SELECT 1 FROM live_show_products sp JOIN products p ON p.id = sp.product_id
                     WHERE sp.show_id = ?2 AND sp.product_id = ?3 AND p.price_minor > ?4)
         AND NOT EXISTS (SELECT 1 FROM flash_sales WHERE show_id = ?2 AND ends_at > ?8)`,
    )
    .bind(id, showId, productId, priceMinor, quantity, startsAtShow, startsAtShow + seconds * 1000, now, now + seconds * 1000)
    .run();
  if (inserted.meta.changes !== 1) return null;
  return { id, showId, productId, priceMinor, quantity, sold: 0, startsAtShow, endsAtShow: startsAtShow + seconds * 1000, startsAt: new Date(now), endsAt: new Date(now + seconds * 1000) };
}

export type Hold = { id: string; priceMinor: number; expiresAt: Date };

/**
 * Takes one unit of a running sale for a member at the sale's price. The UPDATE takes the unit only
 * while the sale runs, has stock and the member holds none; the hold is written only when it did
 * (`changes()`), in the same batch. Null when the sale is over, sold out or the member already has one.
 */
export async function holdUnit(d1: D1Database, sale: { id: string; showId: string }, memberId: string, now: number): Promise<Hold | null> {
  const id = newId("hld");
  const expiresAt = now + holdMinutes * 60_000;
  const [taken] = await d1.batch([
    d1
      .prepare(
        `UPDATE flash_sales SET sold = sold + 1
         WHERE id = ?1 AND show_id = ?2 AND sold < quantity AND starts_at <= ?3 AND ends_at > ?3
           AND NOT EXISTS (SELECT 1 FROM flash_sale_holds WHERE sale_id = ?1 AND member_id = ?4)`,
      )
      .bind(sale.id, sale.showId, now, memberId),
    d1
      .prepare(
        `INSERT INTO flash_sale_holds (id, sale_id, member_id, price_minor, created_at, expires_at)
         SELECT ?1, id, ?3, price_minor, ?4, ?5 FROM flash_sales WHERE id = ?2 AND changes() = 1`,
      )
      .bind(id, sale.id, memberId, now, expiresAt),
  ]);
  if (taken?.meta.changes !== 1) return null;
  const [row] = await d1.prepare("SELECT price_minor FROM flash_sale_holds WHERE id = ?").bind(id).raw<[number]>();
  return row ? { id, priceMinor: row[0], expiresAt: new Date(expiresAt) } : null;
}

/** Units held past their time go back to their sales (one batch: the count and the holds agree). */
export async function releaseLapsedHolds(d1: D1Database, now: number): Promise<void> {
  await d1.batch([
    d1
      .prepare(
        `UPDATE flash_sales SET sold = sold - (SELECT count(*) FROM flash_sale_holds h WHERE h.sale_id = flash_sales.id AND h.expires_at <= ?1 AND h.order_id IS NULL)
         WHERE id IN (SELECT sale_id FROM flash_sale_holds WHERE expires_at <= ?1 AND order_id IS NULL)`,
      )
      .bind(now),
    d1.prepare("DELETE FROM flash_sale_holds WHERE expires_at <= ? AND order_id IS NULL").bind(now),
  ]);
}

/** A sale of the show by id (whatever its state), for the buy page and the room. */
export async function findSale(db: Db, showId: string, saleId: string): Promise<SaleRow | null> {
  const [sale] = await db.select().from(flashSales).where(and(eq(flashSales.id, saleId), eq(flashSales.showId, showId))).limit(1);
  return sale ?? null;
}

const showIdBySlug = (db: Db, slug: Input<string>) => db.select({ id: liveShows.id }).from(liveShows).where(eq(liveShows.slug, slug));

/** The running sale and the current coupon of the show at `slug` (`now` in milliseconds), built once per isolate. */
const runningSaleBySlug = prepared((db, input: Placeholders<{ slug: string; now: number }>) =>
  db
    .select()
    .from(flashSales)
    .where(and(inArray(flashSales.showId, showIdBySlug(db, input.slug)), gt(flashSales.endsAt, input.now)))
    .limit(1),
);
const currentCouponBySlug = prepared((db, input: Placeholders<{ slug: string; now: number }>) =>
  db
    .select()
    .from(showCoupons)
    .where(and(inArray(showCoupons.showId, showIdBySlug(db, input.slug)), gt(showCoupons.endsAt, input.now)))
    .orderBy(desc(showCoupons.createdAt))
    .limit(1),
);

/**
 * A show with its products, its running sale and its current coupon (`now` in milliseconds), in one round
 * trip: the viewers' page and the host's console. Null when there is no such show.
 */
export async function getShowSelling(d1: D1Database, input: { slug: string; locale: ContentLocale; now: number }) {
  const [shows, rows, [sale], [coupon]] = await runBatch(d1, [...showQueries(d1, input), runningSaleBySlug(d1, input), currentCouponBySlug(d1, input)]);
  const show = toShow(shows, rows);
  return show && { show, sale: sale ?? null, coupon: coupon ?? null };
}


export async function findHold(db: Db, saleId: string, memberId: string) {
  const [hold] = await db.select().from(flashSaleHolds).where(and(eq(flashSaleHolds.saleId, saleId), eq(flashSaleHolds.memberId, memberId))).limit(1);
  return hold ?? null;
}

export async function hasClaimed(db: Db, couponId: string, memberId: string): Promise<boolean> {
  const [claim] = await db.select({ at: couponClaims.claimedAt }).from(couponClaims).where(and(eq(couponClaims.couponId, couponId), eq(couponClaims.memberId, memberId))).limit(1);
  return claim !== undefined;
}

/** Issues a coupon in a live show. */
export async function issueCoupon(d1: D1Database, request: { showId: string; percentOff: number; quantity: number; minutes: number; now: number }): Promise<CouponRow | null> {
  const { showId, percentOff, quantity, minutes, now } = request;
  const id = newId("cpn");
  const endsAt = now + minutes * 60_000;
  const inserted = await d1
    .prepare(
      `INSERT INTO show_coupons (id, show_id, percent_off, quantity, claimed, ends_at, created_at)
       SELECT ?1, ?2, ?3, ?4, 0, ?5, ?6 WHERE EXISTS (SELECT 1 FROM live_shows WHERE id = ?2 AND status = 'live')`,
    )
    .bind(id, showId, percentOff, quantity, endsAt, now)
    .run();
  if (inserted.meta.changes !== 1) return null;
  return { id, showId, percentOff, quantity, claimed: 0, endsAt: new Date(endsAt), createdAt: new Date(now) };
}

/** Claims a coupon for a member: once each, while it lasts and has not run out (checked by the UPDATE). */
export async function claimCoupon(d1: D1Database, coupon: { id: string; showId: string }, memberId: string, now: number): Promise<boolean> {
  const [taken] = await d1.batch([
    d1
      .prepare(
        `UPDATE show_coupons SET claimed = claimed + 1
         WHERE id = ?1 AND show_id = ?2 AND claimed < quantity AND ends_at > ?3
           AND NOT EXISTS (SELECT 1 FROM coupon_claims WHERE coupon_id = ?1 AND member_id = ?4)`,
      )
      .bind(coupon.id, coupon.showId, now, memberId),
    d1.prepare("INSERT INTO coupon_claims (coupon_id, member_id, claimed_at) SELECT ?1, ?2, ?3 WHERE changes() = 1").bind(coupon.id, memberId, now),
  ]);
  return taken?.meta.changes === 1;
}

export async function findCoupon(db: Db, showId: string, couponId: string): Promise<CouponRow | null> {
  const [coupon] = await db.select().from(showCoupons).where(and(eq(showCoupons.id, couponId), eq(showCoupons.showId, showId))).limit(1);
  return coupon ?? null;
}

