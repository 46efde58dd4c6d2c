import { asc } from "drizzle-orm";
import type { PolicyDraft } from "../../../db/policy/types.ts";
import { contentLocales, pendingNotices, policyTexts, policyVersions } from "../../../db/schema/index.ts";
import { translator, type Locale } from "../../i18n/index.ts";
import type { Db } from "../../lib/db.ts";
import { sha256Hex } from "../../lib/hash.ts";
import { newId } from "../../lib/ids.ts";
import { cookieCategories, registeredCookie } from "../consent/cookie-registry.ts";
import { invalidatePolicyCache } from "./queries.ts";

/** The policy's cookie section for the cookies a version describes, generated from the registry. */
export function cookieTableMarkdown(cookies: string[], locale: Locale): string {
  const t = translator(locale);
  const rows = cookies.map((name) => {
    const entry = registeredCookie(name);
    if (!entry) throw new PolicyPublishError(`The policy describes "${name}", which is not in the cookie registry.`);
    return `| ${entry.name} | ${t(`consent.category.${entry.category}.name`)} | ${entry.purpose[locale]} | ${entry.lifetime[locale]} |`;
  });
  return [
    `| ${t("settings.column.name")} | ${t("settings.column.category")} | ${t("settings.column.purpose")} | ${t("settings.column.lifetime")} |`,
    "| --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

export function policyContent(draft: PolicyDraft, locale: Locale): string {
  return draft.texts[locale].replace("{{cookie-table}}", cookieTableMarkdown(draft.cookies, locale));
}

/** Categories of the cookies a version describes, necessary first. */
export function draftCategories(draft: PolicyDraft): string[] {
  const used = new Set(draft.cookies.map((name) => registeredCookie(name)?.category));
  return cookieCategories.filter((category) => used.has(category));
}

/** Fingerprint of a draft as authored, independent of the registry's current wording. */
export function draftHash(draft: PolicyDraft): Promise<string> {
  const { version, effectiveAt, materiality, summary, texts, cookies } = draft;
  return sha256Hex(JSON.stringify({ version, effectiveAt, materiality, summary, texts, cookies }));
}

export class PolicyPublishError extends Error {}

/**
 * Publishes a policy version: its text per language (cookie section generated now from the registry),
 * content hashes, and a pending notice for members. Publishing the same draft again changes nothing; a
 * different draft under a published number, a skipped number, or a new cookie category in an
 * "editorial" change is refused.
 */
export async function publishPolicy(db: Db, draft: PolicyDraft, now = Date.now()): Promise<"published" | "unchanged"> {
  const sourceHash = await draftHash(draft);
  const versions = await fetchPolicyVersionsWithSource(db);
  const existing = versions.find((version) => version.version === draft.version);
  if (existing) {
    // Versions published before fingerprints existed ("") are taken as they are.
    if (existing.sourceHash === sourceHash || existing.sourceHash === "") return "unchanged";
    throw new PolicyPublishError(`Version ${draft.version} is already published with another text: publish a new version instead.`);
  }
  const previous = versions.at(-1);
  if (previous && draft.version !== previous.version + 1) {
    throw new PolicyPublishError(`The next version must be ${previous.version + 1}, not ${draft.version}.`);
  }
  const categories = draftCategories(draft);
  const newCategory = previous !== undefined && categories.some((category) => !previous.cookieCategories.includes(category));
  if (newCategory && draft.materiality !== "material") {
    throw new PolicyPublishError("A new cookie category asks everyone again: the change must be published as material.");
  }
  const texts = await Promise.all(
    contentLocales.map(async (locale) => {
      const content = policyContent(draft, locale);
      return { version: draft.version, locale, content, contentHash: await sha256Hex(content) };
    }),
  );
  await db.batch([
    db.insert(policyVersions).values({
      version: draft.version,
      effectiveAt: new Date(draft.effectiveAt),
      publishedAt: new Date(now),
      materiality: draft.materiality,
      summary: draft.summary,
      cookieCategories: categories,
      sourceHash,
    }),
    db.insert(policyTexts).values(texts),
    ...(previous ? [db.insert(pendingNotices).values({ id: newId("ntc"), version: draft.version, audience: "members", createdAt: new Date(now) })] : []),
  ]);
  invalidatePolicyCache();
  return "published";
}

function fetchPolicyVersionsWithSource(db: Db) {
  return db
    .select({ version: policyVersions.version, cookieCategories: policyVersions.cookieCategories, sourceHash: policyVersions.sourceHash })
    .from(policyVersions)
    .orderBy(asc(policyVersions.version));
}

/** Publishes, in order, every authored version not yet in the database (already published ones must match). */
export async function publishPolicies(db: Db, drafts: PolicyDraft[], now = Date.now()): Promise<number[]> {
  const published: number[] = [];
  for (const draft of drafts) if ((await publishPolicy(db, draft, now)) === "published") published.push(draft.version);
  return published;
}

/** When an isolate may next try to publish authored versions (0: not yet tried; Infinity: done). */
let nextAttempt = 0;

/** Whether this isolate still has to (try to) publish the authored versions. */
export const publishingDue = (now = Date.now()): boolean => now >= nextAttempt;

/**
 * The policy ships with the code that keeps it: each isolate, on its first request, publishes any
 * authored version the database lacks. Every request does its own work (no promise shared between
 * requests); a failure is logged, never fatal, and retried a minute later, while the shop keeps serving
 * under the versions already published.
 */
export async function ensurePolicyPublished(db: Db, drafts: PolicyDraft[], now = Date.now()): Promise<void> {
  if (!publishingDue(now)) return;
  try {
    const published = await publishPolicies(db, drafts, now);
    nextAttempt = Number.POSITIVE_INFINITY;
    if (published.length > 0) console.log(JSON.stringify({ event: "policy_published", versions: published }));
  } catch (error) {
    nextAttempt = now + 60_000;
    console.error(JSON.stringify({ event: "policy_publish_failed", error: error instanceof Error ? error.message : String(error) }));
  }
}
