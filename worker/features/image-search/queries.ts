/**
 * The visual search's reads and writes: products ranked by how alike their first picture is to a photo,
 * and the searches members chose to save (photo in R2 under a random key, row in D1).
 */
import { and, desc, eq, inArray, notInArray } from "drizzle-orm";
import { productImageFeatures, products, productTexts, savedImageSearches, type ContentLocale } from "../../../db/schema/index.ts";
import type { Db } from "../../lib/db.ts";
import { newId } from "../../lib/ids.ts";
import { summaryColumns, textsIn, toSummary, type ProductSummary } from "../catalog/queries.ts";
import { matchReason, nearbyBins, similarity, type ImageFeatures, type MatchReason } from "./features.ts";

export type ImageMatch = { product: ProductSummary; reason: MatchReason };

/** Products compared per search at most (a row is about 170 bytes). */
const candidateLimit = 2000;

/**
 * The `limit` products most alike to `features`, best first. Products whose main colour is near the photo's
 * are read through the `dominant` index; only when they are too few to fill the page are the others read
 * too (a close-up of one red thing meets products shown on light backdrops that way).
 */
export async function similarProducts(db: Db, features: ImageFeatures, locale: ContentLocale, limit = 12): Promise<ImageMatch[]> {
  const nearby = nearbyBins(features.dominant);
  const columns = { productId: productImageFeatures.productId, histogram: productImageFeatures.histogram, hash: productImageFeatures.hash };
  const near = await db.select(columns).from(productImageFeatures).where(inArray(productImageFeatures.dominant, nearby)).limit(candidateLimit);
  const rest =
    near.length < limit
      ? await db.select(columns).from(productImageFeatures).where(notInArray(productImageFeatures.dominant, nearby)).limit(candidateLimit - near.length)
      : [];
  const ranked = [...near, ...rest]
    .map((row) => ({ id: row.productId, alike: similarity(features, row) }))
    .sort((a, b) => b.alike.score - a.alike.score || a.id.localeCompare(b.id))
    .slice(0, limit);
  if (ranked.length === 0) return [];
  const rows = await db
    .select(summaryColumns)
    .from(products)
    .innerJoin(productTexts, textsIn(locale))
    .where(inArray(products.id, ranked.map((match) => match.id)));
  const byId = new Map(rows.map((row) => [row.id, toSummary(row)]));
  return ranked.flatMap((match) => {
    const product = byId.get(match.id);
    return product ? [{ product, reason: matchReason(match.alike) }] : [];
  });
}

/** Saved photos live under this prefix, without an extension: the public /media route never serves them. */
const savedPhotoPrefix = "image-searches/";

/**
 * Saves a member's search: the photo (already re-encoded) in R2, then the row. One logical step: when the
 * row cannot be written, the photo is deleted again, so nothing is kept that the member cannot see.
 */
export async function saveImageSearch(db: Db, bucket: R2Bucket, input: { memberId: string; photo: Uint8Array; features: ImageFeatures; now?: Date }): Promise<string> {
  const id = newId("isr");
  const imageKey = `${savedPhotoPrefix}${newId("img").slice(4)}`;
  await bucket.put(imageKey, input.photo, { httpMetadata: { contentType: "image/webp" } });
  try {
    await db.insert(savedImageSearches).values({ id, memberId: input.memberId, imageKey, ...input.features, createdAt: input.now ?? new Date() });
  } catch (error) {
    await bucket.delete(imageKey);
    throw error;
  }
  return id;
}

/** The member's saved searches, newest first. */
export function savedImageSearchesOf(db: Db, memberId: string) {
  return db
    .select({ id: savedImageSearches.id, createdAt: savedImageSearches.createdAt })
    .from(savedImageSearches)
    .where(eq(savedImageSearches.memberId, memberId))
    .orderBy(desc(savedImageSearches.createdAt), desc(savedImageSearches.id));
}

/** One saved search of this member (another member's id answers like an unknown one). */
export async function findImageSearch(db: Db, memberId: string, id: string) {
  const [row] = await db
    .select()
    .from(savedImageSearches)
    .where(and(eq(savedImageSearches.id, id), eq(savedImageSearches.memberId, memberId)))
    .limit(1);
  return row ?? null;
}

/** Deletes a saved search: the photo first, then the row (an interrupted delete leaves a search to delete again, never a lost photo). */
export async function deleteImageSearch(db: Db, bucket: R2Bucket, memberId: string, id: string): Promise<boolean> {
  const found = await findImageSearch(db, memberId, id);
  if (!found) return false;
  await bucket.delete(found.imageKey);
  await db.delete(savedImageSearches).where(and(eq(savedImageSearches.id, id), eq(savedImageSearches.memberId, memberId)));
  return true;
}
