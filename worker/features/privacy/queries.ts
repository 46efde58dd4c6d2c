import { and, asc, eq } from "drizzle-orm";
import { policyTexts, policyVersions, type ContentLocale } from "../../../db/schema/index.ts";
import type { Db } from "../../lib/db.ts";
import type { PolicyVersionInfo } from "../consent/consent-state.ts";

/**
 * Published versions change rarely and every request needs them (consent decisions depend on them), so
 * each isolate keeps them for a short while. Publishing from this isolate refreshes at once; elsewhere
 * a new version is seen within `cacheMs`.
 */
const cacheMs = 30_000;
let cached: { at: number; versions: PolicyVersionInfo[] } | null = null;

export function invalidatePolicyCache(): void {
  cached = null;
}

/** Every published version, oldest first, straight from the database. */
export function fetchPolicyVersions(db: Db): Promise<PolicyVersionInfo[]> {
  return db
    .select({
      version: policyVersions.version,
      materiality: policyVersions.materiality,
      effectiveAt: policyVersions.effectiveAt,
      summary: policyVersions.summary,
      cookieCategories: policyVersions.cookieCategories,
    })
    .from(policyVersions)
    .orderBy(asc(policyVersions.version));
}

/** The isolate's copy of the published versions while it is fresh, else null. */
export const cachedPolicyVersions = (now = Date.now()): PolicyVersionInfo[] | null =>
  cached && now - cached.at >= 0 && now - cached.at < cacheMs ? cached.versions : null;

/** Every published version, oldest first, through the isolate's short-lived cache. */
export async function listPolicyVersions(db: Db, now = Date.now()): Promise<PolicyVersionInfo[]> {
  const fresh = cachedPolicyVersions(now);
  if (fresh) return fresh;
  const versions = await fetchPolicyVersions(db);
  cached = { at: now, versions };
  return versions;
}

export async function getPolicyText(db: Db, version: number, locale: ContentLocale) {
  const [row] = await db
    .select({ content: policyTexts.content, contentHash: policyTexts.contentHash })
    .from(policyTexts)
    .where(and(eq(policyTexts.version, version), eq(policyTexts.locale, locale)))
    .limit(1);
  return row ?? null;
}
