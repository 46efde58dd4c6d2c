import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import * as v from "valibot";
import { clientMessage, giveawayLimits, pollLimits, type ClientMessage, type ErrorCode, type RoomRole } from "../../party/protocol.ts";
import { fill, nextActivities, noActivities, secondsUntil, useTicking, type Activities } from "../live/activities.ts";
import { send, subscribe, type RoomAddress, type RoomStatus } from "../live/room-connection.ts";

export type ActivityControlsLabels = {
  title: string;
  poll: string;
  question: string;
  option: string;
  optional: string;
  pollSeconds: string;
  startPoll: string;
  closePoll: string;
  pollRunning: string;
  invalidPoll: string;
  giveaway: string;
  prize: string;
  giveawaySeconds: string;
  openGiveaway: string;
  closeEntries: string;
  draw: string;
  drawing: string;
  giveawayOpen: string;
  giveawayClosed: string;
  invalidGiveaway: string;
  connecting: string;
  errors: Partial<Record<ErrorCode, string>> & { other: string };
};

export type ActivityControlsProps = RoomAddress & { labels: ActivityControlsLabels };

const runsShow = (role: RoomRole | null) => role === "host" || role === "moderator";

/**
 * The host's controls for polls and giveaways: open a poll (question, 2–4 options, how long), close it;
 * open a giveaway (prize, entry window), close its entries, draw it. Plain forms with labels, so they
 * work from the keyboard. The room decides: it refuses anyone but the host and moderators, and says
 * why when an action comes too late (the island shows it). Renders nothing for anyone else.
 */
export function ActivityControls(props: ActivityControlsProps) {
  const { labels } = props;
  const [status, setStatus] = useState<RoomStatus | "server">("server");
  const [role, setRole] = useState<RoomRole | null>(null);
  const [activities, setActivities] = useState<Activities>(noActivities);
  const [error, setError] = useState<string | null>(null);
  const { poll, giveaway } = activities;

  useEffect(
    () =>
      subscribe(props, {
        status: setStatus,
        message: (message) => {
          setActivities((current) => nextActivities(current, message, performance.now()));
          if (message.type === "welcome") setRole(message.you.role);
          if (message.type === "poll_opened" || message.type === "giveaway_opened") setError(null);
          if (message.type === "error" && message.about) setError(labels.errors[message.code] ?? labels.errors.other);
        },
      }),
    [props.room],
  );

  const local = useTicking((poll !== null && !poll.closed) || giveaway?.phase === "open");
  if (role !== null && !runsShow(role)) return null;
  const live = status === "open";

  /** Sends a command the room will parse with the same schema; a form the schema refuses is not sent. */
  const command = (message: ClientMessage, invalid: string) => {
    if (!v.safeParse(clientMessage, message).success) return setError(invalid);
    setError(null);
    send(props, message);
  };
  const startPoll = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const options = form.getAll("option").map((option) => String(option).trim()).filter((option) => option !== "");
    command({ type: "poll_open", question: String(form.get("question") ?? ""), options, seconds: Number(form.get("seconds")) }, labels.invalidPoll);
  };
  const openGiveaway = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    command({ type: "giveaway_open", prize: String(form.get("prize") ?? ""), seconds: Number(form.get("seconds")) }, labels.invalidGiveaway);
  };

  const pollRunning = poll !== null && !poll.closed;
  const giveawayRunning = giveaway !== null && giveaway.phase !== "drawn";
  return html`<section class="activity-controls" data-status=${status} aria-labelledby="controls-heading">
    <h2 id="controls-heading">${labels.title}</h2>
    <form class="activity-form" aria-labelledby="controls-poll" onSubmit=${startPoll}>
      <h3 id="controls-poll">${labels.poll}</h3>
      ${pollRunning
        ? html`<p>${fill(labels.pollRunning, { question: poll.question, seconds: secondsUntil(activities.clock, poll.closesAt, local) })}</p>
            <button type="button" class="button--secondary" disabled=${!live} onClick=${() => command({ type: "poll_close", poll: poll.id }, labels.invalidPoll)}>
              ${labels.closePoll}
            </button>`
        : html`<p class="field">
              <label for="controls-question">${labels.question}</label>
              <input id="controls-question" name="question" type="text" required maxlength=${pollLimits.question} autocomplete="off" />
            </p>
            <div class="activity-form__options">
            ${[1, 2, 3, 4].map(
              (number) => html`<p class="field" key=${number}>
                <label for=${`controls-option-${number}`}>
                  ${fill(labels.option, { number })}${number > pollLimits.minOptions ? ` ${labels.optional}` : ""}
                </label>
                <input
                  id=${`controls-option-${number}`}
                  name="option"
                  type="text"
                  required=${number <= pollLimits.minOptions}
                  maxlength=${pollLimits.option}
                  autocomplete="off"
                />
              </p>`,
            )}
            </div>
            <p class="field">
              <label for="controls-poll-seconds">${labels.pollSeconds}</label>
              <input id="controls-poll-seconds" name="seconds" type="number" required min=${pollLimits.minSeconds} max=${pollLimits.maxSeconds} value="60" />
            </p>
            <button type="submit" class="button" disabled=${!live}>${labels.startPoll}</button>`}
    </form>
    <form class="activity-form" aria-labelledby="controls-giveaway" onSubmit=${openGiveaway}>
      <h3 id="controls-giveaway">${labels.giveaway}</h3>
      ${giveawayRunning
        ? html`<p>
              ${giveaway.phase === "open"
                ? fill(labels.giveawayOpen, { prize: giveaway.prize, count: giveaway.count, seconds: secondsUntil(activities.clock, giveaway.closesAt, local) })
                : fill(labels.giveawayClosed, { prize: giveaway.prize, count: giveaway.count })}
            </p>
            ${giveaway.phase === "open" &&
            html`<button type="button" class="button--secondary" disabled=${!live} onClick=${() => command({ type: "giveaway_close", giveaway: giveaway.id }, labels.invalidGiveaway)}>
              ${labels.closeEntries}
            </button>`}
            ${giveaway.phase !== "open" &&
            html`<button
              type="button"
              class="button"
              disabled=${!live || giveaway.phase !== "closed"}
              onClick=${() => command({ type: "giveaway_draw", giveaway: giveaway.id }, labels.invalidGiveaway)}
            >
              ${giveaway.phase === "drawing" ? labels.drawing : labels.draw}
            </button>`}`
        : html`<p class="field">
              <label for="controls-prize">${labels.prize}</label>
              <input id="controls-prize" name="prize" type="text" required maxlength=${giveawayLimits.prize} autocomplete="off" />
            </p>
            <p class="field">
              <label for="controls-giveaway-seconds">${labels.giveawaySeconds}</label>
              <input
                id="controls-giveaway-seconds"
                name="seconds"
                type="number"
                required
                min=${giveawayLimits.minSeconds}
                max=${giveawayLimits.maxSeconds}
                value="60"
              />
            </p>
            <button type="submit" class="button" disabled=${!live}>${labels.openGiveaway}</button>`}
    </form>
    ${status !== "open" && html`<p class="muted">${labels.connecting}</p>`}
    ${error && html`<p class="field__error" role="alert">${error}</p>`}
  </section>`;
}
