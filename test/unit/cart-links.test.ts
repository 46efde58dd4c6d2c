import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { addForm, cartQuery, lineForm, maxCartLines } from "../../worker/features/cart/forms.ts";
import { readCartLink, signCartLink } from "../../worker/features/cart/share-link.ts";
import { decodeBase64Url } from "../../worker/lib/base64url.ts";
import { signToken } from "../../worker/lib/signed-token.ts";

const secret = "unit-test-link-secret-0123456789";
const items = [
  { productId: "prd_0123456789abcdef", quantity: 2 },
  { productId: "prd_fedcba9876543210", quantity: 1 },
];

describe("cart links", () => {
  it("carry product ids and quantities and nothing else", async () => {
    const token = await signCartLink(secret, items, 3600);
    const payload: unknown = JSON.parse(new TextDecoder().decode(decodeBase64Url(token.split(".")[0]!)!));
    expect(payload).toEqual({ kind: "cart", items: [["prd_0123456789abcdef", 2], ["prd_fedcba9876543210", 1]], exp: expect.any(Number) });
    expect((await readCartLink(secret, token))?.items).toEqual(items);
  });

  it("expire, and refuse another key, other tokens and impossible contents", async () => {
    const issued = Date.now() - 7200_000;
    expect(await readCartLink(secret, await signCartLink(secret, items, 3600, issued))).toBeNull();
    expect(await readCartLink("another-secret-0123456789abcdef", await signCartLink(secret, items, 3600))).toBeNull();
    // A genuine token of another kind (a consent subject, a room ticket…) is not a cart link.
    expect(await readCartLink(secret, await signToken(secret, { sid: "sub_x" }, 3600))).toBeNull();
    const tooMany = Array.from({ length: maxCartLines + 1 }, (_, n) => ({ productId: `prd_${String(n).padStart(16, "0")}`, quantity: 1 }));
    expect(await readCartLink(secret, await signCartLink(secret, tooMany, 3600))).toBeNull();
    expect(await readCartLink(secret, await signCartLink(secret, [{ productId: "prd_0123456789abcdef", quantity: 100 }], 3600))).toBeNull();
    expect(await readCartLink(secret, await signCartLink(secret, [], 3600))).toBeNull();
  });
});

describe("cart inputs", () => {
  it("take a quantity from 1 to 99, one by default", () => {
    expect(v.parse(addForm, { productId: "prd_0123456789abcdef" })).toEqual({ productId: "prd_0123456789abcdef", quantity: 1, next: undefined });
    expect(v.parse(addForm, { productId: "prd_0123456789abcdef", quantity: " 99 " }).quantity).toBe(99);
    for (const quantity of ["0", "100", "-1", "1.5", "two", ""]) expect(v.safeParse(addForm, { productId: "prd_0123456789abcdef", quantity }).success).toBe(false);
    expect(v.safeParse(addForm, { productId: "prd_short", quantity: "1" }).success).toBe(false);
  });

  it("ignore a return path that leaves the shop", () => {
    expect(v.parse(addForm, { productId: "prd_0123456789abcdef", next: "//evil.example" }).next).toBeUndefined();
    expect(v.parse(addForm, { productId: "prd_0123456789abcdef", next: "/orders" }).next).toBe("/orders");
  });

  it("tell setting a line from removing it", () => {
    expect(v.parse(lineForm, { intent: "set", quantity: "3" })).toEqual({ intent: "set", quantity: 3, next: undefined });
    expect(v.parse(lineForm, { intent: "remove" })).toEqual({ intent: "remove", next: undefined });
    expect(v.safeParse(lineForm, { intent: "set" }).success).toBe(false);
    expect(v.safeParse(lineForm, { quantity: "3" }).success).toBe(false);
  });

  it("read the cart page's notes leniently", () => {
    expect(v.parse(cartQuery, { added: "2", capped: "1", view: "frequent" })).toMatchObject({ added: 2, capped: "1", view: "frequent" });
    expect(v.parse(cartQuery, { added: "lots", view: "nope", capped: "yes" })).toMatchObject({ added: undefined, view: "all", capped: undefined });
  });
});
