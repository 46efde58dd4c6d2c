/**
 * Where a room's giveaways get public randomness: drand's HTTP API when the deployment can reach it
 * (`BEACON_URL`, e.g. `https://api.drand.sh/52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971`
 * for the quicknet chain), else the local sandbox beacon, which computes each round from its number and
 * says "sandbox" in every proof. The room never waits on this: party/server.ts fetches a round when it is
 * due and feeds it back to the room as an event.
 */
import * as v from "valibot";
import { beaconMatches, sandboxChain, sandboxRandomness, type BeaconChain, type BeaconRound } from "./giveaway-proof.ts";

export type Beacon = {
  /** The chain giveaways commit to (drand: read once from the chain's `/info`). */
  chain(): Promise<BeaconChain>;
  /** A published round of `chain`, checked against it; throws when it is not published yet or is wrong. */
  round(chain: BeaconChain, round: number): Promise<BeaconRound>;
};

export const sandboxBeacon: Beacon = {
  chain: async () => sandboxChain,
  async round(chain, round) {
    if (chain.kind !== "sandbox") throw new Error("the sandbox beacon serves only its own chain");
    return { round, randomness: await sandboxRandomness(round), signature: null };
  },
};

/** drand's `/info` (v1 API): the chain's timing and its hash. */
const drandInfo = v.object({ period: v.pipe(v.number(), v.integer(), v.minValue(1)), genesis_time: v.pipe(v.number(), v.integer(), v.minValue(0)), hash: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)) });
/** drand's `/public/<round>`: chained chains add `previous_signature`, which the draw does not need. */
const drandRound = v.object({
  round: v.pipe(v.number(), v.integer(), v.minValue(1)),
  randomness: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
  signature: v.pipe(v.string(), v.regex(/^(?:[0-9a-f]{2})+$/)),
});

async function getJson(url: string, fetcher: typeof fetch): Promise<unknown> {
  const response = await fetcher(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(5000) });
  // drand relays answer 404 or 425 (Too Early) for a round not published yet: the caller retries.
  if (!response.ok) throw new Error(`beacon ${url} answered ${response.status}`);
  return response.json();
}

/** drand over HTTP; `baseUrl` is a relay plus, for any chain but the default one, `/<chain hash>`. */
export function drandBeacon(baseUrl: string, fetcher: typeof fetch = fetch): Beacon {
  const base = baseUrl.replace(/\/+$/, "");
  return {
    async chain() {
      const info = v.parse(drandInfo, await getJson(`${base}/info`, fetcher));
      return { kind: "drand", hash: info.hash, genesis: info.genesis_time, period: info.period };
    },
    async round(chain, round) {
      if (chain.kind !== "drand") throw new Error("a drand beacon serves only drand chains");
      const published = v.parse(drandRound, await getJson(`${base}/public/${round}`, fetcher));
      const beacon: BeaconRound = { round: published.round, randomness: published.randomness, signature: published.signature };
      if (beacon.round !== round || !(await beaconMatches(chain, beacon))) throw new Error(`beacon round ${round} does not check out`);
      return beacon;
    },
  };
}

/** The beacon a room's env asks for: drand at `BEACON_URL`, else the sandbox. */
export function beaconFor(env: Record<string, unknown>): Beacon {
  return typeof env.BEACON_URL === "string" && env.BEACON_URL !== "" ? drandBeacon(env.BEACON_URL) : sandboxBeacon;
}
