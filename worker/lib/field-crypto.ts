/**
 * Personal fields at rest: AES-256-GCM encryption for values the shop must read back (a phone number to
 * send a code to), and keyed hashes (HMAC-SHA-256) for values it only needs to find or compare. Both
 * keys are derived (HKDF) from the one `FIELD_KEY` secret, each for its own purpose, so a database copy
 * without the secret reveals no phone, email or one-time code — not even by trying every phone number.
 *
 * Keys rotate: every value names the key that sealed it (`k<key id>.<iv>.<ciphertext>`, the id derived
 * from the secret itself, so no setting says which key is current). Values are always written with
 * `FIELD_KEY`; they are read with it or with one of the keys in `FIELD_KEY_PREVIOUS` (comma-separated,
 * set only while `npm run keys:rotate` re-encrypts what the old keys wrote). Values of the first format
 * (`v1.<iv>.<ciphertext>`) name no key: every known key is tried, and AES-GCM tells the right one.
 */
import { decodeBase64Url, encodeBase64Url } from "./base64url.ts";

const encoder = new TextEncoder();
/** The first format, written before keys had ids; still read. */
const legacyVersion = "v1";
const keyIdPattern = /^k([0-9a-f]{8})$/;
const keys = new Map<string, Promise<CryptoKey>>();
const keyIds = new Map<string, Promise<string>>();

function checkSecret(secret: string): void {
  if (typeof secret !== "string" || secret.length < 16) {
    throw new Error("FIELD_KEY is missing or shorter than 16 characters: set it with wrangler secret put");
  }
}

const hkdf = (info: string) => ({ name: "HKDF", hash: "SHA-256", salt: encoder.encode("lantern-field-keys"), info: encoder.encode(info) });

function derived(secret: string, purpose: string, algorithm: AesKeyGenParams | HmacImportParams, usages: KeyUsage[]): Promise<CryptoKey> {
  checkSecret(secret);
  const id = `${purpose}\u0000${secret}`;
  let key = keys.get(id);
  if (!key) {
    key = crypto.subtle
      .importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"])
      .then((base) => crypto.subtle.deriveKey(hkdf(purpose), base, algorithm, false, usages));
    keys.set(id, key);
    key.catch(() => keys.delete(id));
  }
  return key;
}

const aesKey = (secret: string) => derived(secret, "encrypt:v1", { name: "AES-GCM", length: 256 }, ["encrypt", "decrypt"]);
const macKey = (secret: string) => derived(secret, "lookup:v1", { name: "HMAC", hash: "SHA-256", length: 256 }, ["sign"]);

/**
 * The public name of a secret: 8 hex characters derived from it (HKDF, its own label), written beside
 * every value it seals. It tells keys apart and reveals nothing about them.
 */
export function fieldKeyId(secret: string): Promise<string> {
  checkSecret(secret);
  let id = keyIds.get(secret);
  if (!id) {
    id = crypto.subtle
      .importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveBits"])
      .then((base) => crypto.subtle.deriveBits(hkdf("key-id"), base, 32))
      .then((bits) => [...new Uint8Array(bits)].map((byte) => byte.toString(16).padStart(2, "0")).join(""));
    keyIds.set(secret, id);
    id.catch(() => keyIds.delete(secret));
  }
  return id;
}

/** Splits a `FIELD_KEY_PREVIOUS` value (comma-separated secrets) into its keys. */
export function previousFieldKeys(list: string | undefined): string[] {
  return (list ?? "")
    .split(",")
    .map((key) => key.trim())
    .filter((key) => key.length > 0);
}

type WithProcess = { process?: { env?: Record<string, string | undefined> } };

/**
 * `FIELD_KEY_PREVIOUS` from the environment: Workers put their secrets in `process.env` too
 * (nodejs_compat), as Node does for the scripts, so no caller has to pass the old keys along.
 */
const environmentPrevious = (): string[] => previousFieldKeys((globalThis as WithProcess).process?.env?.FIELD_KEY_PREVIOUS);

/** The key id a sealed value names (null for the first format, which names none, or for garbage). */
export function sealedKeyId(sealed: string): string | null {
  return keyIdPattern.exec(sealed.split(".")[0] ?? "")?.[1] ?? null;
}

/** Encrypts `plain` as `k<key id>.<iv>.<ciphertext>` (base64url) with `secret`; `context` binds it to its row and column. */
export async function encryptField(secret: string, plain: string, context: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: encoder.encode(context) },
    await aesKey(secret),
    encoder.encode(plain),
  );
  return `k${await fieldKeyId(secret)}.${encodeBase64Url(iv)}.${encodeBase64Url(new Uint8Array(sealed))}`;
}

/**
 * Decrypts what `encryptField` wrote for the same `context`, with `secret` or, for values sealed before
 * a rotation, one of `previous` (by default `FIELD_KEY_PREVIOUS`). Throws when the value was altered,
 * moved to another row or column, or sealed with a key that is not given.
 */
export async function decryptField(secret: string, sealed: string, context: string, previous: readonly string[] = environmentPrevious()): Promise<string> {
  const [tag, ivText, bodyText] = sealed.split(".");
  const iv = ivText ? decodeBase64Url(ivText) : null;
  const body = bodyText ? decodeBase64Url(bodyText) : null;
  const keyId = sealedKeyId(sealed);
  if ((tag !== legacyVersion && !keyId) || !iv || !body) throw new Error("not an encrypted field");
  const known = [secret, ...previous];
  const candidates = keyId ? await keysNamed(known, keyId) : known;
  if (candidates.length === 0) throw new Error(`field sealed with key k${keyId}, which is neither FIELD_KEY nor in FIELD_KEY_PREVIOUS`);
  for (const candidate of candidates) {
    try {
      const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv, additionalData: encoder.encode(context) }, await aesKey(candidate), body);
      return new TextDecoder().decode(plain);
    } catch {
      // A first-format value names no key: try the next one. A named key can only fail by tampering.
    }
  }
  throw new Error("encrypted field was altered or belongs to another row");
}

async function keysNamed(known: readonly string[], keyId: string): Promise<string[]> {
  const ids = await Promise.all(known.map((key) => fieldKeyId(key)));
  return known.filter((_, index) => ids[index] === keyId);
}

/**
 * A keyed hash of `value` for lookups and comparisons (hex); `purpose` keeps hashes of different kinds
 * apart. Always with the current key: rotating `FIELD_KEY` changes every hash, so the rotation script
 * recomputes the stored ones from the values it decrypts.
 */
export async function lookupHash(secret: string, purpose: string, value: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await macKey(secret), encoder.encode(`${purpose}\u0000${value}`));
  return [...new Uint8Array(mac)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}
