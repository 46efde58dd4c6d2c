import { and, asc, eq, inArray, sql } from "drizzle-orm";
import {
  liveShowProducts,
  liveShows,
  liveShowTexts,
  products,
  productTexts,
  type ContentLocale,
  type ShowStatus,
  type StreamKind,
} from "../../../db/schema/index.ts";
import { prepared, runBatch, type Db, type Input, type Placeholders } from "../../lib/db.ts";
import { summaryColumns, textsIn as productTextsIn, toSummary, type ProductSummary, type SummaryRow } from "../catalog/queries.ts";

export type ShowSummary = {
  id: string;
  slug: string;
  status: ShowStatus;
  hostName: string;
  coverKey: string;
  startsAt: Date;
  liveAt: Date | null;
  endedAt: Date | null;
  streamKind: StreamKind;
  streamInput: string | null;
  title: string;
  description: string;
};

export const showColumns = {
  id: liveShows.id,
  slug: liveShows.slug,
  status: liveShows.status,
  hostName: liveShows.hostName,
  coverKey: liveShows.coverKey,
  startsAt: liveShows.startsAt,
  liveAt: liveShows.liveAt,
  endedAt: liveShows.endedAt,
  streamKind: liveShows.streamKind,
  streamInput: liveShows.streamInput,
  title: liveShowTexts.title,
  description: liveShowTexts.description,
};

export const textsIn = (locale: Input<ContentLocale>) => and(eq(liveShowTexts.showId, liveShows.id), eq(liveShowTexts.locale, locale));

/** Shows of the given statuses: live ones first, then scheduled by start time, then the most recent ended. */
export function showsQuery(db: Db, locale: Input<ContentLocale>, statuses: ShowStatus[]) {
  return db
    .select(showColumns)
    .from(liveShows)
    .innerJoin(liveShowTexts, textsIn(locale))
    .where(inArray(liveShows.status, statuses))
    .orderBy(
      sql`CASE ${liveShows.status} WHEN 'live' THEN 0 WHEN 'scheduled' THEN 1 ELSE 2 END`,
      sql`CASE WHEN ${liveShows.status} = 'ended' THEN -${liveShows.startsAt} ELSE ${liveShows.startsAt} END`,
    );
}

/** Just enough of a show to authorise entry to its room. */
export async function findShow(db: Db, slug: string) {
  const [show] = await db
    .select({ id: liveShows.id, status: liveShows.status, hostMemberId: liveShows.hostMemberId, startsAt: liveShows.startsAt, liveAt: liveShows.liveAt })
    .from(liveShows)
    .where(eq(liveShows.slug, slug))
    .limit(1);
  return show ?? null;
}

type ShowInput = { slug: string; locale: ContentLocale };

/** A show's page queries by slug, built once per isolate: the show, and the products it presents. */
const showBySlug = prepared((db, input: Placeholders<ShowInput>) =>
  db.select(showColumns).from(liveShows).innerJoin(liveShowTexts, textsIn(input.locale)).where(eq(liveShows.slug, input.slug)).limit(1),
);
const showProductsBySlug = prepared((db, input: Placeholders<ShowInput>) =>
  db
    .select(summaryColumns)
    .from(liveShowProducts)
    .innerJoin(liveShows, eq(liveShows.id, liveShowProducts.showId))
    .innerJoin(products, eq(products.id, liveShowProducts.productId))
    .innerJoin(productTexts, productTextsIn(input.locale))
    .where(eq(liveShows.slug, input.slug))
    .orderBy(asc(liveShowProducts.position)),
);

/** A show's two queries, to batch with others; `toShow` puts their rows together. */
export const showQueries = (d1: D1Database, input: ShowInput) => [showBySlug(d1, input), showProductsBySlug(d1, input)] as const;

export function toShow([show]: ShowSummary[], rows: SummaryRow[]) {
  if (!show) return null;
  const showProducts: ProductSummary[] = rows.map(toSummary);
  return { ...show, products: showProducts };
}

/** A show and the products it presents, in one round trip. Null when there is no such show. */
export async function getShow(d1: D1Database, slug: string, locale: ContentLocale) {
  const [shows, rows] = await runBatch(d1, [...showQueries(d1, { slug, locale })]);
  return toShow(shows, rows);
}

export type ShowDetail = NonNullable<Awaited<ReturnType<typeof getShow>>>;
