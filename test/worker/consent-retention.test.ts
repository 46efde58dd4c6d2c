import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { policyDrafts } from "../../db/policy/index.ts";
import { appendConsentRecords, verifyConsentChain } from "../../worker/features/consent/consent-ledger.ts";
import { publishPolicies } from "../../worker/features/privacy/publish-policy.ts";
import { database } from "../../worker/lib/db.ts";
import { ledgerInput } from "./support.ts";

const db = () => database(env.DB);

beforeAll(async () => {
  await publishPolicies(db(), policyDrafts);
});

describe("consent ledger retention", () => {
  it("can be pruned once retention is over, oldest first, and still verifies", async () => {
    const past = await ledgerInput("sub_pppppppppppppppp");
    const expired = { ...past, createdAt: Date.now() - 10_000, retainUntil: Date.now() - 1_000 };
    await appendConsentRecords(db(), [expired, expired, await ledgerInput("sub_pppppppppppppppp", "changed")]);
    await expect(env.DB.prepare("DELETE FROM consent_records WHERE seq = 2").run()).rejects.toThrow(/oldest first/);
    await env.DB.prepare("DELETE FROM consent_records WHERE seq = 1").run();
    await env.DB.prepare("DELETE FROM consent_records WHERE seq = 2").run();
    expect(await verifyConsentChain(db())).toEqual({ ok: true, records: 1 });
    await expect(env.DB.prepare("DELETE FROM consent_records WHERE seq = 3").run()).rejects.toThrow(/retention/);
  });
});
