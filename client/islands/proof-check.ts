import { html } from "htm/preact";
import { useState } from "preact/hooks";
import { verifyGiveaway, type GiveawayProof } from "../../party/giveaway-proof.ts";

export type ProofCheckProps = {
  proof: GiveawayProof;
  /** The winner the room announced (pseudonym), or null when nobody entered. */
  winner: { id: string; name: string } | null;
  labels: { verify: string; verifying: string; verified: string; verifiedNobody: string; mismatch: string; cannotVerify: string; checks: Record<"commitment" | "round" | "beacon" | "entrants" | "winner", string> };
};

const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? "");

/**
 * "Verify the draw" for a giveaway in an ended show's replay: recomputes the winner in this browser from
 * the proof the room published, with the same module the room drew with.
 */
export function ProofCheck({ proof, winner, labels }: ProofCheckProps) {
  const [verdict, setVerdict] = useState<{ ok: boolean | null; text: string } | null>(null);
  const verify = async () => {
    setVerdict({ ok: null, text: labels.verifying });
    try {
      const checked = await verifyGiveaway(proof);
      const failed = [...checked.failed, ...(checked.ok && checked.winner !== (winner?.id ?? null) ? (["winner"] as const) : [])];
      setVerdict(
        failed.length > 0
          ? { ok: false, text: fill(labels.mismatch, { checks: failed.map((check) => labels.checks[check]).join("; ") }) }
          : { ok: true, text: winner ? fill(labels.verified, { name: winner.name }) : labels.verifiedNobody },
      );
    } catch {
      setVerdict({ ok: false, text: labels.cannotVerify });
    }
  };
  return html`<span class="activity__verify">
    <button type="button" class="button--secondary" disabled=${verdict?.ok === null} onClick=${verify}>${labels.verify}</button>
    <span role="status" class=${`activity__verdict${verdict?.ok === true ? " activity__verdict--ok" : verdict?.ok === false ? " activity__verdict--bad" : ""}`}>${verdict?.text ?? ""}</span>
  </span>`;
}
