import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { policyDrafts } from "../../db/policy/index.ts";
import { textOf, Visitor } from "./support.ts";

describe("a fresh deployment", () => {
  it("publishes the authored privacy policy on its first request", async () => {
    const before = await env.DB.prepare("SELECT count(*) AS n FROM policy_versions").first<{ n: number }>();
    expect(before?.n).toBe(0);
    const response = await new Visitor().get("/privacy");
    expect(response.status).toBe(200);
    expect(textOf(await response.text())).toContain(`Version ${policyDrafts.at(-1)!.version}, in effect since`);
    const versions = (await env.DB.prepare("SELECT version FROM policy_versions ORDER BY version").all<{ version: number }>()).results;
    expect(versions.map((v) => v.version)).toEqual(policyDrafts.map((d) => d.version));
  });
});
