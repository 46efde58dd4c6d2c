/**
 * Identity verification in a member's data export: why and when it was done and by which verifier; the
 * real name and ID number masked as pages show them (an archive travels further than a page does).
 */
import { maskIdNumber, maskName } from "../../lib/masking.ts";
import type { Exporter } from "../data-export/exporter.ts";
import { memberIdentity } from "./queries.ts";

export const identityExporter: Exporter = {
  name: "identityVerification",
  async export(db, env, member) {
    const identity = await memberIdentity(db, env.FIELD_KEY, member.id);
    if (!identity) return null;
    return {
      realName: maskName(identity.realName),
      idNumber: maskIdNumber(identity.idNumber),
      reason: identity.reason,
      verifier: identity.verifier,
      verifiedAt: identity.verifiedAt,
    };
  },
};
