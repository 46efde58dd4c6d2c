/**
 * How a giveaway's winner follows from what the room published, so anyone can recompute it: the room,
 * the show page's "Verify" button, or a viewer with a copy of the proof and any SHA-256 tool.
 *
 * 1. Entries open: the room publishes `commitment = SHA-256(seed)` for a 32-byte seed it drew itself
 *    (never the host's choice), and names the beacon round it will mix in: the first round of the
 *    beacon chain published strictly after the scheduled end of entries, so nobody (the room included)
 *    can know that randomness while entries can still change.
 * 2. Entries close: it publishes `entrantsHash = SHA-256(sorted pseudonyms joined by "\n")`.
 * 3. Draw: `base = SHA-256(seed ‖ beacon randomness ‖ entrantsHash)` (raw bytes, 96 in all); candidate
 *    k is the first four bytes (big-endian) of `SHA-256(base ‖ uint32be(k))`, k = 0, 1, …; the first
 *    candidate below the largest multiple of n under 2³² gives `index = candidate mod n` (rejection
 *    sampling: plain modulo would favour the low indices). The winner is `entrants[index]`.
 *
 * WebCrypto only (workerd, browsers and Node all have it); no Node APIs, so the browser imports this.
 */
import * as v from "valibot";

const hex32 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));
const seconds = v.pipe(v.number(), v.integer(), v.minValue(0));
const round = v.pipe(v.number(), v.integer(), v.minValue(1));
const entrant = v.pipe(v.string(), v.regex(/^vwr_[0-9a-z]{16}$/));

/** The chain id of the local sandbox beacon; it names itself so nobody mistakes it for drand. */
export const sandboxChainId = "lantern-sandbox-v1";

/**
 * A randomness beacon chain: rounds are published every `period` seconds from `genesis` (Unix
 * seconds), round 1 at genesis. drand chains are named by their chain hash; the sandbox by its id.
 */
export const beaconChain = v.variant("kind", [
  v.object({ kind: v.literal("drand"), hash: hex32, genesis: seconds, period: v.pipe(seconds, v.minValue(1)) }),
  v.object({ kind: v.literal("sandbox"), id: v.literal(sandboxChainId), genesis: seconds, period: v.pipe(seconds, v.minValue(1)) }),
]);
export type BeaconChain = v.InferOutput<typeof beaconChain>;

/** One published round: drand's randomness is SHA-256 of its BLS signature; the sandbox has none. */
export const beaconRound = v.object({ round, randomness: hex32, signature: v.nullable(v.pipe(v.string(), v.regex(/^(?:[0-9a-f]{2})+$/))) });
export type BeaconRound = v.InferOutput<typeof beaconRound>;

/** Everything needed to recompute a draw. Pseudonyms only: nothing here names a person. */
export const giveawayProof = v.object({
  giveaway: v.pipe(v.string(), v.maxLength(20)),
  commitment: hex32,
  seed: hex32,
  chain: beaconChain,
  /** When entries were scheduled to close (ms since the epoch): it fixes the round. */
  scheduledClose: v.pipe(v.number(), v.integer(), v.minValue(0)),
  round,
  beacon: beaconRound,
  /** Entrants' pseudonyms, sorted, each once. */
  entrants: v.array(entrant),
  entrantsHash: hex32,
  /** The winner's pseudonym; null when nobody entered. */
  winner: v.nullable(entrant),
});
export type GiveawayProof = v.InferOutput<typeof giveawayProof>;

/** The sandbox: one round every 3 s from 2024-01-01T00:00:00Z, like drand's quicknet. */
export const sandboxChain: BeaconChain = { kind: "sandbox", id: sandboxChainId, genesis: 1_704_067_200, period: 3 };

const encoder = new TextEncoder();

export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += byte.toString(16).padStart(2, "0");
  return out;
}

export function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  if (!/^(?:[0-9a-f]{2})*$/.test(hex)) throw new Error("not lowercase hex");
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return new Uint8Array(await crypto.subtle.digest("SHA-256", joined));
}

/** A fresh secret seed (32 random bytes, hex). */
export function newSeed(): string {
  return toHex(crypto.getRandomValues(new Uint8Array(32)));
}

/** The commitment published when entries open: SHA-256 of the seed's bytes. */
export async function commitmentOf(seed: string): Promise<string> {
  return toHex(await sha256(fromHex(seed)));
}

/** The one canonical order of entrants: sorted by code unit, each once. */
export function canonicalEntrants(entrants: Iterable<string>): string[] {
  return [...new Set(entrants)].sort();
}

