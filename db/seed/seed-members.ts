/**
 * Demo accounts, one per role, listed in the README. Idempotent: a member whose phone is already
 * registered is left alone (its password is hashed only when it is created), and the demo shows are
 * given to the host once.
 */
import { and, eq, inArray, isNull } from "drizzle-orm";
import { defaultAvatarSvg } from "../../worker/features/accounts/avatar.ts";
import { nicknameKey } from "../../worker/features/accounts/nickname.ts";
import { hashPassword } from "../../worker/features/accounts/password-hash.ts";
import { normalizePassword } from "../../worker/features/accounts/password-policy.ts";
import { findMemberByPhone, linkSubject, memberInsert, phoneHash } from "../../worker/features/accounts/queries.ts";
import type { Db } from "../../worker/lib/db.ts";
import { stableId } from "../../worker/lib/ids.ts";
import { liveShows, members, type MemberRole } from "../schema/index.ts";
import { seedShows } from "./catalog-data.ts";

export type DemoMember = { role: MemberRole; nickname: string; phone: string; national: string; password: string };

/** The README lists these; tests and benchmarks sign in with them. */
export const demoMembers: DemoMember[] = [
  { role: "shopper", nickname: "Mei", phone: "+8613800138001", national: "138 0013 8001", password: "blue-teapot-morning-walk" },
  { role: "host", nickname: "Master Lin", phone: "+8613800138002", national: "138 0013 8002", password: "oolong-steam-kiln-fire" },
  { role: "staff", nickname: "Lantern Support", phone: "+8613800138003", national: "138 0013 8003", password: "ledger-cart-parcel-desk" },
  { role: "admin", nickname: "Lantern Admin", phone: "+8613800138004", national: "138 0013 8004", password: "quiet-harbor-lamp-keeper" },
];

/** Every demo member's year and month of birth: an adult's. */
export const demoBirthMonth = "1990-05";

export async function seedMembers(db: Db, bucket: R2Bucket, fieldKey: string): Promise<{ created: number }> {
  let created = 0;
  const ids = new Map<MemberRole, string>();
  for (const demo of demoMembers) {
    const id = await stableId("mbr", demo.phone);
    // Already there: by its stable id, or (if someone registered the number by hand) by the phone.
    const [seeded] = await db.select({ id: members.id }).from(members).where(eq(members.id, id));
    const existing = seeded ?? (await findMemberByPhone(db, await phoneHash(fieldKey, demo.phone)));
    if (existing) {
      ids.set(demo.role, existing.id);
      continue;
    }
    const subjectId = await stableId("sub", demo.phone);
    const avatarKey = `avatars/${(await stableId("avt", demo.phone)).slice(4)}.svg`;
    await bucket.put(avatarKey, defaultAvatarSvg(demo.nickname, id), {
      httpMetadata: { contentType: "image/svg+xml", cacheControl: "public, max-age=31536000, immutable" },
    });
    const insert = await memberInsert(db, fieldKey, {
      id,
      e164: demo.phone,
      nickname: demo.nickname,
      nicknameKey: nicknameKey(demo.nickname),
      passwordHash: await hashPassword(normalizePassword(demo.password)),
      role: demo.role,
      avatarKey,
      locale: "en",
      subjectId,
      // Grown-ups: the demo accounts need no guardian's consent (policy §9).
      birthMonth: demoBirthMonth,
    });
    await db.batch([insert.statement, linkSubject(db, id, subjectId)]);
    ids.set(demo.role, id);
    created++;
  }
  const host = ids.get("host");
  if (host) {
    const showIds = await Promise.all(seedShows.map((show) => stableId("shw", show.slug)));
    await db.update(liveShows).set({ hostMemberId: host }).where(and(inArray(liveShows.id, showIds), isNull(liveShows.hostMemberId)));
  }
  return { created };
}
