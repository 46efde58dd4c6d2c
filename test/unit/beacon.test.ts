import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { beaconFor, drandBeacon, sandboxBeacon } from "../../party/beacon.ts";
import {
  beaconMatches,
  commitmentOf,
  drawIndex,
  entrantsHashOf,
  firstRoundAfter,
  roundTime,
  sandboxChain,
  sandboxRandomness,
  verifyGiveaway,
  type BeaconChain,
  type GiveawayProof,
} from "../../party/giveaway-proof.ts";

/**
 * Real responses of the League of Entropy's drand mainnet ("default" chain, 30 s rounds), as published
 * in drand's documentation and on api.drand.sh: this machine is offline, so a local relay serves them.
 */
const drandInfo = {
  public_key: "868f005eb8e6e4ca0a47c8a77ceaa5309a47978a7c71bc5cce96366b5d7a569937c529eeda66c7293784a9402801af31",
  period: 30,
  genesis_time: 1595431050,
  hash: "8990e7a9aaed2ffed73dbd7092123d6f289930540d7651336225dc172e51b2ce",
  groupHash: "176f93498eac9ca337150b46d21dd58673ea4e3581185f869672e59fa4cb390a",
};
const drandRounds = {
  162810: {
    round: 162810,
    randomness: "646c742faded02ebeb15fcb1c34314ed566381df59b90b28ba5af8b12b959c2d",
    signature:
      "8aee2fb6c79704f54c164ee9fcab89a16e83f843e8d483ba7002c3aee222812263a2e9225ad2e32b80acefe1f066d3db17ebc4cd2a25e5f7975575c94316851113e674056b0eecb515a01ca62f7a370a5d6d26828dd02243041cab8d33ad4796",
    previous_signature:
      "ac27db9e31f65fed65130667dcb323ad2745fa5901f6f8b82f39e3707cd13150d9c25c412f02f32cc9561466d7abbec808a31899d4768d2429c3a83d21d41928399b9a6e1e74873069990210ee57c0bc049af5dc1ef0b1b394caade1d77f4c0d",
  },
  5347804: {
    round: 5347804,
    randomness: "a87619810b1b41e70a01b8f903cf69977e026f80d9fd5e4c197c298a96c61cfe",
    signature:
      "92daf5745411a415b539caebda0b523fa20d4d12b28eb2fe427decdf5dcc976046a9c83b54f1db991fa191ffca8fcbdc07563036664f6ba47dcf00593559286f667574f6b0a2ba0be2683463b5bf3472e5696ac28b75d5b2223dbb98a56c96a3",
    previous_signature:
      "b01091c60b2b1a7c1f7a79610cd94e0c06e93bd305cf04229fe1571669257d16583a02e4038fdd755e6c39944b0116e30256874eede733a79c5e72c787db3889a1678c4ea6423b467de56208c5bd8e10cc090b6e0429f7f33653086a089cc3f8",
  },
} as const;
const drandChain: BeaconChain = { kind: "drand", hash: drandInfo.hash, genesis: drandInfo.genesis_time, period: drandInfo.period };

let relay: Server;
let relayUrl: string;
const requested: string[] = [];

beforeAll(async () => {
  relay = createServer((request, response) => {
    requested.push(request.url ?? "");
    const send = (status: number, body: unknown) => response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    const round = /^\/public\/(\d+)$/.exec(request.url ?? "")?.[1];
    if (request.url === "/info") return send(200, drandInfo);
    if (round === "162810" || round === "5347804") return send(200, drandRounds[round]);
    // Relays that lie: another round than the one asked for; randomness that is not the signature's hash.
    if (round === "777") return send(200, drandRounds[162810]);
    if (round === "778") return send(200, { ...drandRounds[162810], randomness: drandRounds[5347804].randomness, round: 778 });
    return send(425, { error: "round not published yet" });
  });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  relayUrl = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => relay.close(() => resolve())));

