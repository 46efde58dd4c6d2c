/**
 * The export queue's consumer and the minute cron's clean-up. A message carries only an export's id;
 * the consumer builds the archive (retried with back-off on failure, then the request is marked failed
 * so the page says so and the member may ask again at once), and the cron deletes archives whose week
 * is over, from R2 first and then from D1, so nothing is left behind if either step fails.
 */
import * as v from "valibot";
import { database } from "../../lib/db.ts";
import { fulfilExport } from "./build-archive.ts";
import { deleteExportRows, lapsedExports, markFailed } from "./queries.ts";

export const exportJob = v.object({ id: v.pipe(v.string(), v.regex(/^exp_[0-9a-z]{16}$/)) });
export type ExportJob = v.InferOutput<typeof exportJob>;

/** Tries per export, within the queue's own `max_retries` (wrangler.toml), so the last failure is seen here. */
export const maxExportAttempts = 5;
const retryDelaySeconds = (attempts: number) => Math.min(300, 15 * 2 ** (attempts - 1));

/** Assembles requested data exports (queue `live-shop-exports`). */
export async function consumeExports(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    const job = v.safeParse(exportJob, message.body);
    if (!job.success) {
      console.warn(JSON.stringify({ event: "export_job_malformed" }));
      message.ack();
      continue;
    }
    try {
      await fulfilExport(env, job.output.id);
      message.ack();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const last = message.attempts >= maxExportAttempts;
      console.error(JSON.stringify({ event: "export_failed", export: job.output.id, attempts: message.attempts, final: last, error: reason }));
      if (last) {
        await markFailed(database(env.DB), job.output.id);
        message.ack();
      } else {
        message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      }
    }
  }
}

/** Archives deleted per minute: the cron runs again a minute later for any more. */
const deletionsPerRun = 50;

/** Deletes archives whose link has expired, and requests that never became ready within the same week. */
export async function deleteExpiredExports(env: Env, now = Date.now()): Promise<void> {
  const db = database(env.DB);
  const lapsed = await lapsedExports(db, now, deletionsPerRun);
  if (lapsed.length === 0) return;
  const keys = lapsed.flatMap((row) => (row.objectKey ? [row.objectKey] : []));
  if (keys.length) await env.MEDIA.delete(keys);
  await deleteExportRows(
    db,
    lapsed.map((row) => row.id),
  );
}
