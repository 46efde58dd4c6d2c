import { describe, expect, it } from "vitest";
import {
  currentParams,
  dummyVerify,
  hashPassword,
  hashPasswordWith,
  verifyPassword,
  type ScryptParams,
} from "../../worker/features/accounts/password-hash.ts";

// Cheap parameters keep the suite fast; one test still exercises the real ones end to end.
const weak: ScryptParams = { logN: 10, r: 8, p: 1 };
const password = "blue-teapot-morning-walk";

describe("password hashing", () => {
  it("verifies the password it hashed with the current parameters, and nothing else", async () => {
    const encoded = await hashPassword(password);
    expect(await verifyPassword(password, encoded)).toEqual({ ok: true, needsRehash: false });
    expect(await verifyPassword("blue-teapot-morning-walk!", encoded)).toEqual({ ok: false, needsRehash: false });
  });

  it("writes the parameters, a 16-byte salt and a 32-byte key into the encoded string", async () => {
    const encoded = await hashPassword(password);
    const { logN, r, p } = currentParams;
    const match = new RegExp(`^\\$scrypt\\$ln=${logN},r=${r},p=${p}\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)$`).exec(encoded);
    expect(match).not.toBeNull();
    expect(match?.[1]).toHaveLength(22); // 16 bytes, unpadded base64
    expect(match?.[2]).toHaveLength(43); // 32 bytes
  });

  it("rejects a wrong password", async () => {
    const encoded = await hashPasswordWith(password, weak);
    expect((await verifyPassword("blue-teapot-evening-walk", encoded)).ok).toBe(false);
    expect((await verifyPassword("", encoded)).ok).toBe(false);
  });

  it("salts every hash differently", async () => {
    const [first, second] = await Promise.all([hashPasswordWith(password, weak), hashPasswordWith(password, weak)]);
    expect(first).not.toBe(second);
    expect(first.split("$")[3]).not.toBe(second.split("$")[3]);
  });

  it("hashes the UTF-8 bytes, so non-ASCII passwords round-trip and differ from look-alikes", async () => {
    const encoded = await hashPasswordWith("蓝色茶壶-早晨散步", weak);
    expect((await verifyPassword("蓝色茶壶-早晨散步", encoded)).ok).toBe(true);
    expect((await verifyPassword("蓝色茶壶-早晨散歩", encoded)).ok).toBe(false);
  });

  it("accepts a hash made with weaker parameters and asks for it to be upgraded", async () => {
    const encoded = await hashPasswordWith(password, weak);
    expect(encoded.startsWith("$scrypt$ln=10,r=8,p=1$")).toBe(true);
    expect(await verifyPassword(password, encoded)).toEqual({ ok: true, needsRehash: true });
    // A wrong password never asks for a rehash: there is nothing to store.
    expect(await verifyPassword("wrong", encoded)).toEqual({ ok: false, needsRehash: false });
  });

  it("answers false, without throwing, for malformed or hostile encodings", async () => {
    const good = await hashPasswordWith(password, weak);
    const [, , , salt, key] = good.split("$");
    const malformed = [
      "",
      "not a hash",
      good.replace("$scrypt$", "$argon2id$"),
      good.slice(0, -1), // truncated key: a shorter scrypt output is a prefix of the full one
      `${good}$`,
      `$scrypt$ln=10,r=8$${salt}$${key}`,
      `$scrypt$ln=10,r=8,p=1$${salt}`,
      `$scrypt$ln=10,r=8,p=1$${salt}$${key}=`, // padding is not part of the format
      `$scrypt$ln=10,r=8,p=1$${salt}$${key?.replace(/.$/, "-")}`, // base64url is not base64
      `$scrypt$ln=10,r=8,p=1$$${key}`,
      `$scrypt$ln=10,r=8,p=1$AAAA$${key}`, // salt too short
      `$scrypt$ln=0,r=8,p=1$${salt}$${key}`,
      `$scrypt$ln=99,r=8,p=1$${salt}$${key}`, // would need far more memory than an isolate has
      `$scrypt$ln=20,r=32,p=1$${salt}$${key}`,
      `$scrypt$ln=10,r=8,p=99$${salt}$${key}`, // would pin a core
    ];
    for (const encoded of malformed) {
      expect(await verifyPassword(password, encoded), encoded).toEqual({ ok: false, needsRehash: false });
    }
  });

  it("runs a dummy verification for unknown accounts without failing", async () => {
    await expect(dummyVerify(password)).resolves.toBeUndefined();
  });
});
