import { prunePageVersions } from "../../middleware/page-cache.ts";
import { recomputeAllLevels } from "../levels/queries.ts";

/** Delivered orders the member did not confirm complete by themselves this long after delivery. */
export const autoCompleteDays = 7;
/** The nightly trigger in wrangler.toml (03:17 in China); every other trigger runs the minute jobs. */
export const nightlyCron = "17 19 * * *";

/** Orders delivered long enough ago complete (the member did not object), recording who moved them. */
export async function completeDeliveredOrders(d1: D1Database, now = Date.now()): Promise<number> {
  const before = now - autoCompleteDays * 86_400_000;
  const [completed] = await d1.batch([
    d1.prepare("INSERT INTO order_events (order_id, status, actor, at) SELECT id, 'completed', 'system', ?1 FROM orders WHERE status = 'delivered' AND delivered_at <= ?2").bind(now, before),
    d1.prepare("UPDATE orders SET status = 'completed', completed_at = ?1 WHERE status = 'delivered' AND delivered_at <= ?2").bind(now, before),
  ]);
  return completed?.meta.changes ?? 0;
}

/**
 * The nightly cron: delivered orders complete after a week, then every level is recomputed (orders
 * completed today count, orders older than 12 months stop counting); old page versions are pruned.
 */
export async function runNightlyJobs(env: Env, now = Date.now()): Promise<void> {
  await completeDeliveredOrders(env.DB, now);
  await recomputeAllLevels(env.DB, now);
  await prunePageVersions(env.DB, now);
}
