import { lte, or } from "drizzle-orm";
import { oneTimeCodes, sessions, signInFailures } from "../../../db/schema/index.ts";
import { database } from "../../lib/db.ts";
import { sessionIdleMs } from "../accounts/sessions.ts";
import { eraseDueAccounts } from "../account-closing/erasure.ts";
import { remindCarts } from "../cart/reminders.ts";
import { deleteExpiredExports } from "../data-export/queue.ts";
import { releaseLapsedHolds } from "../live/selling.ts";
import { cancelUnpaidOrders } from "../orders/queries.ts";
import { dispatch, fanOutPolicyNotices, overdueMessageIds } from "./outbox.ts";

/**
 * The minute cron: policy notices fanned out to members, overdue outbox messages queued again, and
 * unpaid orders past their deadline cancelled (their stock goes back), accounts past their closing
 * grace period erased, expired data exports deleted, expired codes, sessions and
 * sign-in back-offs removed (nothing is kept longer than it is useful);
 * then cart reminders (last, so a failure there holds nothing else up).
 */
export async function runMinuteJobs(env: Env, now = Date.now()): Promise<void> {
  const db = database(env.DB);
  await dispatch(env.OUTBOX_QUEUE, [...(await fanOutPolicyNotices(db, now)), ...(await overdueMessageIds(db, now))]);
  await releaseLapsedHolds(env.DB, now);
  await cancelUnpaidOrders(env.DB, now);
  await eraseDueAccounts(env, now);
  await deleteExpiredExports(env, now);
  await db.batch([
    db.delete(oneTimeCodes).where(lte(oneTimeCodes.expiresAt, new Date(now - 3_600_000))),
    db.delete(sessions).where(or(lte(sessions.expiresAt, new Date(now)), lte(sessions.lastSeenAt, new Date(now - sessionIdleMs)))),
    db.delete(signInFailures).where(lte(signInFailures.lastFailedAt, new Date(now - 86_400_000))),
  ]);
  await remindCarts(env, now);
}
