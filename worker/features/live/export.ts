/**
 * The live shows' parts of a member's data export: flash-sale units held, coupons taken in shows, and
 * the member's own chat lines kept for replays (found by their per-show pseudonym; nobody else's lines).
 */
import { and, asc, eq, or } from "drizzle-orm";
import * as v from "valibot";
import { couponClaims, flashSaleHolds, flashSales, liveShows, liveShowTexts, orders, products, productTexts, showCoupons, showTimeline } from "../../../db/schema/index.ts";
import { chatLine } from "../../../party/protocol.ts";
import { textsIn } from "../catalog/queries.ts";
import type { ContentLocale } from "../../../db/schema/index.ts";
import type { Exporter } from "../data-export/exporter.ts";
import { viewerPseudonym } from "./viewer-pseudonym.ts";

const showTitleIn = (locale: ContentLocale) => and(eq(liveShowTexts.showId, liveShows.id), eq(liveShowTexts.locale, locale));

export const flashSaleHoldsExporter: Exporter = {
  name: "flashSaleHolds",
  export: (db, _env, member) =>
    db
      .select({
        show: liveShowTexts.title,
        product: productTexts.title,
        priceMinor: flashSaleHolds.priceMinor,
        currency: products.currency,
        heldAt: flashSaleHolds.createdAt,
        expiresAt: flashSaleHolds.expiresAt,
        order: orders.number,
      })
      .from(flashSaleHolds)
      .innerJoin(flashSales, eq(flashSales.id, flashSaleHolds.saleId))
      .innerJoin(liveShows, eq(liveShows.id, flashSales.showId))
      .leftJoin(liveShowTexts, showTitleIn(member.locale))
      .innerJoin(products, eq(products.id, flashSales.productId))
      .leftJoin(productTexts, textsIn(member.locale))
      .leftJoin(orders, eq(orders.id, flashSaleHolds.orderId))
      .where(eq(flashSaleHolds.memberId, member.id))
      .orderBy(asc(flashSaleHolds.createdAt)),
};

export const showCouponsExporter: Exporter = {
  name: "showCoupons",
  export: (db, _env, member) =>
    db
      .select({ show: liveShowTexts.title, percentOff: showCoupons.percentOff, claimedAt: couponClaims.claimedAt, usedAt: couponClaims.usedAt, order: orders.number })
      .from(couponClaims)
      .innerJoin(showCoupons, eq(showCoupons.id, couponClaims.couponId))
      .innerJoin(liveShows, eq(liveShows.id, showCoupons.showId))
      .leftJoin(liveShowTexts, showTitleIn(member.locale))
      .leftJoin(orders, eq(orders.id, couponClaims.orderId))
      .where(eq(couponClaims.memberId, member.id))
      .orderBy(asc(couponClaims.claimedAt)),
};

const chatPayload = v.object({ type: v.literal("chat"), line: chatLine });
/** Shows per query: two bound parameters each, well below D1's limit of 100. */
const showsPerQuery = 40;

export const chatExporter: Exporter = {
  name: "chatMessages",
  async export(db, env, member) {
    const shows = await db.selectDistinct({ id: showTimeline.showId }).from(showTimeline).where(eq(showTimeline.kind, "chat"));
    const pairs = await Promise.all(shows.map(async (show) => ({ showId: show.id, viewer: await viewerPseudonym(env.FIELD_KEY, show.id, member.id) })));
    const lines = [];
    for (let start = 0; start < pairs.length; start += showsPerQuery) {
      const rows = await db
        .select({ show: liveShowTexts.title, slug: liveShows.slug, liveAt: liveShows.liveAt, at: showTimeline.at, payload: showTimeline.payload })
        .from(showTimeline)
        .innerJoin(liveShows, eq(liveShows.id, showTimeline.showId))
        .leftJoin(liveShowTexts, showTitleIn(member.locale))
        .where(and(eq(showTimeline.kind, "chat"), or(...pairs.slice(start, start + showsPerQuery).map((pair) => and(eq(showTimeline.showId, pair.showId), eq(showTimeline.viewer, pair.viewer))))))
        .orderBy(asc(liveShows.liveAt), asc(showTimeline.seq));
      for (const row of rows) {
        const parsed = v.safeParse(chatPayload, JSON.parse(row.payload));
        if (!parsed.success) continue;
        lines.push({
          show: row.show,
          link: `/live/${row.slug}`,
          showClockMs: row.at,
          at: row.liveAt ? new Date(row.liveAt.getTime() + row.at) : null,
          nickname: parsed.output.line.by.name,
          text: parsed.output.line.text,
        });
      }
    }
    return lines;
  },
};
