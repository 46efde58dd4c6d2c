import { describe, expect, it } from "vitest";
import { decryptField, encryptField, fieldKeyId, lookupHash, previousFieldKeys, sealedKeyId } from "../../worker/lib/field-crypto.ts";
import { sealedContext, sealedTables } from "../../worker/lib/field-rotation.ts";
import { maskIdNumber } from "../../worker/lib/masking.ts";

const oldKey = "an-old-field-key-from-last-year-0123456789";
const newKey = "a-new-field-key-for-this-year-9876543210";
const context = "identity_verifications.id_number:mbr_0123456789abcdef";

/** Flips one character of the ciphertext part, as someone editing the database would. */
function tamper(sealed: string): string {
  const [tag, iv, body] = sealed.split(".") as [string, string, string];
  const flipped = body.slice(0, 5) + (body[5] === "A" ? "B" : "A") + body.slice(6);
  return `${tag}.${iv}.${flipped}`;
}

describe("field encryption", () => {
  it("names the key beside each value, and the value decrypts only in its own row and column", async () => {
    const sealed = await encryptField(newKey, "11010119900307803X", context);
    const id = await fieldKeyId(newKey);
    expect(id).toMatch(/^[0-9a-f]{8}$/);
    expect(id).not.toBe(await fieldKeyId(oldKey));
    expect(sealed.startsWith(`k${id}.`)).toBe(true);
    expect(sealedKeyId(sealed)).toBe(id);
    expect(sealed).not.toContain("11010119900307803X");
    // A fresh IV each time: the same number sealed twice does not look the same.
    expect(await encryptField(newKey, "11010119900307803X", context)).not.toBe(sealed);
    expect(await decryptField(newKey, sealed, context, [])).toBe("11010119900307803X");
    await expect(decryptField(newKey, sealed, "identity_verifications.id_number:mbr_someoneelse00000", [])).rejects.toThrow(/altered or belongs to another row/);
    await expect(decryptField(newKey, tamper(sealed), context, [])).rejects.toThrow(/altered/);
    await expect(decryptField(newKey, "not-a-sealed-value", context, [])).rejects.toThrow(/not an encrypted field/);
  });

  it("reads values sealed with an old key during a rotation, and refuses them without it", async () => {
    const sealed = await encryptField(oldKey, "+8613800138001", "members.phone:mbr_1");
    await expect(decryptField(newKey, sealed, "members.phone:mbr_1", [])).rejects.toThrow(/neither FIELD_KEY nor in FIELD_KEY_PREVIOUS/);
    expect(await decryptField(newKey, sealed, "members.phone:mbr_1", previousFieldKeys(` ${oldKey} , another-retired-key-0000000000 `))).toBe("+8613800138001");
    // Rotated: sealed again under the new key, it needs no old key any more.
    const rotated = await encryptField(newKey, await decryptField(newKey, sealed, "members.phone:mbr_1", [oldKey]), "members.phone:mbr_1");
    expect(sealedKeyId(rotated)).toBe(await fieldKeyId(newKey));
    expect(await decryptField(newKey, rotated, "members.phone:mbr_1", [])).toBe("+8613800138001");
    await expect(decryptField(newKey, tamper(sealed), "members.phone:mbr_1", [oldKey])).rejects.toThrow(/altered/);
  });

  it("still reads first-format values (no key id) with whichever key wrote them", async () => {
    // The first format was the same cipher and key derivation under a "v1" tag.
    const legacy = (await encryptField(oldKey, "tea@example.com", "members.email:mbr_2")).replace(/^k[0-9a-f]{8}\./, "v1.");
    expect(sealedKeyId(legacy)).toBeNull();
    expect(await decryptField(oldKey, legacy, "members.email:mbr_2", [])).toBe("tea@example.com");
    expect(await decryptField(newKey, legacy, "members.email:mbr_2", [oldKey])).toBe("tea@example.com");
    await expect(decryptField(newKey, legacy, "members.email:mbr_2", [])).rejects.toThrow(/altered/);
  });

  it("keys lookup hashes with the current key only", async () => {
    const before = await lookupHash(oldKey, "phone", "+8613800138001");
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(await lookupHash(oldKey, "phone", "+8613800138001")).toBe(before);
    expect(await lookupHash(newKey, "phone", "+8613800138001")).not.toBe(before);
    expect(await lookupHash(oldKey, "email", "+8613800138001")).not.toBe(before);
  });

  it("finds every encrypted column of the schema for the rotation, each bound to its row", () => {
    const columns = sealedTables().flatMap(({ table, primaryKey, columns }) => columns.map((column) => `${table}.${column} by ${primaryKey}`));
    expect(columns).toEqual(
      expect.arrayContaining([
        "members.phone_enc by id",
        "members.email_enc by id",
        "addresses.recipient_enc by id",
        "orders.customs_id_enc by id",
        "orders.invoice_taxpayer_enc by id",
        "outbox.params_enc by id",
        "one_time_codes.payload_enc by id",
        "guardian_consents.guardian_phone_enc by id",
        "identity_verifications.real_name_enc by member_id",
        "identity_verifications.id_number_enc by member_id",
      ]),
    );
    expect(sealedContext("orders", "customs_id_enc", "ord_1")).toBe("orders.customs_id:ord_1");
  });
});

describe("masking an ID number", () => {
  it("shows only the first and last characters, keeping the length", () => {
    expect(maskIdNumber("11010119900307803X")).toBe("1****************X");
    expect(maskIdNumber("310104197912310008")).toBe("3****************8");
    expect(maskIdNumber("abc")).toBe("***");
  });
});
