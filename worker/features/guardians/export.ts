/**
 * Guardian consent in a member's data export: each request, its status, dates and the policy version
 * the guardian read. The guardian's phone is another person's: masked.
 */
import { asc, eq } from "drizzle-orm";
import { guardianConsents } from "../../../db/schema/index.ts";
import { decryptField } from "../../lib/field-crypto.ts";
import { maskPhone } from "../accounts/phone.ts";
import type { Exporter } from "../data-export/exporter.ts";
import { guardianPhoneContext } from "./queries.ts";

export const guardianConsentsExporter: Exporter = {
  name: "guardianConsents",
  async export(db, env, member) {
    const rows = await db.select().from(guardianConsents).where(eq(guardianConsents.memberId, member.id)).orderBy(asc(guardianConsents.createdAt));
    return Promise.all(
      rows.map(async (row) => ({
        status: row.status,
        guardianPhone: maskPhone(await decryptField(env.FIELD_KEY, row.guardianPhoneEnc, guardianPhoneContext(row.id))),
        policyVersion: row.policyVersion,
        requestedAt: row.createdAt,
        expiresAt: row.expiresAt,
        decidedAt: row.decidedAt,
      })),
    );
  },
};
