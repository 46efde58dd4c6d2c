import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { roomTicket } from "../../party/protocol.ts";
import { signToken, verifyToken } from "../../worker/lib/signed-token.ts";

const secret = "unit-test-secret-0123456789abcdef";
const ticket = { room: "shw_abc", sub: "vwr_123", role: "viewer" as const };

describe("signed tokens", () => {
  it("round-trips a payload that fits the schema", async () => {
    const token = await signToken(secret, ticket, 60);
    expect(await verifyToken(secret, token, roomTicket)).toEqual(ticket);
  });

  it("rejects a tampered payload, a wrong secret and garbage", async () => {
    const token = await signToken(secret, ticket, 60);
    const [body, signature] = token.split(".");
    const forged = btoa(JSON.stringify({ ...ticket, role: "host", exp: 9999999999 })).replace(/=+$/, "");
    expect(await verifyToken(secret, `${forged}.${signature}`, roomTicket)).toBeNull();
    expect(await verifyToken("another-secret-0123456789abcdef", token, roomTicket)).toBeNull();
    expect(await verifyToken(secret, `${body}`, roomTicket)).toBeNull();
    expect(await verifyToken(secret, `${token}.extra`, roomTicket)).toBeNull();
    expect(await verifyToken(secret, "%%%.###", roomTicket)).toBeNull();
  });

  it("rejects an expired token", async () => {
    const issued = Date.now() - 120_000;
    const token = await signToken(secret, ticket, 60, issued);
    expect(await verifyToken(secret, token, roomTicket)).toBeNull();
    expect(await verifyToken(secret, token, roomTicket, issued + 59_000)).not.toBeNull();
  });

  it("rejects a genuine token whose payload does not fit the schema", async () => {
    const token = await signToken(secret, { room: "shw_abc" }, 60);
    expect(await verifyToken(secret, token, roomTicket)).toBeNull();
    expect(await verifyToken(secret, token, v.object({ room: v.string() }))).toEqual({ room: "shw_abc" });
  });
});

describe("signing secrets", () => {
  it("refuse a missing or placeholder-short secret with a clear error", async () => {
    await expect(signToken("", ticket, 60)).rejects.toThrow(/secret is missing or shorter/);
    await expect(verifyToken("short", await signToken(secret, ticket, 60), roomTicket)).rejects.toThrow(/secret is missing or shorter/);
  });
});