describe("drand beacon", () => {
  it("reads the chain's timing from /info, and maps rounds to time as drand does", async () => {
    expect(await drandBeacon(`${relayUrl}/`).chain()).toEqual(drandChain);
    // Round 1 is at genesis; round 162810 at genesis + 162809 periods.
    expect(roundTime(drandChain, 1)).toBe(1595431050_000);
    expect(roundTime(drandChain, 162810)).toBe((1595431050 + 162809 * 30) * 1000);
    // The round after a time is the first published strictly after it.
    expect(firstRoundAfter(drandChain, roundTime(drandChain, 162809))).toBe(162810);
    expect(firstRoundAfter(drandChain, roundTime(drandChain, 162809) + 1)).toBe(162810);
    expect(firstRoundAfter(drandChain, roundTime(drandChain, 162810) - 1)).toBe(162810);
  });

  // drand's BLS signature itself is not checked here (see docs/decisions.md): only that the relay
  // answered the round asked for and that its randomness is SHA-256 of its signature.
  it("fetches a published round and checks it is the round asked for, with randomness that hashes from its signature", async () => {
    const beacon = drandBeacon(relayUrl);
    expect(await beacon.round(drandChain, 162810)).toEqual({ round: 162810, randomness: drandRounds[162810].randomness, signature: drandRounds[162810].signature });
    expect(requested).toContain("/public/162810");
    await expect(beacon.round(drandChain, 777)).rejects.toThrow("does not check out");
    await expect(beacon.round(drandChain, 778)).rejects.toThrow("does not check out");
    // Not published yet: the relay says 425 and the room tries again later.
    await expect(beacon.round(drandChain, 9_999_999)).rejects.toThrow("425");
  });

  it("is what a room uses when its env names BEACON_URL; the sandbox otherwise", async () => {
    expect(await beaconFor({ BEACON_URL: relayUrl }).chain()).toEqual(drandChain);
    expect(await beaconFor({}).chain()).toEqual(sandboxChain);
    expect(await beaconFor({ BEACON_URL: "" }).chain()).toEqual(sandboxChain);
  });

  it("makes a proof that verifies with the real round, and fails with a signature that is not the round's", async () => {
    const seed = "5eed".repeat(16);
    const entrants = ["vwr_0000000000000001", "vwr_0000000000000002", "vwr_0000000000000003"];
    const entrantsHash = await entrantsHashOf(entrants);
    const beacon = await drandBeacon(relayUrl).round(drandChain, 162810);
    const proof: GiveawayProof = {
      giveaway: "g1",
      commitment: await commitmentOf(seed),
      seed,
      chain: drandChain,
      scheduledClose: roundTime(drandChain, 162809) + 12_000,
      round: 162810,
      beacon,
      entrants,
      entrantsHash,
      winner: entrants[await drawIndex(seed, beacon.randomness, entrantsHash, entrants.length)]!,
    };
    expect(await verifyGiveaway(proof)).toEqual({ ok: true, failed: [], winner: proof.winner });
    const forged = { ...proof, beacon: { ...beacon, signature: drandRounds[5347804].signature } };
    expect((await verifyGiveaway(forged)).failed).toEqual(["beacon"]);
    expect((await verifyGiveaway({ ...proof, beacon: { ...beacon, signature: null } })).failed).toEqual(["beacon"]);
  });
});

describe("sandbox beacon", () => {
  it("computes each round from its number, says so in its chain, and is checked the same way", async () => {
    const round = await sandboxBeacon.round(sandboxChain, 42);
    expect(round).toEqual({ round: 42, randomness: await sandboxRandomness(42), signature: null });
    expect(sandboxChain).toMatchObject({ kind: "sandbox", id: "lantern-sandbox-v1" });
    expect(await beaconMatches(sandboxChain, round)).toBe(true);
    expect(await beaconMatches(sandboxChain, { ...round, round: 43 })).toBe(false);
    // A sandbox round passed off as drand does not check out.
    expect(await beaconMatches(drandChain, round)).toBe(false);
    await expect(sandboxBeacon.round(drandChain, 42)).rejects.toThrow("sandbox");
  });
});
