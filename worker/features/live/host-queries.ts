/**
 * Shows as their hosts run them: who may run which show, creating and scheduling one, going live,
 * ending it, and storing what the room reports when it ends.
 */
import { and, asc, desc, eq } from "drizzle-orm";
import { erasedViewers, liveShowProducts, liveShows, liveShowTexts, products, productTexts, showStats, showTimeline, type ContentLocale } from "../../../db/schema/index.ts";
import type { RoomStats } from "../../../party/protocol.ts";
import type { TimelineEntry } from "../../../party/room/show-room.ts";
import { boundStatement, type Db } from "../../lib/db.ts";
import { sha256Hex } from "../../lib/hash.ts";
import { newId } from "../../lib/ids.ts";
import { erasedPlaceholder } from "../account-closing/erasure.ts";
import type { SignedIn } from "../accounts/sessions.ts";
import { textsIn as productTextsIn } from "../catalog/queries.ts";
import { showColumns, textsIn } from "./queries.ts";
import type { ShowForm } from "./host-forms.ts";

/** Staff and administrators may run every show; a host only their own. */
export const runsEveryShow = (member: SignedIn) => member.role === "staff" || member.role === "admin";

/** A show as its host runs it: the public columns (without the description) and who hosts it. */
const { description: _description, ...publicColumns } = showColumns;
const hostedColumns = { ...publicColumns, hostMemberId: liveShows.hostMemberId };

/** The shows `member` runs, newest first. */
export function hostedShows(db: Db, member: SignedIn, locale: ContentLocale) {
  return db
    .select(hostedColumns)
    .from(liveShows)
    .innerJoin(liveShowTexts, textsIn(locale))
    .where(runsEveryShow(member) ? undefined : eq(liveShows.hostMemberId, member.id))
    .orderBy(desc(liveShows.startsAt))
    .limit(100);
}

export type HostedShow = Awaited<ReturnType<typeof hostedShows>>[number];

/** A show `member` may run, by slug; null for an unknown show and for someone else's (the same 404). */
export async function findHostedShow(db: Db, slug: string, member: SignedIn, locale: ContentLocale): Promise<HostedShow | null> {
  const [show] = await db.select(hostedColumns).from(liveShows).innerJoin(liveShowTexts, textsIn(locale)).where(eq(liveShows.slug, slug)).limit(1);
  if (!show) return null;
  return runsEveryShow(member) || show.hostMemberId === member.id ? show : null;
}

/** Every product a show may present (title in the host's language), for the new-show form. */
export function selectableProducts(db: Db, locale: ContentLocale) {
  return db
    .select({ id: products.id, title: productTexts.title, stock: products.stock })
    .from(products)
    .innerJoin(productTexts, productTextsIn(locale))
    .orderBy(asc(productTexts.title));
}

/** The products of a show with what the sale form needs (current price, currency, stock). */
export function showProductsForSale(db: Db, showId: string, locale: ContentLocale) {
  return db
    .select({ id: products.id, title: productTexts.title, priceMinor: products.priceMinor, currency: products.currency, stock: products.stock })
    .from(liveShowProducts)
    .innerJoin(products, eq(products.id, liveShowProducts.productId))
    .innerJoin(productTexts, productTextsIn(locale))
    .where(eq(liveShowProducts.showId, showId))
    .orderBy(asc(liveShowProducts.position));
}

export type SaleProduct = Awaited<ReturnType<typeof showProductsForSale>>[number];

/** A URL name from the English title, with a random tail so two shows of the same name never collide. */
export function showSlug(title: string): string {
  const base = title
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return `${base || "show"}-${newId("x").slice(2, 8)}`;
}

/**
 * Creates a scheduled show in one batch (show, both languages' texts, products in running order). Its
 * cover is the first product's picture until the host uploads one.
 */
export async function createShow(db: Db, member: SignedIn, form: ShowForm): Promise<string> {
  const id = newId("shw");
  const slug = showSlug(form.titleEn);
  const [first] = await db.select({ images: products.images }).from(products).where(eq(products.id, form.products[0]!)).limit(1);
  await db.batch([
    db.insert(liveShows).values({
      id,
      slug,
      status: "scheduled",
      hostName: member.nickname,
      hostMemberId: member.id,
      coverKey: first?.images[0]?.key ?? "",
      startsAt: form.startsAt,
      streamKind: form.stream,
      streamInput: form.streamInput || null,
    }),
    db.insert(liveShowTexts).values([
      { showId: id, locale: "en", title: form.titleEn, description: form.descriptionEn },
      { showId: id, locale: "zh-CN", title: form.titleZh || form.titleEn, description: form.descriptionZh || form.descriptionEn },
    ]),
    db.insert(liveShowProducts).values(form.products.map((productId, position) => ({ showId: id, productId, position }))),
  ]);
  return slug;
}

