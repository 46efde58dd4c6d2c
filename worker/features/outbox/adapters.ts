/**
 * Channel adapters: where SMS and email messages go. In development and tests both deliver into the dev
 * inbox (a table read by /dev/outbox); in production they post to the provider's webhook set in the
 * `NOTIFY_WEBHOOK_URL` / `NOTIFY_WEBHOOK_TOKEN` secrets, with the outbox id as idempotency key.
 */
import { devInbox, type NoticeChannel } from "../../../db/schema/index.ts";
import { database } from "../../lib/db.ts";
import type { ChannelAdapter } from "./outbox.ts";

export const isProduction = (env: Env) => env.APP_ENV === "production";

/** Delivers into the dev inbox; the outbox id is the row's key, so a repeated delivery stores nothing new. */
function devInboxAdapter(env: Env): ChannelAdapter {
  return async (delivery) => {
    const body = delivery.channel === "email" ? `${delivery.subject}\n\n${delivery.body}` : delivery.body;
    await database(env.DB)
      .insert(devInbox)
      .values({ id: delivery.id, channel: delivery.channel, recipient: delivery.to, body, deliveredAt: new Date() })
      .onConflictDoNothing();
  };
}

function webhookAdapter(env: Env): ChannelAdapter {
  const settings = env as unknown as { NOTIFY_WEBHOOK_URL?: string; NOTIFY_WEBHOOK_TOKEN?: string };
  return async (delivery) => {
    if (!settings.NOTIFY_WEBHOOK_URL) throw new Error("no notification provider is configured (NOTIFY_WEBHOOK_URL)");
    const response = await fetch(settings.NOTIFY_WEBHOOK_URL, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "idempotency-key": delivery.id,
        ...(settings.NOTIFY_WEBHOOK_TOKEN ? { authorization: `Bearer ${settings.NOTIFY_WEBHOOK_TOKEN}` } : {}),
      },
      body: JSON.stringify(delivery),
    });
    if (!response.ok) throw new Error(`provider answered ${response.status}`);
  };
}

export function channelAdapters(env: Env): Record<NoticeChannel, ChannelAdapter> {
  const adapter = isProduction(env) ? webhookAdapter(env) : devInboxAdapter(env);
  return { sms: adapter, email: adapter };
}
