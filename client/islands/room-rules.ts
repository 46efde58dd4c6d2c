import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import { maxSlowModeSeconds } from "../../party/protocol.ts";
import { send, subscribe, type RoomAddress, type RoomStatus } from "../live/room-connection.ts";

export type RoomRulesProps = RoomAddress & {
  labels: { slowMode: string; off: string; seconds: string; blockedWords: string; blockedHint: string; save: string; saved: string; connecting: string };
};

const slowModeChoices = [0, 5, 10, 30, 60, maxSlowModeSeconds];

/**
 * The host's chat rules for the show: slow mode and blocked words. The room keeps them (and survives
 * restarts with them); the host's welcome says what they are now.
 */
export function RoomRules(props: RoomRulesProps) {
  const { labels } = props;
  const [status, setStatus] = useState<RoomStatus | "server">("server");
  const [slow, setSlow] = useState(0);
  const [words, setWords] = useState("");
  const [saved, setSaved] = useState(false);

  useEffect(
    () =>
      subscribe(props, {
        status: setStatus,
        message: (message) => {
          if (message.type === "welcome") {
            setSlow(message.slowMode);
            setWords((message.blockedWords ?? []).join("\n"));
          } else if (message.type === "slow_mode") setSlow(message.seconds);
        },
      }),
    [props.room],
  );

  const save = (event: Event) => {
    event.preventDefault();
    const list = [...new Set(words.split(/[\n,]/).map((word) => word.trim()).filter(Boolean))].slice(0, 100);
    send(props, { type: "moderate", command: { action: "slow", seconds: slow } });
    send(props, { type: "moderate", command: { action: "blocked_words", words: list } });
    setSaved(true);
  };

  if (status !== "open") return html`<p class="muted" role="status">${labels.connecting}</p>`;
  return html`<form class="room-rules" onSubmit=${save}>
    <div class="field">
      <label for="slow-mode">${labels.slowMode}</label>
      <select id="slow-mode" value=${slow} onChange=${(event: Event) => (setSaved(false), setSlow(Number((event.target as HTMLSelectElement).value)))}>
        ${slowModeChoices.map((seconds) => html`<option value=${seconds}>${seconds === 0 ? labels.off : labels.seconds.replace("{seconds}", String(seconds))}</option>`)}
      </select>
    </div>
    <div class="field">
      <label for="blocked-words">${labels.blockedWords}</label>
      <p class="field__hint" id="blocked-words-hint">${labels.blockedHint}</p>
      <textarea id="blocked-words" rows="3" aria-describedby="blocked-words-hint" value=${words} onInput=${(event: Event) => (setSaved(false), setWords((event.target as HTMLTextAreaElement).value))}></textarea>
    </div>
    <button class="button button--secondary" type="submit">${labels.save}</button>
    ${saved && html` <span role="status" class="activity__ok">${labels.saved}</span>`}
  </form>`;
}
