import type { Materiality } from "../schema/privacy.ts";

/** A policy version as authored in this folder; `publishPolicy` turns it into immutable rows. */
export type PolicyDraft = {
  version: number;
  /** ISO date-time from which the version applies. */
  effectiveAt: string;
  materiality: Materiality;
  /** What changed, in a sentence or two per language. */
  summary: { en: string; "zh-CN": string };
  /** Full text per language; `{{cookie-table}}` is replaced with the table generated from the cookie registry. */
  texts: { en: string; "zh-CN": string };
  /**
   * The cookies and storage keys this version describes, by registry name. The newest version must list
   * exactly the registry's entries (a unit test checks it), so a new cookie needs a new policy version.
   */
  cookies: string[];
};
