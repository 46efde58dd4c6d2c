/**
 * Personal fields at rest: AES-256-GCM encryption for values the shop must read back (a phone number to
 * send a code to), and keyed hashes (HMAC-SHA-256) for values it only needs to find or compare. Both
 * keys are derived (HKDF) from the one `FIELD_KEY` secret, each for its own purpose, so a database copy
 * without the secret reveals no phone, email or one-time code — not even by trying every phone number.
 */
import { decodeBase64Url, encodeBase64Url } from "./base64url.ts";

const encoder = new TextEncoder();
/** The format version written in front of every ciphertext, so the key or cipher can be rotated. */
const version = "v1";
const keys = new Map<string, Promise<CryptoKey>>();

function derived(secret: string, purpose: string, algorithm: AesKeyGenParams | HmacImportParams, usages: KeyUsage[]): Promise<CryptoKey> {
  if (typeof secret !== "string" || secret.length < 16) {
    throw new Error("FIELD_KEY is missing or shorter than 16 characters: set it with wrangler secret put");
  }
  const id = `${purpose}\u0000${secret}`;
  let key = keys.get(id);
  if (!key) {
    key = crypto.subtle
      .importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"])
      .then((base) =>
        crypto.subtle.deriveKey(
          { name: "HKDF", hash: "SHA-256", salt: encoder.encode("lantern-field-keys"), info: encoder.encode(purpose) },
          base,
          algorithm,
          false,
          usages,
        ),
      );
    keys.set(id, key);
    key.catch(() => keys.delete(id));
  }
  return key;
}

const aesKey = (secret: string) => derived(secret, "encrypt:v1", { name: "AES-GCM", length: 256 }, ["encrypt", "decrypt"]);
const macKey = (secret: string) => derived(secret, "lookup:v1", { name: "HMAC", hash: "SHA-256", length: 256 }, ["sign"]);

/** Encrypts `plain` as `v1.<iv>.<ciphertext>` (base64url); `context` binds it to its column. */
export async function encryptField(secret: string, plain: string, context: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: encoder.encode(context) },
    await aesKey(secret),
    encoder.encode(plain),
  );
  return `${version}.${encodeBase64Url(iv)}.${encodeBase64Url(new Uint8Array(sealed))}`;
}

/** Decrypts what `encryptField` wrote for the same `context`; throws when it was altered or moved. */
export async function decryptField(secret: string, sealed: string, context: string): Promise<string> {
  const [tag, ivText, bodyText] = sealed.split(".");
  const iv = ivText ? decodeBase64Url(ivText) : null;
  const body = bodyText ? decodeBase64Url(bodyText) : null;
  if (tag !== version || !iv || !body) throw new Error("not an encrypted field");
  const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv, additionalData: encoder.encode(context) }, await aesKey(secret), body);
  return new TextDecoder().decode(plain);
}

/** A keyed hash of `value` for lookups and comparisons (hex); `purpose` keeps hashes of different kinds apart. */
export async function lookupHash(secret: string, purpose: string, value: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await macKey(secret), encoder.encode(`${purpose}\u0000${value}`));
  return [...new Uint8Array(mac)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}
