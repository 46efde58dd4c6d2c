import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import { verifyGiveaway, type GiveawayProof, type ProofCheck } from "../../party/giveaway-proof.ts";
import type { ErrorCode, GiveawayView, PollView } from "../../party/protocol.ts";
import { fill, nextActivities, noActivities, secondsUntil, useTicking, type Activities } from "../live/activities.ts";
import { send, subscribe, type RoomAddress, type RoomStatus } from "../live/room-connection.ts";

type Plural = { one: string; other: string };

export type RoomActivitiesLabels = {
  none: string;
  /** Shown in the server's HTML until the island runs: without JavaScript it stays. */
  noscript: string;
  connecting: string;
  poll: string;
  endsIn: string;
  finalResults: string;
  votes: Plural;
  voters: Plural;
  /** "Poll closed. Most votes: {option}." */
  pollResult: string;
  giveaway: string;
  closesIn: string;
  entries: Plural;
  enter: string;
  entered: string;
  entriesClosed: string;
  drawing: string;
  winner: string;
  noWinner: string;
  commitment: string;
  entrantsHash: string;
  beaconDrand: string;
  beaconSandbox: string;
  verify: string;
  verifying: string;
  verified: string;
  verifiedNobody: string;
  mismatch: string;
  cannotVerify: string;
  checks: Record<ProofCheck, string>;
  proof: string;
  seed: string;
  randomness: string;
  entrants: string;
  download: string;
  how: string;
  errors: Partial<Record<ErrorCode, string>> & { other: string };
};

export type RoomActivitiesProps = RoomAddress & {
  locale: string;
  /** Members vote and enter; guests watch (the page offers them sign-in). */
  member: boolean;
  labels: RoomActivitiesLabels;
};

type Verdict = { giveaway: string; ok: boolean | null; text: string };

/**
 * The running poll (live totals, a vote button per option for members) and giveaway (its commitment,
 * an Enter button, the draw and a "Verify" button that recomputes the winner in this browser from the
 * published proof) of a live show. Totals arrive once per room tick; results and the winner are also
 * announced to assistive technology.
 */
