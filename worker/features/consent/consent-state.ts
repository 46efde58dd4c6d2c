/**
 * What a visitor has agreed to, and what that allows on this request. Pure: the middleware feeds it the
 * verified consent cookie, the request's signals and the published policy versions.
 */
import * as v from "valibot";
import { cookieCategories, optionalCategoriesInUse, type CookieCategory, type OptionalCategory } from "./cookie-registry.ts";
import type { Jurisdiction } from "./jurisdiction.ts";

/** The signed `consent` cookie's payload. Short keys: it travels with every request. */
export const consentCookiePayload = v.object({
  /** Pseudonymous subject id the consent records are filed under. */
  sid: v.pipe(v.string(), v.regex(/^sub_[0-9a-z]{16}$/)),
  /** Policy version the choice was made under. */
  v: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** Optional category → granted. */
  c: v.object({ functional: v.boolean(), analytics: v.boolean(), personalization: v.boolean() }),
  /** Granted while the browser sent GPC, after the page said so: the explicit choice wins. */
  g: v.boolean(),
  /** When the choice was made (ms). */
  at: v.pipe(v.number(), v.integer()),
  /** Latest policy version whose change notice the visitor has seen. */
  n: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** Set once the expiry of this choice has been recorded, so it is recorded only once. */
  e: v.optional(v.boolean()),
});
export type ConsentChoice = v.InferOutput<typeof consentCookiePayload>;

export type PolicyVersionInfo = {
  version: number;
  materiality: "material" | "editorial";
  effectiveAt: Date;
  summary: Record<string, string>;
  cookieCategories: string[];
};

export type DecisionReason =
  | "necessary"
  | "choice" // the visitor's own choice
  | "gpc" // refused because the browser sends Global Privacy Control
  | "pending" // opt-in regime, no valid choice yet
  | "opt-out-default"; // opt-out regime, no choice: cookieless processing only

export type Decision = {
  /** The category's processing may run (cookieless, aggregated). */
  allowed: boolean;
  /** The category's cookies and storage keys may be set. Only ever after an explicit yes. */
  storage: boolean;
  reason: DecisionReason;
};

export type ConsentStatus =
  | "none" // never chose on this device
  | "current" // a valid choice for the current policy
  | "reconsent" // chose, but a material change (or new category) since needs a new answer
  | "expired"; // chose, but longer ago than the jurisdiction's validity period

export type ConsentState = {
  jurisdiction: Jurisdiction;
  gpc: boolean;
  /** The stored choice, when the cookie verified (even if it now needs renewing). */
  choice: ConsentChoice | null;
  status: ConsentStatus;
  /** The current policy version (latest already effective). */
  policyVersion: number;
  decisions: Record<CookieCategory, Decision>;
  /** Versions published after the last one the visitor saw, for the change notice. */
  unseenChanges: PolicyVersionInfo[];
};

export const gpcCategories: readonly OptionalCategory[] = ["analytics", "personalization"];
/** Categories whose processing can run without storing anything on the device (aggregated counting). */
export const cookielessCategories: readonly OptionalCategory[] = ["analytics"];

/** The policy version in force at `now`: the latest whose effective date has come. */
export function currentVersion(versions: PolicyVersionInfo[], now: number): PolicyVersionInfo | null {
  return versions.filter((version) => version.effectiveAt.getTime() <= now).at(-1) ?? null;
}

export function consentStatus(choice: ConsentChoice | null, versions: PolicyVersionInfo[], jurisdiction: Jurisdiction, now: number): ConsentStatus {
  if (!choice) return "none";
  if (now - choice.at > jurisdiction.consentValidDays * 86_400_000) return "expired";
  const chosenUnder = versions.find((version) => version.version === choice.v);
  const since = versions.filter((version) => version.version > choice.v && version.effectiveAt.getTime() <= now);
  const newCategory = since.some((version) => version.cookieCategories.some((category) => !chosenUnder?.cookieCategories.includes(category)));
  if (since.some((version) => version.materiality === "material") || newCategory) return "reconsent";
  return "current";
}

export function decide(input: {
  choice: ConsentChoice | null;
  status: ConsentStatus;
  gpc: boolean;
  jurisdiction: Jurisdiction;
}): Record<CookieCategory, Decision> {
  const valid = input.status === "current" ? input.choice : null;
  const decisions = { necessary: { allowed: true, storage: true, reason: "necessary" } } as Record<CookieCategory, Decision>;
  for (const category of cookieCategories) {
    if (category === "necessary") continue;
    const gpcApplies = input.gpc && gpcCategories.includes(category);
    if (valid) {
      const granted = valid.c[category] && (!gpcApplies || valid.g);
      decisions[category] = { allowed: granted, storage: granted, reason: valid.c[category] && !granted ? "gpc" : "choice" };
    } else if (gpcApplies) {
      decisions[category] = { allowed: false, storage: false, reason: "gpc" };
    } else if (input.jurisdiction.regime === "opt-out" && cookielessCategories.includes(category)) {
      decisions[category] = { allowed: true, storage: false, reason: "opt-out-default" };
    } else {
      decisions[category] = { allowed: false, storage: false, reason: "pending" };
    }
  }
  return decisions;
}

/** Optional categories the visitor still has to be asked about (GPC already answered some). */
export function categoriesToAsk(state: Pick<ConsentState, "gpc">): OptionalCategory[] {
  return optionalCategoriesInUse().filter((category) => !(state.gpc && gpcCategories.includes(category)));
}

/** The banner asks when there is no valid choice and something is left to ask. */
export function needsBanner(state: ConsentState): boolean {
  return state.status !== "current" && categoriesToAsk(state).length > 0;
}

export function buildConsentState(input: {
  choice: ConsentChoice | null;
  gpc: boolean;
  jurisdiction: Jurisdiction;
  versions: PolicyVersionInfo[];
  now: number;
}): ConsentState {
  const current = currentVersion(input.versions, input.now);
  const status = consentStatus(input.choice, input.versions, input.jurisdiction, input.now);
  const seen = input.choice?.n ?? current?.version ?? 0;
  return {
    jurisdiction: input.jurisdiction,
    gpc: input.gpc,
    choice: input.choice,
    status,
    policyVersion: current?.version ?? 0,
    decisions: decide({ choice: input.choice, status, gpc: input.gpc, jurisdiction: input.jurisdiction }),
    unseenChanges: input.choice
      ? input.versions.filter((version) => version.version > seen && version.effectiveAt.getTime() <= input.now)
      : [],
  };
}
