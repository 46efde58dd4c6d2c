import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhook, webhookToleranceSeconds } from "../../worker/lib/webhook-signature.ts";

const secret = "unit-test-webhook-secret-0123456789";
const body = JSON.stringify({ id: "evt_1", status: "delivered" });
const now = Date.UTC(2026, 4, 1, 12, 0, 0);

describe("signed webhooks", () => {
  it("accepts its own signature, in the documented format", async () => {
    const header = await signWebhook(secret, body, now);
    expect(header).toMatch(/^t=\d{10},v1=[0-9a-f]{64}$/);
    expect(await verifyWebhook(secret, header, body, now)).toBe(true);
  });

  it("refuses another body, another secret, and a missing or malformed header", async () => {
    const header = await signWebhook(secret, body, now);
    expect(await verifyWebhook(secret, header, `${body} `, now)).toBe(false);
    expect(await verifyWebhook("another-secret-of-enough-length", header, body, now)).toBe(false);
    for (const bad of [null, undefined, "", "t=abc,v1=00", `v1=${header.split("v1=")[1]}`, header.replace(/v1=.*/, "v1=xyz"), header.replace(/.$/, "")]) {
      expect(await verifyWebhook(secret, bad, body, now)).toBe(false);
    }
  });

  it("accepts a signature up to five minutes old or ahead, and no further", async () => {
    const edge = webhookToleranceSeconds * 1000;
    expect(await verifyWebhook(secret, await signWebhook(secret, body, now - edge), body, now)).toBe(true);
    expect(await verifyWebhook(secret, await signWebhook(secret, body, now + edge), body, now)).toBe(true);
    expect(await verifyWebhook(secret, await signWebhook(secret, body, now - edge - 1000), body, now)).toBe(false);
    expect(await verifyWebhook(secret, await signWebhook(secret, body, now + edge + 1000), body, now)).toBe(false);
  });

  it("accepts any of several v1 signatures (a sender rotating its secret)", async () => {
    const old = await signWebhook("the-previous-secret-0123456789", body, now);
    const current = await signWebhook(secret, body, now);
    expect(await verifyWebhook(secret, `${old},v1=${current.split("v1=")[1]}`, body, now)).toBe(true);
  });

  it("will not work with a missing or placeholder secret", async () => {
    await expect(signWebhook("", body, now)).rejects.toThrow(/secret/);
  });
});
