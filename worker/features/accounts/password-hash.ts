// Every program that type-checks the worker needs this, including party/'s (wrangler types' `mainModule`
// pulls the worker in there) which has no @types/node.
/// <reference path="../../node-crypto.d.ts" />
import { scrypt, timingSafeEqual } from "node:crypto";

/**
 * Password hashing with scrypt (memory-hard; argon2 is unavailable in workerd and run-time Wasm is
 * refused). Hashes carry their parameters, so `currentParams` can be raised later: old hashes still
 * verify and report `needsRehash`, and the sign-in route stores a fresh hash then.
 */
export type ScryptParams = { logN: number; r: number; p: number };

/**
 * OWASP's N=2^14, r=8, p=5, one of its equivalents of the 2^17/8/1 minimum. Measured in workerd
 * (`npm run bench:auth`): ≈ 145 ms and 16 MiB per hash. 2^13/p=10 takes the same time with half the
 * memory (weaker against hardware attacks); 2^15/p=3 costs ≈ 40% more time and 32 MiB; 2^16 and
 * 2^17 need 64 and 128 MiB, too much of an isolate's 128 MB.
 */
export const currentParams: ScryptParams = { logN: 14, r: 8, p: 5 };

const saltBytes = 16;
const keyBytes = 32;
const encoder = new TextEncoder();

/**
 * Bounds for parameters read back from storage: a corrupt row must fail to verify, not pin a core
 * or exhaust the isolate's memory.
 */
const limits = { logN: [10, 20], r: [1, 32], p: [1, 16], maxMemoryBytes: 64 * 1024 * 1024 } as const;

/**
 * The memory scrypt needs, as Node's OpenSSL counts it: 128·r·(N + p + 2) bytes (workerd's BoringSSL
 * counts 128·r less). Passed as `maxmem`, so the runtime's default cap neither refuses a stronger
 * setting nor lets one hash take more than its parameters need.
 */
function memoryBytes({ logN, r, p }: ScryptParams): number {
  return 128 * r * (2 ** logN + p + 2);
}

function deriveKey(password: string, salt: Uint8Array, params: ScryptParams, length: number): Promise<Uint8Array> {
  const options = { N: 2 ** params.logN, r: params.r, p: params.p, maxmem: memoryBytes(params) };
  // A synchronous throw (invalid parameters) inside the executor becomes a rejection too.
  return new Promise((resolve, reject) => {
    scrypt(encoder.encode(password), salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

// Unpadded standard base64, as in the PHC string format; btoa/atob exist in workerd and Node alike.
function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/=+$/, "");
}

function decodeBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text + "==".slice(0, (4 - (text.length % 4)) % 4)), (c) => c.charCodeAt(0));
}

// Exact lengths (16-byte salt, 32-byte key): a truncated key would otherwise verify, since scrypt's
// shorter outputs are prefixes of its longer ones.
const encoded = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{22})\$([A-Za-z0-9+/]{43})$/;

type Decoded = { params: ScryptParams; salt: Uint8Array; key: Uint8Array };

function decode(text: string): Decoded | null {
  const match = encoded.exec(text);
  if (!match) return null;
  const params = { logN: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  const within = (value: number, [min, max]: readonly [number, number]) => value >= min && value <= max;
  if (!within(params.logN, limits.logN) || !within(params.r, limits.r) || !within(params.p, limits.p)) return null;
  if (memoryBytes(params) > limits.maxMemoryBytes) return null;
  return { params, salt: decodeBase64(match[4]!), key: decodeBase64(match[5]!) };
}

/** For tests and the benchmark: hash with explicit parameters. Production code uses `hashPassword`. */
export async function hashPasswordWith(password: string, params: ScryptParams): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(saltBytes));
  const key = await deriveKey(password, salt, params, keyBytes);
  return `$scrypt$ln=${params.logN},r=${params.r},p=${params.p}$${encodeBase64(salt)}$${encodeBase64(key)}`;
}

/** Encoded like `$scrypt$ln=14,r=8,p=5$<salt base64>$<hash base64>` (no padding; 16-byte salt, 32-byte key). */
export function hashPassword(password: string): Promise<string> {
  return hashPasswordWith(password, currentParams);
}

/** Constant-time compare; needsRehash when the stored params are weaker than currentParams. Malformed encodings verify false. */
export async function verifyPassword(password: string, encodedHash: string): Promise<{ ok: boolean; needsRehash: boolean }> {
  const stored = decode(encodedHash);
  if (!stored) return { ok: false, needsRehash: false };
  let key: Uint8Array;
  try {
    key = await deriveKey(password, stored.salt, stored.params, keyBytes);
  } catch {
    return { ok: false, needsRehash: false };
  }
  const ok = timingSafeEqual(key, stored.key);
  // Weaker in any dimension counts: moving e.g. from 2^14/p=5 to 2^15/p=3 upgrades every old hash.
  const weaker =
    stored.params.logN < currentParams.logN || stored.params.r < currentParams.r || stored.params.p < currentParams.p;
  return { ok, needsRehash: ok && weaker };
}

/** Spends the same time as a real verify, for sign-ins of unknown accounts (no timing oracle). */
export async function dummyVerify(password: string): Promise<void> {
  const salt = crypto.getRandomValues(new Uint8Array(saltBytes));
  const key = await deriveKey(password, salt, currentParams, keyBytes);
  timingSafeEqual(key, new Uint8Array(keyBytes));
}
