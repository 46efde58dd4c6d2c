import type { Verifier } from "./verifier.ts";

/**
 * A deterministic stand-in for a verification provider, for development and tests. The form has
 * already checked the number's format and check digit; the sandbox then decides by the number's
 * sequence code (its 15th–17th digits), whatever the name:
 * - `000` → mismatch (name and number do not belong together), e.g. `110101199003070003`;
 * - `999` → unavailable (the provider could not answer), e.g. `110101199003079999`;
 * - anything else → verified, e.g. `11010119900307803X`, `440304198512010027`.
 */
export const sandboxVerifier: Verifier = {
  name: "sandbox",
  async verify({ idNumber }) {
    const sequence = idNumber.slice(14, 17);
    if (sequence === "000") return { ok: false, reason: "mismatch" };
    if (sequence === "999") return { ok: false, reason: "unavailable" };
    return { ok: true };
  },
};

/** The documented test ids (README, docs/decisions.md). */
export const sandboxTestIds = { verified: "11010119900307803X", mismatch: "110101199003070003", unavailable: "110101199003079999" } as const;