/** Show covers are stored re-encoded at this size (the stage's 16:9 box). */
export const coverSize = { width: 960, height: 540 } as const;

export async function setCover(db: Db, showId: string, coverKey: string): Promise<void> {
  await db.update(liveShows).set({ coverKey }).where(eq(liveShows.id, showId));
}

/** scheduled → live, once: the moment becomes the show clock's zero. False when it was not scheduled. */
export async function goLive(db: Db, showId: string, now: number): Promise<boolean> {
  // The rows it changed, not D1's count: that includes what triggers wrote (the page cache's versions).
  const changed = await db
    .update(liveShows)
    .set({ status: "live", liveAt: new Date(now) })
    .where(and(eq(liveShows.id, showId), eq(liveShows.status, "scheduled")))
    .returning({ id: liveShows.id });
  return changed.length === 1;
}

/** live → ended, once. False when it was not live. */
export async function endShow(db: Db, showId: string, now: number): Promise<boolean> {
  // The rows it changed, not D1's count: that includes what triggers wrote (the page cache's versions).
  const changed = await db
    .update(liveShows)
    .set({ status: "ended", endedAt: new Date(now) })
    .where(and(eq(liveShows.id, showId), eq(liveShows.status, "live")))
    .returning({ id: liveShows.id });
  return changed.length === 1;
}

/** The final statistics, written once (a retried archive changes nothing). */
export function saveStats(db: Db, showId: string, stats: RoomStats, durationMs: number) {
  const { viewers: _now, ...figures } = stats;
  return db
    .insert(showStats)
    .values({ showId, durationMs, ...figures })
    .onConflictDoNothing();
}

/**
 * Timeline entries for the replay, at most 100 bound parameters per statement (D1's limit). Members
 * erased while the room still held their chat are left out: their lines dropped, a giveaway they won
 * keeps its proof but not their name or picture.
 */
export async function saveTimeline(d1: D1Database, db: Db, showId: string, entries: TimelineEntry[]): Promise<void> {
  const erased = new Set((await db.select({ hash: erasedViewers.viewerHash }).from(erasedViewers).where(eq(erasedViewers.showId, showId))).map((row) => row.hash));
  const kept = erased.size === 0 ? entries : await withoutErased(entries, erased);
  const perStatement = 16; // 6 parameters a row
  const statements = [];
  for (let i = 0; i < kept.length; i += perStatement) {
    const rows = kept.slice(i, i + perStatement).map((entry) => ({
      showId,
      seq: entry.seq,
      at: entry.at,
      kind: entry.kind,
      viewer: entry.viewer,
      payload: JSON.stringify(entry.payload),
    }));
    statements.push(boundStatement(d1, db.insert(showTimeline).values(rows).onConflictDoNothing()));
  }
  if (statements.length > 0) await d1.batch(statements);
}

export async function findStats(db: Db, showId: string) {
  const [stats] = await db.select().from(showStats).where(eq(showStats.showId, showId)).limit(1);
  return stats ?? null;
}

/** The stored timeline of a show, in order (its replay). */
export function timelineOf(db: Db, showId: string) {
  return db
    .select({ seq: showTimeline.seq, at: showTimeline.at, kind: showTimeline.kind, payload: showTimeline.payload })
    .from(showTimeline)
    .where(eq(showTimeline.showId, showId))
    .orderBy(asc(showTimeline.seq))
    .limit(5000);
}

/** Units sold and revenue held in the show's flash sales, for the summary. */
export async function salesFigures(d1: D1Database, showId: string) {
  const row = await d1
    .prepare("SELECT count(*) AS sales, coalesce(sum(sold), 0) AS units FROM flash_sales WHERE show_id = ?")
    .bind(showId)
    .first<{ sales: number; units: number }>();
  return row ?? { sales: 0, units: 0 };
}

async function withoutErased(entries: TimelineEntry[], erased: Set<string>): Promise<TimelineEntry[]> {
  const kept: TimelineEntry[] = [];
  for (const entry of entries) {
    if (entry.viewer && erased.has(await sha256Hex(entry.viewer))) continue;
    const payload = entry.payload as { winner?: { id: string; name: string; avatar: string | null } };
    if (payload.winner && erased.has(await sha256Hex(payload.winner.id))) {
      kept.push({ ...entry, payload: { ...entry.payload, winner: { ...payload.winner, name: erasedPlaceholder, avatar: null } } as TimelineEntry["payload"] });
    } else kept.push(entry);
  }
  return kept;
}
