/**
 * The consent ledger: appending records to the hash chain and checking it. Each record's hash covers
 * its fields and the previous record's hash. Appends race safely: the database refuses a second
 * record at the same chain position (primary key on `seq`, unique `prev_hash`) and the loser retries
 * on the new head.
 */
import { asc, desc, eq, gt } from "drizzle-orm";
import { consentRecords, consentTexts, type ConsentEvent, type ConsentSource, type ContentLocale } from "../../../db/schema/index.ts";
import type { Db } from "../../lib/db.ts";
import { sha256Hex } from "../../lib/hash.ts";
import { newId } from "../../lib/ids.ts";

export const genesisHash = "0".repeat(64);

export type ConsentRecordInput = {
  subjectId: string;
  event: ConsentEvent;
  categories: Record<string, boolean>;
  jurisdiction: string;
  legalBasis: string;
  policyVersion: number;
  policyHash: string;
  /** The text shown (banner or settings), stored once per hash. */
  shown: { hash: string; text: string };
  locale: ContentLocale;
  source: ConsentSource;
  createdAt: number;
  retainUntil: number;
};

export type ConsentRecord = typeof consentRecords.$inferSelect;

type Unhashed = Omit<ConsentRecord, "hash">;

/** The exact string a record's hash is computed from: fixed field order, categories sorted. */
export function canonicalRecord(record: Unhashed): string {
  const categories = Object.fromEntries(Object.entries(record.categories).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify([
    record.seq,
    record.id,
    record.subjectId,
    record.event,
    categories,
    record.jurisdiction,
    record.legalBasis,
    record.policyVersion,
    record.policyHash,
    record.textHash,
    record.locale,
    record.source,
    record.createdAt.getTime(),
    record.retainUntil.getTime(),
    record.prevHash,
  ]);
}

export const recordHash = (record: Unhashed) => sha256Hex(canonicalRecord(record));

function isChainConflict(error: unknown): boolean {
  const text = String(error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : error);
  return /UNIQUE constraint failed: consent_records\.(seq|prev_hash)|PRIMARY KEY/i.test(text);
}

/** Appends records, in order, at the head of the chain; retries when another append got there first. */
export async function appendConsentRecords(db: Db, inputs: ConsentRecordInput[], attempts = 40): Promise<ConsentRecord[]> {
  for (let attempt = 1; ; attempt++) {
    const [head] = await db
      .select({ seq: consentRecords.seq, hash: consentRecords.hash })
      .from(consentRecords)
      .orderBy(desc(consentRecords.seq))
      .limit(1);
    let seq = head?.seq ?? 0;
    let prevHash = head?.hash ?? genesisHash;
    const records: ConsentRecord[] = [];
    for (const input of inputs) {
      seq += 1;
      const unhashed: Unhashed = {
        seq,
        id: newId("cnr"),
        subjectId: input.subjectId,
        event: input.event,
        categories: input.categories,
        jurisdiction: input.jurisdiction,
        legalBasis: input.legalBasis,
        policyVersion: input.policyVersion,
        policyHash: input.policyHash,
        textHash: input.shown.hash,
        locale: input.locale,
        source: input.source,
        createdAt: new Date(input.createdAt),
        retainUntil: new Date(input.retainUntil),
        prevHash,
      };
      const record = { ...unhashed, hash: await recordHash(unhashed) };
      records.push(record);
      prevHash = record.hash;
    }
    const texts = [...new Map(inputs.map((input) => [input.shown.hash, input])).values()].map((input) =>
      db
        .insert(consentTexts)
        .values({ hash: input.shown.hash, locale: input.locale, source: input.source, text: input.shown.text, firstShownAt: new Date(input.createdAt) })
        .onConflictDoNothing(),
    );
    try {
      const [first, ...rest] = [...texts, ...records.map((record) => db.insert(consentRecords).values(record))];
      if (first) await db.batch([first, ...rest]);
      return records;
    } catch (error) {
      if (attempt >= attempts || !isChainConflict(error)) throw error;
      // Someone else appended first: back off a little (randomised, so contenders spread out) and retry.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * Math.min(attempt, 10)));
    }
  }
}

export async function listSubjectRecords(db: Db, subjectId: string): Promise<ConsentRecord[]> {
  return db.select().from(consentRecords).where(eq(consentRecords.subjectId, subjectId)).orderBy(asc(consentRecords.seq));
}

export async function lastSubjectRecord(db: Db, subjectId: string): Promise<ConsentRecord | null> {
  const [last] = await db.select().from(consentRecords).where(eq(consentRecords.subjectId, subjectId)).orderBy(desc(consentRecords.seq)).limit(1);
  return last ?? null;
}

export type ChainCheck = { ok: true; records: number } | { ok: false; seq: number; problem: string };

/**
 * Re-computes every hash and link of the chain. The oldest remaining record anchors the chain (older
 * ones may have been deleted when their retention ended); after it, any edit, insertion or deletion
 * shows as a broken hash or link.
 */
export async function verifyConsentChain(db: Db, pageSize = 500): Promise<ChainCheck> {
  let previous = null as { seq: number; hash: string } | null;
  let count = 0;
  for (;;) {
    const page = await db
      .select()
      .from(consentRecords)
      .where(gt(consentRecords.seq, previous?.seq ?? 0))
      .orderBy(asc(consentRecords.seq))
      .limit(pageSize);
    for (const record of page) {
      const { hash, ...unhashed } = record;
      if (previous && record.seq !== previous.seq + 1) return { ok: false, seq: record.seq, problem: `record ${previous.seq + 1} is missing` };
      if (previous && record.prevHash !== previous.hash) return { ok: false, seq: record.seq, problem: "does not link to the record before it" };
      if ((await recordHash(unhashed)) !== hash) return { ok: false, seq: record.seq, problem: "its content does not match its hash" };
      previous = { seq: record.seq, hash };
      count++;
    }
    if (page.length < pageSize) return { ok: true, records: count };
  }
}
