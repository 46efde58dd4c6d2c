/** Assembles requested data exports (queue `live-shop-exports`; filled in with the export feature). */
export async function consumeExports(batch: MessageBatch<unknown>, _env: Env): Promise<void> {
  batch.ackAll();
}

/** Deletes archives whose link has expired (minute cron; filled in with the export feature). */
export async function deleteExpiredExports(_env: Env, _now = Date.now()): Promise<void> {}
