import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { policyDrafts } from "../../db/policy/index.ts";
import { demoMembers } from "../../db/seed/seed-members.ts";
import { channelAdapters } from "../../worker/features/outbox/adapters.ts";
import { deliver, maxDeliveryAttempts, outboxInsert, outboxRows, type ChannelAdapter } from "../../worker/features/outbox/outbox.ts";
import { runMinuteJobs } from "../../worker/features/outbox/scheduled.ts";
import { publishPolicy } from "../../worker/features/privacy/publish-policy.ts";
import { database } from "../../worker/lib/db.ts";
import worker from "../../worker/index.ts";
import { codeFor, seedDemoShop, textOf, Visitor } from "./support.ts";

beforeAll(async () => {
  await seedDemoShop({ members: true });
});

const db = () => database(env.DB);
const shopper = demoMembers.find((member) => member.role === "shopper")!;
const memberId = async (nickname: string) => (await env.DB.prepare("SELECT id FROM members WHERE nickname = ?").bind(nickname).first<{ id: string }>())!.id;
const inboxCount = async (id: string) => (await env.DB.prepare("SELECT count(*) AS n FROM dev_inbox WHERE id = ?").bind(id).first<{ n: number }>())!.n;

async function writeMessage(secret: Record<string, string>) {
  const message = await outboxInsert(db(), env.FIELD_KEY, {
    template: "code_sign_in",
    channel: "sms",
    locale: "en",
    memberId: await memberId("Mei"),
    secret,
  });
  await message.statement;
  return message.id;
}

describe("the outbox", () => {
  it("delivers a message once, however often the queue hands it over, and then forgets the code", async () => {
    const id = await writeMessage({ code: "424242" });
    const adapters = channelAdapters(env);
    expect((await deliver(db(), env.FIELD_KEY, adapters, id)).outcome).toBe("delivered");
    expect((await deliver(db(), env.FIELD_KEY, adapters, id)).outcome).toBe("skipped");

    // The queue redelivering the same message changes nothing either.
    const batch = createMessageBatch("live-shop-outbox", [
      { id: "m1", timestamp: new Date(), attempts: 2, body: { id } },
      { id: "m2", timestamp: new Date(), attempts: 1, body: { id } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks.sort()).toEqual(["m1", "m2"]);

    expect(await inboxCount(id)).toBe(1);
    const body = (await env.DB.prepare("SELECT body, recipient FROM dev_inbox WHERE id = ?").bind(id).first<{ body: string; recipient: string }>())!;
    expect(body.body).toContain("424242");
    expect(body.recipient).toBe(shopper.phone);
    const [row] = await outboxRows(db(), [id]);
    expect(row).toMatchObject({ status: "delivered", paramsEnc: null, attempts: 1 });
    // Nothing in the outbox row reveals the code or the number.
    expect(JSON.stringify(row)).not.toContain("424242");
    expect(JSON.stringify(row)).not.toContain(shopper.phone.slice(3));
  });

  it("retries a failed delivery with growing back-off, then keeps a dead letter without the secret", async () => {
    const id = await writeMessage({ code: "777777" });
    let calls = 0;
    const failing: ChannelAdapter = async () => {
      calls++;
      throw new Error("provider unavailable");
    };
    const adapters = { sms: failing, email: failing };
    let now = Date.now();
    const delays: number[] = [];
    for (let attempt = 1; attempt < maxDeliveryAttempts; attempt++) {
      const result = await deliver(db(), env.FIELD_KEY, adapters, id, now);
      expect(result.outcome).toBe("retry");
      if (result.outcome === "retry") delays.push(result.delaySeconds);
      // Not due yet: a redelivery before the back-off is over sends nothing.
      expect((await deliver(db(), env.FIELD_KEY, adapters, id, now + 500)).outcome).toBe("skipped");
      now += delays.at(-1)! * 1000;
    }
    expect(delays).toEqual([...delays].sort((a, b) => a - b));
    expect(delays.at(-1)!).toBeGreaterThan(delays[0]!);
    expect((await deliver(db(), env.FIELD_KEY, adapters, id, now)).outcome).toBe("dead");
    expect(calls).toBe(maxDeliveryAttempts);
    const [row] = await outboxRows(db(), [id]);
    expect(row).toMatchObject({ status: "dead", lastError: "provider unavailable", paramsEnc: null });
    expect((await deliver(db(), env.FIELD_KEY, channelAdapters(env), id, now + 10 ** 9)).outcome).toBe("skipped");
    expect(await inboxCount(id)).toBe(0);
  });

  it("tells every member about a new policy version once, on the channel they chose", async () => {
    const latest = policyDrafts.at(-1)!;
    const next = {
      ...latest,
      version: latest.version + 1,
      effectiveAt: new Date(Date.now() - 1000).toISOString(),
      materiality: "editorial" as const,
      summary: { en: "Clearer words about children.", "zh-CN": "关于未成年人的措辞更清楚。" },
      texts: { en: `${latest.texts.en}\n`, "zh-CN": `${latest.texts["zh-CN"]}\n` },
    };
    expect(await publishPolicy(db(), next)).toBe("published");
    await runMinuteJobs(env);
    await runMinuteJobs(env);
    const members = (await env.DB.prepare("SELECT count(*) AS n FROM members").first<{ n: number }>())!.n;
    const notices = (await env.DB.prepare("SELECT member_id FROM outbox WHERE template = 'policy_notice'").all<{ member_id: string }>()).results;
    expect(notices).toHaveLength(members);
    expect(new Set(notices.map((row) => row.member_id)).size).toBe(members);
    const text = await codeFor(shopper.phone, { containing: "privacy policy" });
    expect(text).toContain(`new version (${next.version})`);
    expect(text).toContain("Clearer words about children.");
  });
});

describe("the development inbox", () => {
  it("shows what was sent, and does not exist in production", async () => {
    await writeMessage({ code: "135790" }).then((id) => deliver(db(), env.FIELD_KEY, channelAdapters(env), id));
    const page = textOf(await (await new Visitor().get("/dev/outbox")).text());
    expect(page).toContain("135790");
    const production = await worker.fetch(
      new Request("https://shop.test/dev/outbox", { headers: { Accept: "text/html" } }),
      { ...env, APP_ENV: "production" },
      createExecutionContext(),
    );
    expect(production.status).toBe(404);
    expect(await production.text()).not.toContain("135790");
  });
});
