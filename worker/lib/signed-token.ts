import * as v from "valibot";
import { decodeBase64Url, encodeBase64Url } from "./base64url.ts";

/**
 * The one signed-token helper: `base64url(json).base64url(hmac-sha256)` with an expiry.
 * Used for room tickets (worker → browser → room) and anything else that must travel
 * through an untrusted party unchanged. Shared by the worker and the party server.
 */
const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

/** Secrets shorter than this are a configuration mistake (unset, or a placeholder), not a key. */
const minimumSecretLength = 16;

function hmacKey(secret: string): Promise<CryptoKey> {
  if (typeof secret !== "string" || secret.length < minimumSecretLength) {
    throw new Error(`signing secret is missing or shorter than ${minimumSecretLength} characters: set it with wrangler secret put`);
  }
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    keys.set(secret, key);
    key.catch(() => keys.delete(secret));
  }
  return key;
}

/** HMAC-SHA256 of `message` under `secret` (the same key cache as the tokens). */
export async function hmac(secret: string, message: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(message)));
}

export async function signToken(
  secret: string,
  payload: Record<string, unknown>,
  ttlSeconds: number,
  now = Date.now(),
): Promise<string> {
  const body = encodeBase64Url(encoder.encode(JSON.stringify({ ...payload, exp: Math.floor(now / 1000) + ttlSeconds })));
  const signature = await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(body));
  return `${body}.${encodeBase64Url(new Uint8Array(signature))}`;
}

const expiring = v.object({ exp: v.pipe(v.number(), v.integer()) });

/** Returns the payload when the signature is valid, the token unexpired and the payload fits `schema`; else null. */
export async function verifyToken<S extends v.GenericSchema>(
  secret: string,
  token: string,
  schema: S,
  now = Date.now(),
): Promise<v.InferOutput<S> | null> {
  const [body, signature, extra] = token.split(".");
  if (!body || !signature || extra !== undefined) return null;
  const signatureBytes = decodeBase64Url(signature);
  const bodyBytes = decodeBase64Url(body);
  if (!signatureBytes || !bodyBytes) return null;
  const valid = await crypto.subtle.verify("HMAC", await hmacKey(secret), signatureBytes, encoder.encode(body));
  if (!valid) return null;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bodyBytes));
  } catch {
    return null;
  }
  const timed = v.safeParse(expiring, json);
  if (!timed.success || timed.output.exp * 1000 <= now) return null;
  const parsed = v.safeParse(schema, json);
  return parsed.success ? parsed.output : null;
}
