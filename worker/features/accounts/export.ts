/**
 * The accounts feature's parts of a member's data export: the profile (contact details decrypted: they
 * are the member's own; the picture as a file), signed-in browsers, one-time codes asked for and the
 * history (products, categories, shows and orders).
 * Credentials are left out: the password hash, session token hashes and code hashes are security
 * material, not information about the person, and would only help someone who got hold of the archive.
 */
import { asc, eq } from "drizzle-orm";
import { members, oneTimeCodes, sessions } from "../../../db/schema/index.ts";
import { decryptField } from "../../lib/field-crypto.ts";
import { archivedPath, storedBytes, type Exporter } from "../data-export/exporter.ts";
import { historyItems } from "./history.ts";
import { emailContext, phoneContext } from "./queries.ts";

/** The member's picture in the archive: `avatar.webp` or `avatar.svg`, as stored. */
const avatarFile = (avatarKey: string) => `avatar.${avatarKey.split(".").pop()}`;

export const profileExporter: Exporter = {
  name: "profile",
  async export(db, env, member) {
    const [row] = await db.select().from(members).where(eq(members.id, member.id)).limit(1);
    if (!row) return null;
    return {
      nickname: row.nickname,
      phone: await decryptField(env.FIELD_KEY, row.phoneEnc, phoneContext(row.id)),
      email: row.emailEnc ? await decryptField(env.FIELD_KEY, row.emailEnc, emailContext(row.id)) : null,
      emailVerifiedAt: row.emailVerifiedAt,
      avatar: (await env.MEDIA.head(row.avatarKey)) ? archivedPath(avatarFile(row.avatarKey)) : null,
      role: row.role,
      locale: row.locale,
      noticeChannel: row.noticeChannel,
      keepHistory: row.keepHistory,
      keepSearchHistory: row.keepSearchHistory,
      searchHistoryOnDevice: row.searchHistoryOnDevice,
      shoppingReminders: row.shoppingReminders,
      birthMonth: row.birthMonth,
      guardian: row.guardian,
      consentSubjectId: row.subjectId,
      createdAt: row.createdAt,
      passwordChangedAt: row.passwordChangedAt,
      closingRequestedAt: row.closingRequestedAt,
      closingDueAt: row.closingDueAt,
    };
  },
  async files(db, env, member) {
    const [row] = await db.select({ avatarKey: members.avatarKey }).from(members).where(eq(members.id, member.id)).limit(1);
    const picture = row ? await storedBytes(env.MEDIA, row.avatarKey) : null;
    return row && picture ? [{ name: avatarFile(row.avatarKey), data: picture }] : [];
  },
};

export const sessionsExporter: Exporter = {
  name: "sessions",
  export: (db, _env, member) =>
    db
      .select({ device: sessions.device, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt })
      .from(sessions)
      .where(eq(sessions.memberId, member.id))
      .orderBy(asc(sessions.createdAt)),
};

/** Codes are kept for an hour past their expiry; the code itself never was. */
export const codesExporter: Exporter = {
  name: "codes",
  export: (db, _env, member) =>
    db
      .select({
        purpose: oneTimeCodes.purpose,
        sentTo: oneTimeCodes.maskedTarget,
        createdAt: oneTimeCodes.createdAt,
        expiresAt: oneTimeCodes.expiresAt,
        usedAt: oneTimeCodes.consumedAt,
        attempts: oneTimeCodes.attempts,
      })
      .from(oneTimeCodes)
      .where(eq(oneTimeCodes.memberId, member.id))
      .orderBy(asc(oneTimeCodes.createdAt)),
};

/** Everything in the member's history, oldest first, with titles in their language (the page shows the newest 200). */
export const historyExporter: Exporter = {
  name: "history",
  async export(db, _env, member) {
    const items = await historyItems(db, member.id, member.locale);
    return items.reverse().map(({ kind, title, link, at }) => ({ kind, title, link, at }));
  },
};