/** SHA-256 of the canonical entrant list, one pseudonym per line (no trailing newline). */
export async function entrantsHashOf(sorted: readonly string[]): Promise<string> {
  return toHex(await sha256(encoder.encode(sorted.join("\n"))));
}

/** When a round is published (ms since the epoch). */
export const roundTime = (chain: BeaconChain, round: number) => (chain.genesis + (round - 1) * chain.period) * 1000;

/**
 * The first round published strictly after `time` (ms since the epoch): the round a giveaway whose
 * entries are scheduled to close at `time` commits to.
 */
export function firstRoundAfter(chain: BeaconChain, time: number): number {
  const elapsed = time / 1000 - chain.genesis;
  if (elapsed < 0) return 1;
  return Math.floor(elapsed / chain.period) + 2;
}

/**
 * The sandbox beacon's randomness for a round: SHA-256 of a fixed label and the round. Anyone can
 * compute it (it is not unpredictable: that is what drand is for), so a sandbox draw proves only that
 * the room kept to its commitment.
 */
export async function sandboxRandomness(round: number): Promise<string> {
  return toHex(await sha256(encoder.encode(`${sandboxChainId}:${round}`)));
}

/**
 * Whether a round's randomness is what the chain says it is: the sandbox's is recomputed; drand's must
 * be SHA-256 of the round's signature. (Checking drand's BLS signature itself needs the chain's
 * public key and a pairing library; the proof names the chain hash and round, so any drand client can.)
 */
export async function beaconMatches(chain: BeaconChain, beacon: BeaconRound): Promise<boolean> {
  if (chain.kind === "sandbox") return beacon.signature === null && beacon.randomness === (await sandboxRandomness(beacon.round));
  if (beacon.signature === null) return false;
  return beacon.randomness === toHex(await sha256(fromHex(beacon.signature)));
}

/**
 * A uniform index below `n` from a stream of uniform 32-bit candidates, by rejection: candidates at or
 * above the largest multiple of n that fits in 2³² are skipped, so every index is equally likely.
 */
export async function uniformIndex(n: number, candidate: (k: number) => Promise<number>): Promise<number> {
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new RangeError("n must be an integer in [1, 2^32]");
  const limit = 2 ** 32 - (2 ** 32 % n);
  // Each candidate is rejected with probability below n / 2^32; 1,000 rejections in a row do not happen.
  for (let k = 0; k < 1000; k++) {
    const value = await candidate(k);
    if (value < limit) return value % n;
  }
  throw new Error("no candidate accepted");
}

/** The winner's index among `n` sorted entrants, from the seed, the beacon's randomness and the entrants' hash. */
export async function drawIndex(seed: string, randomness: string, entrantsHash: string, n: number): Promise<number> {
  const base = await sha256(fromHex(seed), fromHex(randomness), fromHex(entrantsHash));
  return uniformIndex(n, async (k) => {
    const counter = new Uint8Array(4);
    new DataView(counter.buffer).setUint32(0, k);
    return new DataView((await sha256(base, counter)).buffer).getUint32(0);
  });
}

/** The checks a verifier makes, in the order a reader would follow them. */
export const proofChecks = ["commitment", "round", "beacon", "entrants", "winner"] as const;
export type ProofCheck = (typeof proofChecks)[number];
export type Verification = { ok: boolean; failed: ProofCheck[]; winner: string | null };

/**
 * Recomputes a draw from its published proof. Every check runs (so a reader sees all that is wrong),
 * and `winner` is the pseudonym the proof's own data leads to.
 */
export async function verifyGiveaway(proof: GiveawayProof): Promise<Verification> {
  const failed: ProofCheck[] = [];
  if ((await commitmentOf(proof.seed)) !== proof.commitment) failed.push("commitment");
  if (proof.round !== firstRoundAfter(proof.chain, proof.scheduledClose) || proof.beacon.round !== proof.round) failed.push("round");
  if (!(await beaconMatches(proof.chain, proof.beacon))) failed.push("beacon");
  const sorted = canonicalEntrants(proof.entrants);
  const canonical = sorted.length === proof.entrants.length && sorted.every((id, i) => id === proof.entrants[i]);
  if (!canonical || (await entrantsHashOf(proof.entrants)) !== proof.entrantsHash) failed.push("entrants");
  const winner =
    proof.entrants.length === 0 ? null : proof.entrants[await drawIndex(proof.seed, proof.beacon.randomness, proof.entrantsHash, proof.entrants.length)]!;
  if (winner !== proof.winner) failed.push("winner");
  return { ok: failed.length === 0, failed, winner };
}
