const alphabet = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32, lower case

/** The one id scheme: a short type prefix and 16 random base32 characters (80 bits), e.g. `prd_…`. */
export function newId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let out = "";
  for (const byte of bytes) out += alphabet[byte & 31];
  return `${prefix}_${out}`;
}

/** A deterministic id of the same shape, for seed data that must be identical on every run. */
export async function stableId(prefix: string, seed: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(seed)));
  let out = "";
  for (const byte of digest.subarray(0, 16)) out += alphabet[byte & 31];
  return `${prefix}_${out}`;
}
