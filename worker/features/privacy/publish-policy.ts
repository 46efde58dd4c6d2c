import { eq } from "drizzle-orm";
import type { PolicyDraft } from "../../../db/policy/types.ts";
import { contentLocales, pendingNotices, policyTexts, policyVersions } from "../../../db/schema/index.ts";
import { translator, type Locale } from "../../i18n/index.ts";
import type { Db } from "../../lib/db.ts";
import { sha256Hex } from "../../lib/hash.ts";
import { newId } from "../../lib/ids.ts";
import { categoriesInUse, cookieRegistry } from "../consent/cookie-registry.ts";
import { fetchPolicyVersions, invalidatePolicyCache } from "./queries.ts";

/** The policy's cookie section, generated from the cookie registry (never written by hand). */
export function cookieTableMarkdown(locale: Locale): string {
  const t = translator(locale);
  const rows = cookieRegistry.map(
    (entry) =>
      `| ${entry.name} | ${t(`consent.category.${entry.category}.name`)} | ${entry.purpose[locale]} | ${entry.lifetime[locale]} |`,
  );
  return [
    `| ${t("settings.column.name")} | ${t("settings.column.category")} | ${t("settings.column.purpose")} | ${t("settings.column.lifetime")} |`,
    "| --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

export function policyContent(draft: PolicyDraft, locale: Locale): string {
  return draft.texts[locale].replace("{{cookie-table}}", cookieTableMarkdown(locale));
}

export class PolicyPublishError extends Error {}

/**
 * Publishes a policy version: its text per language (cookie section generated now), content hashes,
 * and a pending notice for members. Idempotent for an identical text; a different text under an
 * existing version number, or a new cookie category in an "editorial" change, is refused.
 */
export async function publishPolicy(db: Db, draft: PolicyDraft, now = Date.now()): Promise<"published" | "unchanged"> {
  const texts = await Promise.all(
    contentLocales.map(async (locale) => {
      const content = policyContent(draft, locale);
      return { version: draft.version, locale, content, contentHash: await sha256Hex(content) };
    }),
  );
  const existing = await db.select().from(policyTexts).where(eq(policyTexts.version, draft.version));
  if (existing.length > 0) {
    const same = texts.every((text) => existing.some((row) => row.locale === text.locale && row.contentHash === text.contentHash));
    if (same) return "unchanged";
    throw new PolicyPublishError(`Version ${draft.version} is already published with another text: publish a new version instead.`);
  }
  const versions = await fetchPolicyVersions(db);
  const previous = versions.at(-1);
  if (previous && draft.version !== previous.version + 1) {
    throw new PolicyPublishError(`The next version must be ${previous.version + 1}, not ${draft.version}.`);
  }
  const categories = categoriesInUse();
  const newCategory = previous !== undefined && categories.some((category) => !previous.cookieCategories.includes(category));
  if (newCategory && draft.materiality !== "material") {
    throw new PolicyPublishError("A new cookie category asks everyone again: the change must be published as material.");
  }
  await db.batch([
    db.insert(policyVersions).values({
      version: draft.version,
      effectiveAt: new Date(draft.effectiveAt),
      publishedAt: new Date(now),
      materiality: draft.materiality,
      summary: draft.summary,
      cookieCategories: categories,
    }),
    db.insert(policyTexts).values(texts),
    ...(previous ? [db.insert(pendingNotices).values({ id: newId("ntc"), version: draft.version, audience: "members", createdAt: new Date(now) })] : []),
  ]);
  invalidatePolicyCache();
  return "published";
}

/** Publishes, in order, every authored version not yet in the database (already published ones must match). */
export async function publishPolicies(db: Db, drafts: PolicyDraft[], now = Date.now()): Promise<number[]> {
  const published: number[] = [];
  for (const draft of drafts) if ((await publishPolicy(db, draft, now)) === "published") published.push(draft.version);
  return published;
}

let ensured: Promise<void> | null = null;

/**
 * The policy ships with the code that keeps it: on the first request an isolate serves, any authored
 * version the database lacks is published (so the cookie section always matches the deployed registry).
 * A failure is logged, never fatal: the shop keeps serving under the versions already published.
 */
export function ensurePolicyPublished(db: Db, drafts: PolicyDraft[]): Promise<void> {
  ensured ??= publishPolicies(db, drafts).then(
    (published) => {
      if (published.length > 0) console.log(JSON.stringify({ event: "policy_published", versions: published }));
    },
    (error: unknown) => {
      ensured = null;
      console.error(JSON.stringify({ event: "policy_publish_failed", error: error instanceof Error ? error.message : String(error) }));
    },
  );
  return ensured;
}
