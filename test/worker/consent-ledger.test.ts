import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { policyDrafts } from "../../db/policy/index.ts";
import { appendConsentRecords, genesisHash, verifyConsentChain } from "../../worker/features/consent/consent-ledger.ts";
import { publishPolicies } from "../../worker/features/privacy/publish-policy.ts";
import { database } from "../../worker/lib/db.ts";
import { ledgerInput } from "./support.ts";

const db = () => database(env.DB);

beforeAll(async () => {
  await publishPolicies(db(), policyDrafts);
});

describe("consent ledger", () => {
  it("chains each record to the one before it", async () => {
    const [first, second] = await appendConsentRecords(db(), [await ledgerInput("sub_aaaaaaaaaaaaaaaa"), await ledgerInput("sub_aaaaaaaaaaaaaaaa", "changed")]);
    expect(first!.prevHash).toBe(genesisHash);
    expect(second!.prevHash).toBe(first!.hash);
    expect(second!.seq).toBe(first!.seq + 1);
    expect(await verifyConsentChain(db())).toEqual({ ok: true, records: 2 });
  });

  it("stays one unbroken chain under concurrent appends", async () => {
    const subjects = Array.from({ length: 16 }, (_, i) => `sub_${String(i).padStart(16, "c")}`);
    await Promise.all(subjects.map(async (subject) => appendConsentRecords(db(), [await ledgerInput(subject)])));
    const check = await verifyConsentChain(db());
    expect(check).toEqual({ ok: true, records: expect.any(Number) });
    const rows = (await env.DB.prepare("SELECT seq, prev_hash FROM consent_records ORDER BY seq").all<{ seq: number; prev_hash: string }>()).results;
    expect(rows.map((row) => row.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(new Set(rows.map((row) => row.prev_hash)).size).toBe(rows.length);
    for (const subject of subjects) {
      expect((await env.DB.prepare("SELECT count(*) AS n FROM consent_records WHERE subject_id = ?").bind(subject).first<{ n: number }>())?.n).toBe(1);
    }
  });

  it("is append-only: the database refuses edits, and early deletes", async () => {
    await appendConsentRecords(db(), [await ledgerInput("sub_bbbbbbbbbbbbbbbb")]);
    await expect(env.DB.prepare("UPDATE consent_records SET event = 'refused' WHERE subject_id = 'sub_bbbbbbbbbbbbbbbb'").run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare("DELETE FROM consent_records WHERE subject_id = 'sub_bbbbbbbbbbbbbbbb'").run()).rejects.toThrow(/retention/);
    await expect(env.DB.prepare("DELETE FROM consent_records WHERE seq = (SELECT min(seq) FROM consent_records)").run()).rejects.toThrow(/retention/);
  });

  it("detects tampering: an edited record, a removed record", async () => {
    expect((await verifyConsentChain(db())).ok).toBe(true);
    // Someone with raw database access removes the guards and rewrites history.
    await env.DB.exec("DROP TRIGGER consent_records_no_update");
    await env.DB.exec("DROP TRIGGER consent_records_prune_oldest_first");
    const { seq } = (await env.DB.prepare("SELECT seq FROM consent_records WHERE subject_id = 'sub_bbbbbbbbbbbbbbbb'").first<{ seq: number }>())!;
    await env.DB.prepare(`UPDATE consent_records SET categories = '{"necessary":true,"functional":true,"analytics":true,"personalization":true}' WHERE seq = ?`).bind(seq).run();
    expect(await verifyConsentChain(db())).toEqual({ ok: false, seq, problem: "its content does not match its hash" });

    await env.DB.prepare("UPDATE consent_records SET categories = ? WHERE seq = ?").bind('{"necessary":true,"analytics":true,"personalization":false}', seq).run();
    expect((await verifyConsentChain(db())).ok).toBe(true);
    const middle = 3;
    await env.DB.prepare("DELETE FROM consent_records WHERE seq = ?").bind(middle).run();
    expect(await verifyConsentChain(db())).toEqual({ ok: false, seq: middle + 1, problem: `record ${middle} is missing` });
  });
});
