import { eq } from "drizzle-orm";
import { identityVerifications, type VerificationReason } from "../../../db/schema/index.ts";
import type { Db } from "../../lib/db.ts";
import { decryptField, encryptField } from "../../lib/field-crypto.ts";
import { sealedContext } from "../../lib/field-rotation.ts";
import { maskIdNumber, maskName } from "../../lib/masking.ts";

const context = (column: "real_name_enc" | "id_number_enc", memberId: string) => sealedContext("identity_verifications", column, memberId);

export type Identity = { realName: string; idNumber: string; reason: VerificationReason; verifier: string; verifiedAt: Date };
/** What any page shows of an identity: masked, never the values themselves. */
export type ShownIdentity = { realName: string; idNumber: string; reason: VerificationReason; verifiedAt: Date };

/** The member's verified identity, decrypted (for copying the number onto a cross-border order). */
export async function memberIdentity(db: Db, fieldKey: string, memberId: string): Promise<Identity | null> {
  const [row] = await db.select().from(identityVerifications).where(eq(identityVerifications.memberId, memberId)).limit(1);
  if (!row) return null;
  return {
    realName: await decryptField(fieldKey, row.realNameEnc, context("real_name_enc", memberId)),
    idNumber: await decryptField(fieldKey, row.idNumberEnc, context("id_number_enc", memberId)),
    reason: row.reason,
    verifier: row.verifier,
    verifiedAt: row.verifiedAt,
  };
}

/** The member's identity as pages show it: masked name and number. */
export async function shownIdentity(db: Db, fieldKey: string, memberId: string): Promise<ShownIdentity | null> {
  const identity = await memberIdentity(db, fieldKey, memberId);
  return identity && { realName: maskName(identity.realName), idNumber: maskIdNumber(identity.idNumber), reason: identity.reason, verifiedAt: identity.verifiedAt };
}

/** Whether the member has a verified identity on file (no decryption). */
export async function isVerified(db: Db, memberId: string): Promise<boolean> {
  const [row] = await db.select({ at: identityVerifications.verifiedAt }).from(identityVerifications).where(eq(identityVerifications.memberId, memberId)).limit(1);
  return row !== undefined;
}

/**
 * Records a verification, encrypted. Verifying again (new details) replaces name, number and verifier
 * but keeps the reason it was first asked for.
 */
export async function saveIdentity(db: Db, fieldKey: string, memberId: string, identity: Omit<Identity, "verifiedAt">, now = Date.now()): Promise<void> {
  const sealed = {
    realNameEnc: await encryptField(fieldKey, identity.realName, context("real_name_enc", memberId)),
    idNumberEnc: await encryptField(fieldKey, identity.idNumber, context("id_number_enc", memberId)),
    verifier: identity.verifier,
    verifiedAt: new Date(now),
  };
  await db
    .insert(identityVerifications)
    .values({ memberId, reason: identity.reason, ...sealed })
    .onConflictDoUpdate({ target: identityVerifications.memberId, set: sealed });
}

/** Deletes the member's identity details; false when there were none. */
export async function deleteIdentity(db: Db, memberId: string): Promise<boolean> {
  const deleted = await db.delete(identityVerifications).where(eq(identityVerifications.memberId, memberId)).returning({ memberId: identityVerifications.memberId });
  return deleted.length > 0;
}