export function RoomActivities(props: RoomActivitiesProps) {
  const { labels } = props;
  const [status, setStatus] = useState<RoomStatus | "server">("server");
  const [activities, setActivities] = useState<Activities>(noActivities);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [entering, setEntering] = useState(false);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const { poll, giveaway } = activities;

  useEffect(
    () =>
      subscribe(props, {
        status: setStatus,
        message: (message) => {
          setActivities((current) => nextActivities(current, message, performance.now()));
          switch (message.type) {
            case "poll_closed":
              setAnnouncement(fill(labels.pollResult, { option: leaders(message.poll).join(", ") }));
              break;
            case "giveaway_entered":
              setEntering(false);
              setAnnouncement(labels.entered);
              break;
            case "giveaway_closed":
              setAnnouncement(labels.entriesClosed);
              break;
            case "giveaway_drawn":
              setAnnouncement(message.winner ? fill(labels.winner, { name: message.winner.name }) : labels.noWinner);
              break;
            case "error":
              if (!message.about) break;
              setEntering(false);
              setError(labels.errors[message.code] ?? labels.errors.other);
              break;
          }
        },
      }),
    [props.room],
  );

  const counting = (poll !== null && !poll.closed) || giveaway?.phase === "open" || giveaway?.phase === "drawing";
  const local = useTicking(counting);
  const live = status === "open";
  const plural = (forms: Plural, count: number) =>
    (new Intl.PluralRules(props.locale).select(count) === "one" ? forms.one : forms.other).replace("{count}", new Intl.NumberFormat(props.locale).format(count));

  const vote = (target: PollView, option: number) => {
    setError(null);
    setActivities((current) => (current.poll?.id === target.id ? { ...current, poll: { ...current.poll, mine: option } } : current));
    send(props, { type: "poll_vote", poll: target.id, option });
  };
  const enter = (target: GiveawayView) => {
    setError(null);
    setEntering(true);
    send(props, { type: "giveaway_enter", giveaway: target.id });
  };
  const verify = async (target: GiveawayView, proof: GiveawayProof) => {
    setVerdict({ giveaway: target.id, ok: null, text: labels.verifying });
    let result: Verdict;
    try {
      const checked = await verifyGiveaway(proof);
      // The proof must also name the winner the room announced.
      const failed = [...checked.failed, ...(checked.ok && checked.winner !== (target.winner?.id ?? null) ? (["winner"] as const) : [])];
      result =
        failed.length > 0
          ? { giveaway: target.id, ok: false, text: fill(labels.mismatch, { checks: failed.map((check) => labels.checks[check]).join("; ") }) }
          : { giveaway: target.id, ok: true, text: target.winner ? fill(labels.verified, { name: target.winner.name }) : labels.verifiedNobody };
    } catch {
      // WebCrypto needs a secure page (HTTPS or localhost).
      result = { giveaway: target.id, ok: false, text: labels.cannotVerify };
    }
    setVerdict(result);
    setAnnouncement(result.text);
  };

  const pollCard = (p: PollView) => {
    const total = p.totals.reduce((sum, n) => sum + n, 0);
    return html`<section class="activity" aria-labelledby="activity-poll">
      <h3 class="activity__kicker">
        ${labels.poll} · ${p.closed ? labels.finalResults : fill(labels.endsIn, { seconds: secondsUntil(activities.clock, p.closesAt, local) })}
      </h3>
      <p class="activity__question" id="activity-poll">${p.question}</p>
      <ul class="poll">
        ${p.options.map((option, i) => {
          const votes = p.totals[i] ?? 0;
          const percent = total === 0 ? 0 : Math.round((votes / total) * 100);
          return html`<li key=${option} class=${`poll__option${p.mine === i ? " poll__option--mine" : ""}`}>
            ${props.member && !p.closed
              ? html`<button type="button" class="poll__choice" aria-pressed=${p.mine === i ? "true" : "false"} disabled=${!live} onClick=${() => vote(p, i)}>
                  ${option}
                </button>`
              : html`<span class="poll__choice">${option}</span>`}
            <meter min="0" max=${Math.max(total, 1)} value=${votes} aria-hidden="true"></meter>
            <span class="poll__count">${plural(labels.votes, votes)} · ${percent}%</span>
          </li>`;
        })}
      </ul>
      <p class="muted">${plural(labels.voters, p.voters)}</p>
    </section>`;
  };

  const giveawayCard = (g: GiveawayView) => {
    const beacon = fill(g.chain.kind === "drand" ? labels.beaconDrand : labels.beaconSandbox, { round: g.round });
    const mine = verdict?.giveaway === g.id ? verdict : null;
    return html`<section class="activity" aria-labelledby="activity-giveaway">
      <h3 class="activity__kicker" id="activity-giveaway">${fill(labels.giveaway, { prize: g.prize })}</h3>
      ${g.phase === "open" &&
      html`<p>${fill(labels.closesIn, { seconds: secondsUntil(activities.clock, g.closesAt, local) })} · ${plural(labels.entries, g.count)}</p>
        ${props.member &&
        (g.entered
          ? html`<p class="activity__ok">${labels.entered}</p>`
          : html`<button type="button" class="button" disabled=${!live || entering} onClick=${() => enter(g)}>${labels.enter}</button>`)}`}
      ${g.phase === "closed" && html`<p>${labels.entriesClosed} · ${plural(labels.entries, g.count)}</p>`}
      ${g.phase === "drawing" &&
      html`<p>${fill(labels.drawing, { round: g.round, seconds: secondsUntil(activities.clock, activities.drawsAt ?? 0, local) })}</p>`}
      ${g.phase === "drawn" &&
      html`<p class="activity__winner">
          ${g.winner
            ? html`${g.winner.avatar && html`<img class="avatar" src=${g.winner.avatar} alt="" width="36" height="36" />`}
                <strong>${fill(labels.winner, { name: g.winner.name })}</strong>`
            : labels.noWinner}
        </p>
        ${g.proof &&
        html`<p class="activity__verify">
          <button type="button" class="button--secondary" disabled=${mine?.ok === null} onClick=${() => verify(g, g.proof!)}>${labels.verify}</button>
          ${mine && html`<span class=${`activity__verdict${mine.ok === true ? " activity__verdict--ok" : mine.ok === false ? " activity__verdict--bad" : ""}`}>${mine.text}</span>`}
        </p>`}`}
      <dl class="activity__facts">
        <dt>${labels.commitment}</dt>
        <dd><code>${g.commitment}</code></dd>
        <dt>${beacon}</dt>
        <dd>${g.chain.kind === "drand" ? html`<code>${g.chain.hash}</code>` : g.chain.id}</dd>
        ${g.entrantsHash && html`<dt>${labels.entrantsHash}</dt><dd><code>${g.entrantsHash}</code></dd>`}
      </dl>
      ${g.proof &&
      html`<details class="activity__proof">
        <summary>${labels.proof}</summary>
        <dl class="activity__facts">
          <dt>${labels.seed}</dt>
          <dd><code>${g.proof.seed}</code></dd>
          <dt>${labels.randomness}</dt>
          <dd><code>${g.proof.beacon.randomness}</code></dd>
          <dt>${labels.entrants}</dt>
          <dd>${plural(labels.entries, g.proof.entrants.length)}</dd>
        </dl>
        <p class="muted">${labels.how}</p>
        <button type="button" class="link-button" onClick=${() => download(g.proof!)}>${labels.download}</button>
      </details>`}
    </section>`;
  };

  const placeholder = status === "server" ? labels.noscript : live ? labels.none : labels.connecting;
  return html`<div class="room-activities" data-status=${status}>
    ${!poll && !giveaway && html`<p class="muted">${placeholder}</p>`}
    ${poll && pollCard(poll)}
    ${giveaway && giveawayCard(giveaway)}
    ${error && html`<p class="field__error" role="alert">${error}</p>`}
    <p class="visually-hidden" role="status">${announcement}</p>
  </div>`;
}

/** The options with the most votes (several on a tie). */
function leaders(poll: PollView): string[] {
  const top = Math.max(...poll.totals);
  return poll.options.filter((_, i) => poll.totals[i] === top);
}

/** Saves the proof as JSON, so anyone can check it later with any SHA-256 tool. */
function download(proof: GiveawayProof) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(proof, null, 2)], { type: "application/json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = `giveaway-${proof.giveaway}-proof.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
