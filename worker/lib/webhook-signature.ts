/**
 * The one scheme for signed webhooks between the shop and its outside services (payment provider,
 * carrier), in both directions: header `Lantern-Signature: t=<unix seconds>,v1=<hex HMAC-SHA-256 of
 * "<t>.<body>">`. The time inside the signature makes a captured request useless after five minutes;
 * replays within them are stopped by the receiver's event-id ledger (`webhook_events`).
 */
const encoder = new TextEncoder();

export const webhookSignatureHeader = "Lantern-Signature";
/** How far the signed time may be from ours, either way (seconds): clock drift plus delivery delay. */
export const webhookToleranceSeconds = 300;

function hmacKey(secret: string): Promise<CryptoKey> {
  // A missing or placeholder secret would let anyone sign: refuse to work with it at all.
  if (typeof secret !== "string" || secret.length < 16) throw new Error("webhook secret is missing or shorter than 16 characters");
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
}

const hex = (bytes: Uint8Array) => [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");

function fromHex(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^(?:[0-9a-f]{2})+$/.test(text)) return null;
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** The `Lantern-Signature` header value for `body`, signed at `now`. */
export async function signWebhook(secret: string, body: string, now = Date.now()): Promise<string> {
  const t = Math.floor(now / 1000);
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(`${t}.${body}`));
  return `t=${t},v1=${hex(new Uint8Array(mac))}`;
}

/**
 * True when `header` signs exactly `body` with `secret` at a time within the tolerance of `now`. Any
 * of several `v1` values may match (a sender rotating its secret signs with both). The comparison is
 * WebCrypto's own verify, which does not stop at the first differing byte.
 */
export async function verifyWebhook(secret: string, header: string | null | undefined, body: string, now = Date.now()): Promise<boolean> {
  if (!header || header.length > 1_000) return false;
  let t: number | null = null;
  const signatures: Uint8Array<ArrayBuffer>[] = [];
  for (const part of header.split(",")) {
    const [name, value = ""] = part.trim().split("=", 2);
    if (name === "t" && /^\d{1,12}$/.test(value)) t = Number(value);
    const bytes = name === "v1" ? fromHex(value) : null;
    if (bytes) signatures.push(bytes);
  }
  if (t === null || signatures.length === 0 || Math.abs(Math.floor(now / 1000) - t) > webhookToleranceSeconds) return false;
  const key = await hmacKey(secret);
  const signed = encoder.encode(`${t}.${body}`);
  for (const signature of signatures) if (await crypto.subtle.verify("HMAC", key, signature, signed)) return true;
  return false;
}
