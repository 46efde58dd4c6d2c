/**
 * Consent rules by the request's country (the Workers `cf.country`). Where the country is missing or
 * unknown the strictest rules apply. Opt-in regimes (EU/EEA, UK, China, default) run nothing
 * non-essential before a choice. Elsewhere (opt-out regimes) cookieless, aggregated counting may run
 * until the visitor refuses, but every cookie still waits for an explicit yes: the shop's policy
 * promises that no non-essential cookie is set without consent, anywhere.
 */
export type Regime = "opt-in" | "opt-out";

export type Jurisdiction = {
  /** ISO 3166-1 alpha-2 code, or "unknown". */
  country: string;
  /** The rule set applied, recorded with every consent event. */
  zone: "EU/EEA" | "UK" | "CN" | "US-CA" | "other" | "unknown";
  regime: Regime;
  /** The legal basis the shop relies on for optional categories, as written into consent records. */
  legalBasis: string;
  /** How long a choice stays valid before the visitor is asked again. */
  consentValidDays: number;
  /**
   * How long a consent record is kept as proof: the same everywhere (the longest limitation period we
   * answer to), so the ledger can be pruned oldest-first without breaking its hash chain.
   */
  recordRetentionDays: number;
};

/** Five years: the longest period in which a consent may have to be proved. */
export const recordRetentionDays = 5 * 365;

const eea = new Set(
  "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO".split(" "),
);

export function jurisdictionOf(country: string | null | undefined, region?: string | null): Jurisdiction {
  const code = typeof country === "string" && /^[A-Z]{2}$/.test(country) && country !== "XX" && country !== "T1" ? country : null;
  if (code === null) {
    return {
      country: "unknown",
      zone: "unknown",
      regime: "opt-in",
      legalBasis: "consent (country unknown: strictest rules applied)",
      consentValidDays: 180,
      recordRetentionDays: recordRetentionDays,
    };
  }
  if (eea.has(code)) {
    return { country: code, zone: "EU/EEA", regime: "opt-in", legalBasis: "consent (GDPR art. 6(1)(a); ePrivacy art. 5(3))", consentValidDays: 180, recordRetentionDays: recordRetentionDays };
  }
  if (code === "GB") {
    return { country: code, zone: "UK", regime: "opt-in", legalBasis: "consent (UK GDPR art. 6(1)(a); PECR reg. 6)", consentValidDays: 180, recordRetentionDays: recordRetentionDays };
  }
  if (code === "CN") {
    return { country: code, zone: "CN", regime: "opt-in", legalBasis: "consent (PIPL art. 13(1), art. 14)", consentValidDays: 365, recordRetentionDays: recordRetentionDays };
  }
  if (code === "US" && region === "California") {
    return { country: code, zone: "US-CA", regime: "opt-out", legalBasis: "notice with opt-out (CCPA/CPRA); cookies by consent", consentValidDays: 365, recordRetentionDays: recordRetentionDays };
  }
  return { country: code, zone: "other", regime: "opt-out", legalBasis: "notice with opt-out; cookies by consent", consentValidDays: 365, recordRetentionDays: recordRetentionDays };
}
