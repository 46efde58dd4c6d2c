/** Erases the accounts whose grace period is over (minute cron; filled in with the erasure feature). */
export async function eraseDueAccounts(_env: Env, _now = Date.now()): Promise<void> {}
