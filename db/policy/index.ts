import type { PolicyDraft } from "./types.ts";
import { v1 } from "./v1.ts";
import { v2 } from "./v2.ts";
import { v3 } from "./v3.ts";

/**
 * Every version of the privacy policy, oldest first. To change the policy, add a new file (never edit a
 * published one) and run `npm run policy:publish`.
 */
export const policyDrafts: PolicyDraft[] = [v1, v2, v3];
