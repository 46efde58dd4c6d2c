/**
 * Asking to close the account, and changing one's mind: two dates on the member row. The erasure itself
 * is `./erasure.ts`, run by the minute cron once the grace period is over.
 */
import { and, count, eq, inArray, isNotNull } from "drizzle-orm";
import { members, orders, type OrderStatus } from "../../../db/schema/index.ts";
import type { Db } from "../../lib/db.ts";

/** How long a member has to change their mind after asking to close the account (the one place it is set). */
export const closingGraceMs = 7 * 86_400_000;

/**
 * Orders still on their way: erasing their delivery details would stop the parcel, so erasure waits for
 * them to be delivered or cancelled (an unpaid order is cancelled within 30 minutes anyway).
 */
export const openOrderStatuses = ["pending_payment", "paid", "shipped"] as const satisfies readonly OrderStatus[];

/** When the member's account is set to be erased, or null when it is not. */
export async function closingDueAt(db: Db, memberId: string): Promise<Date | null> {
  const [row] = await db.select({ due: members.closingDueAt }).from(members).where(eq(members.id, memberId)).limit(1);
  return row?.due ?? null;
}

/** How many of the member's orders are still on their way. */
export async function openOrderCount(db: Db, memberId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(orders)
    .where(and(eq(orders.memberId, memberId), inArray(orders.status, [...openOrderStatuses])));
  return row?.n ?? 0;
}

/** Sets the account to be erased after the grace period (to batch with the notice and the sessions ended). */
export function scheduleClosing(db: Db, memberId: string, now: number) {
  return db
    .update(members)
    .set({ closingRequestedAt: new Date(now), closingDueAt: new Date(now + closingGraceMs) })
    .where(eq(members.id, memberId));
}

/** Keeps the account: the request is forgotten. False when nothing was scheduled. */
export async function cancelClosing(db: Db, memberId: string): Promise<boolean> {
  const changed = await db
    .update(members)
    .set({ closingRequestedAt: null, closingDueAt: null })
    .where(and(eq(members.id, memberId), isNotNull(members.closingDueAt)))
    .returning({ id: members.id });
  return changed.length > 0;
}
