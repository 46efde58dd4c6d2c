import { and, eq, inArray, ne } from "drizzle-orm";
import { members, memberSubjects, type ContentLocale, type GuardianState, type MemberRole } from "../../../db/schema/index.ts";
import { databaseError, type Db } from "../../lib/db.ts";
import { decryptField, encryptField, lookupHash } from "../../lib/field-crypto.ts";

/** Keyed lookup hashes: the same value always finds the same row, and the hash reveals nothing without the key. */
export const phoneHash = (fieldKey: string, e164: string) => lookupHash(fieldKey, "phone", e164);
export const emailHash = (fieldKey: string, email: string) => lookupHash(fieldKey, "email", email);

/** Encryption contexts tie each ciphertext to its column and row, so one cannot be moved to another. */
export const phoneContext = (memberId: string) => `members.phone:${memberId}`;
export const emailContext = (memberId: string) => `members.email:${memberId}`;

export async function findMemberByPhone(db: Db, hash: string) {
  const [row] = await db
    .select({ id: members.id, nickname: members.nickname, passwordHash: members.passwordHash, subjectId: members.subjectId, locale: members.locale })
    .from(members)
    .where(eq(members.phoneHash, hash))
    .limit(1);
  return row ?? null;
}

/** Whether `key` is someone else's nickname key. */
export async function nicknameTaken(db: Db, key: string, exceptMemberId?: string): Promise<boolean> {
  const [row] = await db
    .select({ id: members.id })
    .from(members)
    .where(exceptMemberId ? and(eq(members.nicknameKey, key), ne(members.id, exceptMemberId)) : eq(members.nicknameKey, key))
    .limit(1);
  return row !== undefined;
}

/** Nickname keys of the shop's hosts, staff and admins: names nobody else may pass for. */
export async function staffNicknameKeys(db: Db): Promise<string[]> {
  const rows = await db.select({ key: members.nicknameKey }).from(members).where(inArray(members.role, ["host", "staff", "admin"]));
  return rows.map((row) => row.key);
}

export type NewMember = {
  id: string;
  e164: string;
  nickname: string;
  nicknameKey: string;
  passwordHash: string;
  role?: MemberRole;
  avatarKey: string;
  locale: ContentLocale;
  subjectId: string;
  /** "YYYY-MM"; absent for accounts made without the question (demo data from before it). */
  birthMonth?: string | null;
  guardian?: GuardianState;
};

/**
 * The insert for a new member (phone encrypted, found by its keyed hash), to run or batch. Wrapped in an
 * object: an async function returning the query itself would run it (drizzle queries are thenables).
 */
export async function memberInsert(db: Db, fieldKey: string, member: NewMember, now = Date.now()) {
  const statement = db.insert(members).values({
    id: member.id,
    phoneHash: await phoneHash(fieldKey, member.e164),
    phoneEnc: await encryptField(fieldKey, member.e164, phoneContext(member.id)),
    nickname: member.nickname,
    nicknameKey: member.nicknameKey,
    passwordHash: member.passwordHash,
    role: member.role ?? "shopper",
    avatarKey: member.avatarKey,
    locale: member.locale,
    subjectId: member.subjectId,
    birthMonth: member.birthMonth ?? null,
    guardian: member.guardian ?? "not_needed",
    createdAt: new Date(now),
    passwordChangedAt: new Date(now),
  });
  return { statement };
}

/** Everything the account page shows, contact details decrypted for masking. */
export async function getProfile(db: Db, fieldKey: string, memberId: string) {
  const [row] = await db.select().from(members).where(eq(members.id, memberId)).limit(1);
  if (!row) return null;
  return {
    id: row.id,
    nickname: row.nickname,
    role: row.role,
    avatarKey: row.avatarKey,
    phone: await decryptField(fieldKey, row.phoneEnc, phoneContext(row.id)),
    email: row.emailEnc ? await decryptField(fieldKey, row.emailEnc, emailContext(row.id)) : null,
    emailVerified: row.emailVerifiedAt !== null,
    noticeChannel: row.noticeChannel,
    createdAt: row.createdAt,
    passwordChangedAt: row.passwordChangedAt,
    subjectId: row.subjectId,
    passwordHash: row.passwordHash,
    /** Where the member stands with guardian consent (worker/features/guardians). */
    guardian: row.guardian,
    /** Set while the account is set to be erased (worker/features/account-closing). */
    closingDueAt: row.closingDueAt,
  };
}
export type Profile = NonNullable<Awaited<ReturnType<typeof getProfile>>>;

/** Files a device's consent subject id under the member, so its records show in their privacy centre. */
export function linkSubject(db: Db, memberId: string, subjectId: string, now = Date.now()) {
  return db.insert(memberSubjects).values({ memberId, subjectId, linkedAt: new Date(now) }).onConflictDoNothing();
}

/** Every subject id the member's consent records are filed under: their own and their devices'. */
export async function memberSubjectIds(db: Db, memberId: string): Promise<string[]> {
  const rows = await db
    .select({ subjectId: memberSubjects.subjectId })
    .from(memberSubjects)
    .where(eq(memberSubjects.memberId, memberId))
    .union(db.select({ subjectId: members.subjectId }).from(members).where(eq(members.id, memberId)));
  return rows.map((row) => row.subjectId);
}

export function updateMember(db: Db, memberId: string, changes: Partial<typeof members.$inferInsert>) {
  return db.update(members).set(changes).where(eq(members.id, memberId));
}

/** True when a unique constraint refused the write (a nickname or phone taken in the meantime). */
export function isUniqueViolation(error: unknown): boolean {
  return /UNIQUE constraint failed/i.test(databaseError(error));
}

export const uniqueColumn = (error: unknown) => databaseError(error).match(/UNIQUE constraint failed: members\.(\w+)/)?.[1] ?? null;
