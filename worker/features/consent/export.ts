/**
 * The consent part of a member's data export: every record filed under the member's subject ids (their
 * own and their devices'), each with its receipt fields (policy and text hashes, its place in the hash
 * chain) and the very text the person answered.
 */
import { asc, eq, inArray, or } from "drizzle-orm";
import { consentRecords, consentTexts, members, memberSubjects } from "../../../db/schema/index.ts";
import { memberSubjectIds } from "../accounts/queries.ts";
import type { Exporter } from "../data-export/exporter.ts";

export const consentExporter: Exporter = {
  name: "consent",
  async export(db, _env, member) {
    // Subqueries rather than a list of ids: a member may have signed in on many devices.
    const rows = await db
      .select({ record: consentRecords, textShown: consentTexts.text })
      .from(consentRecords)
      .leftJoin(consentTexts, eq(consentTexts.hash, consentRecords.textHash))
      .where(
        or(
          inArray(consentRecords.subjectId, db.select({ id: memberSubjects.subjectId }).from(memberSubjects).where(eq(memberSubjects.memberId, member.id))),
          inArray(consentRecords.subjectId, db.select({ id: members.subjectId }).from(members).where(eq(members.id, member.id))),
        ),
      )
      .orderBy(asc(consentRecords.seq));
    return {
      subjectIds: await memberSubjectIds(db, member.id),
      chain: "Each record's hash is SHA-256 over its fields and the previous record's hash (prevHash).",
      records: rows.map(({ record, textShown }) => ({ ...record, textShown })),
    };
  },
};
