const alphabet = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32, lower case

/** An id of the scheme from 16 bytes: one base32 character from each. */
export function idFromBytes(prefix: string, bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes.subarray(0, 16)) out += alphabet[byte & 31];
  return `${prefix}_${out}`;
}

/** The one id scheme: a short type prefix and 16 random base32 characters (80 bits), e.g. `prd_…`. */
export function newId(prefix: string): string {
  return idFromBytes(prefix, crypto.getRandomValues(new Uint8Array(16)));
}

/** A deterministic id of the same shape, for seed data that must be identical on every run. */
export async function stableId(prefix: string, seed: string): Promise<string> {
  return idFromBytes(prefix, new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(seed))));
}
