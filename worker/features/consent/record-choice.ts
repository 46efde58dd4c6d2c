/**
 * Turning a visitor's decision into proof and effect: consent records appended to the ledger, the
 * signed consent cookie, and the request's consent state updated so the enforcement pass on this very
 * response already applies it.
 */
import type { Context } from "hono";
import type { ConsentEvent, ConsentSource } from "../../../db/schema/index.ts";
import type { AppEnv } from "../../app-env.ts";
import { database } from "../../lib/db.ts";
import { sha256Hex } from "../../lib/hash.ts";
import { idFromBytes, newId } from "../../lib/ids.ts";
import { hmac, signToken } from "../../lib/signed-token.ts";
import { getPolicyText, listPolicyVersions } from "../privacy/queries.ts";
import { appendConsentRecords, lastSubjectRecord, type ConsentRecordInput } from "./consent-ledger.ts";
import { buildConsentState, gpcCategories, type ConsentChoice, type ConsentState } from "./consent-state.ts";
import { optionalCategoriesInUse, registeredCookie, type OptionalCategory } from "./cookie-registry.ts";
import { setRegisteredCookie } from "./cookie-jar.ts";

const day = 86_400_000;

export type Choices = Record<OptionalCategory, boolean>;

/** What kind of event a new choice is, given what (if anything) was agreed before. */
export function eventFor(previous: Choices | null, next: Choices): ConsentEvent {
  const anyGranted = Object.values(next).some(Boolean);
  if (!previous) return anyGranted ? "given" : "refused";
  if (!anyGranted) return Object.values(previous).some(Boolean) ? "withdrawn" : "refused";
  return "changed";
}

function recordBase(c: Context<AppEnv>, state: ConsentState, policyHash: string, now: number) {
  return {
    jurisdiction: `${state.jurisdiction.country} (${state.jurisdiction.zone}, ${state.jurisdiction.regime})`,
    legalBasis: state.jurisdiction.legalBasis,
    policyVersion: state.policyVersion,
    policyHash,
    locale: c.get("locale"),
    createdAt: now,
    retainUntil: now + state.jurisdiction.recordRetentionDays * day,
  };
}

async function currentPolicyHash(c: Context<AppEnv>, state: ConsentState): Promise<string> {
  const text = await getPolicyText(database(c.env.DB), state.policyVersion, c.get("locale"));
  if (!text) throw new Error(`policy version ${state.policyVersion} has no ${c.get("locale")} text`);
  return text.contentHash;
}

async function writeConsentCookie(c: Context<AppEnv>, choice: ConsentChoice): Promise<void> {
  const lifetime = registeredCookie("consent")!.maxAgeSeconds!;
  setRegisteredCookie(c, "consent", await signToken(c.env.COOKIE_SECRET, choice, lifetime));
}

/** Category → granted, for the categories in use (necessary always true): what a record stores. */
function recordedCategories(choices: Choices): Record<string, boolean> {
  return { necessary: true, ...Object.fromEntries(optionalCategoriesInUse().map((category) => [category, choices[category]])) };
}

/**
 * What a consent form offers before a first choice: a random offer, unsigned and cheap enough for every
 * page (a cached page gets one per visitor). The subject id is made from it when the form is posted, as
 * its keyed hash (`subjectOf`): a double submission of a first choice files under one id, and nobody can
 * choose an id, their own or anyone else's.
 */
export const offerSubject = (): string => newId("offer");

const subjectOffer = /^offer_[0-9a-z]{16}$/;

/** The subject id an offer stands for; anything that is not an offer gets a subject of its own. */
export async function subjectOf(secret: string, offer: string | undefined): Promise<string> {
  return offer && subjectOffer.test(offer) ? idFromBytes("sub", await hmac(secret, `consent-subject:${offer}`)) : newId("sub");
}

/**
 * Saves a decision taken on `source` after seeing the text `shown`: appends the record(s), writes the
 * cookie and updates `c.get("consent")`. With GPC on, categories it covers stay refused unless
 * `gpcOverride` (the person confirmed after being told they override their browser's signal).
 */
export async function saveChoice(
  c: Context<AppEnv>,
  input: {
    requested: Choices;
    source: Extract<ConsentSource, "banner" | "settings">;
    shown: { hash: string; text: string };
    gpcOverride: boolean;
    /** The subject offer the form carried (`offerSubject`), used when the visitor has no subject yet. */
    offered?: string;
  },
): Promise<ConsentRecordInput[]> {
  const state = c.get("consent");
  const now = Date.now();
  const gpcRefuses = state.gpc && !input.gpcOverride;
  const choices = { ...input.requested };
  if (gpcRefuses) for (const category of gpcCategories) choices[category] = false;
  // After an expiry or a material change the person starts afresh: their answer is a new consent.
  const previous = state.status === "current" ? (state.choice?.c ?? null) : null;
  const base = recordBase(c, state, await currentPolicyHash(c, state), now);
  const subjectId = state.choice?.sid ?? (await subjectOf(c.env.COOKIE_SECRET, input.offered));
  const categories = recordedCategories(choices);
  const records: ConsentRecordInput[] = [
    { ...base, subjectId, event: eventFor(previous, choices), categories, source: input.source, shown: input.shown },
  ];
  // GPC answered for the visitor: say so in the ledger on their first choice, or when they asked for what it refuses.
  if (gpcRefuses && (!state.choice || gpcCategories.some((category) => input.requested[category]))) {
    const text = c.get("t")("consent.gpc.honoured");
    records.push({ ...base, subjectId, event: "gpc_applied", categories, source: "gpc", shown: { hash: await sha256Hex(text), text } });
  }
  await appendConsentRecords(database(c.env.DB), records);
  const choice: ConsentChoice = { sid: subjectId, v: state.policyVersion, c: choices, g: state.gpc && input.gpcOverride, at: now, n: state.policyVersion };
  await writeConsentCookie(c, choice);
  c.set(
    "consent",
    buildConsentState({ choice, gpc: state.gpc, jurisdiction: state.jurisdiction, versions: await listPolicyVersions(database(c.env.DB), now), now }),
  );
  return records;
}

/** Marks the policy changes announced so far as seen (editorial changes need no new answer). */
export async function markNoticeSeen(c: Context<AppEnv>): Promise<void> {
  const state = c.get("consent");
  if (!state.choice) return;
  await writeConsentCookie(c, { ...state.choice, n: state.policyVersion });
}

/**
 * A consent ran out: records it once (the cookie is re-signed with a marker, and the ledger's last
 * entry for the person is checked) and leaves the person to choose again.
 */
export async function noteExpiry(c: Context<AppEnv>, state: ConsentState): Promise<void> {
  if (!state.choice || state.choice.e) return;
  await writeConsentCookie(c, { ...state.choice, e: true });
  c.executionCtx.waitUntil(recordExpiry(c, state, state.choice.sid));
}

async function recordExpiry(c: Context<AppEnv>, state: ConsentState, subjectId: string): Promise<void> {
  const db = database(c.env.DB);
  if ((await lastSubjectRecord(db, subjectId))?.event === "expired") return;
  const now = Date.now();
  const text = `Consent older than ${state.jurisdiction.consentValidDays} days expired under the ${state.jurisdiction.zone} rules.`;
  await appendConsentRecords(db, [
    {
      ...recordBase(c, state, await currentPolicyHash(c, state), now),
      subjectId,
      event: "expired",
      categories: recordedCategories({ functional: false, analytics: false, personalization: false }),
      source: "system",
      shown: { hash: await sha256Hex(text), text },
    },
  ]);
}
