import { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { webhookSignatureHeader } from "../../lib/webhook-signature.ts";
import { maxWebhookBytes, receiveCarrierWebhook } from "./webhook.ts";

/** The carrier's tracking webhooks: JSON in, JSON out, authenticated by signature only (no session). */
export const deliveryRoutes = new Hono<AppEnv>().post("/webhooks/carrier", async (c) => {
  // Refuse an oversized body before reading it; the handler checks the length read as well.
  if (Number(c.req.header("Content-Length") ?? 0) > maxWebhookBytes) return c.json({ error: "too_large" }, 413);
  const answer = await receiveCarrierWebhook(c.env, c.req.header(webhookSignatureHeader), await c.req.text());
  c.header("Cache-Control", "no-store");
  return c.json(answer.body, answer.status);
});
