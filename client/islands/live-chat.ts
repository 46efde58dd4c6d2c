import { html } from "htm/preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { ChatLine, ErrorCode } from "../../party/protocol.ts";
import { maxChatLength } from "../../party/protocol.ts";
import { send, subscribe, type RoomAddress, type RoomStatus } from "../live/room-connection.ts";

export type LiveChatLabels = {
  message: string;
  send: string;
  like: string;
  likes: { one: string; other: string };
  messages: { one: string; other: string };
  empty: string;
  connecting: string;
  /** Shown in the server's HTML until the island runs: without JavaScript it stays. */
  noscript: string;
  remove: string;
  mute: string;
  ban: string;
  host: string;
  moderator: string;
  slowMode: string;
  /** "{name} just bought {product}". */
  bought: string;
  errors: Partial<Record<ErrorCode, string>> & { other: string };
};

export type LiveChatProps = RoomAddress & {
  locale: string;
  /** Whether the viewer is signed in (members chat and like; guests read). */
  member: boolean;
  /** Titles of the show's products by id, for purchase notices. */
  products: Record<string, string>;
  labels: LiveChatLabels;
};

const format = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));

/**
 * The room's chat and likes. Everyone reads the chat; members send messages and likes; the host and
 * moderators can remove a line or mute its author. Lines arrive as they are said; the like total arrives
 * once per room tick. Without JavaScript the page says the chat needs it (and offers sign-in to guests).
 */
export function LiveChat(props: LiveChatProps) {
  const [status, setStatus] = useState<RoomStatus | "server">("server");
  const [lines, setLines] = useState<ChatLine[]>([]);
  const [likes, setLikes] = useState(0);
  // Messages said in the show: the welcome's total, then one more per line (no extra frames).
  const [said, setSaid] = useState(0);
  const [slowMode, setSlowMode] = useState(0);
  const [role, setRole] = useState<string>("viewer");
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState("");
  const [bought, setBought] = useState<string | null>(null);
  const list = useRef<HTMLDivElement>(null);

  useEffect(
    () =>
      subscribe(props, {
        status: setStatus,
        message: (message) => {
          switch (message.type) {
            case "welcome":
              setLines(message.messages);
              setLikes(message.likes);
              setSaid(message.said);
              setSlowMode(message.slowMode);
              setRole(message.you.role);
              break;
            case "chat":
              setLines((current) => [...current.slice(-99), message.line]);
              setSaid((count) => count + 1);
              break;
            case "removed":
              setLines((current) => current.filter((line) => !message.ids.includes(line.id)));
              break;
            case "likes":
              setLikes(message.total);
              break;
            case "slow_mode":
              setSlowMode(message.seconds);
              break;
            case "purchase": {
              const title = props.products[message.product];
              if (title) setBought(format(props.labels.bought, { name: message.name, product: title }));
              break;
            }
            case "error": {
              if (message.about) break; // a poll's or giveaway's refusal: the activities island shows it
              const template = props.labels.errors[message.code] ?? props.labels.errors.other;
              setError(format(template, { seconds: Math.ceil((message.retryAfterMs ?? 0) / 1000) }));
              break;
            }
          }
        },
      }),
    [props.room],
  );

  useEffect(() => {
    const element = list.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [lines]);

  const moderator = role === "host" || role === "moderator";
  const counted = (forms: { one: string; other: string }, count: number) =>
    forms[new Intl.PluralRules(props.locale).select(count) === "one" ? "one" : "other"].replace("{count}", new Intl.NumberFormat(props.locale).format(count));
  const likesText = counted(props.labels.likes, likes);
  const live = status === "open";

  const submit = (event: Event) => {
    event.preventDefault();
    const message = text.trim();
    if (!message) return;
    setError(null);
    send(props, { type: "chat", text: message });
    setText("");
  };

  // Rendered in full from the server (the log shows why it is empty, the inputs wait disabled), so the
  // page does not shift when the island starts.
  const emptyText = status === "server" ? props.labels.noscript : live ? props.labels.empty : props.labels.connecting;
  return html`<div class="live-chat" data-status=${status}>
    <div class="live-chat__lines" ref=${list} role="log" aria-live="polite" aria-label=${props.labels.message}>
      <ol>
      ${lines.length === 0 && html`<li class="live-chat__empty muted">${emptyText}</li>`}
      ${lines.map(
        (line) => html`<li key=${line.id} class="live-chat__line">
          ${line.by.avatar && html`<img class="avatar" src=${line.by.avatar} alt="" width="28" height="28" />`}
          <div>
            <span class="live-chat__name">${line.by.name}</span>
            ${line.by.role === "host" && html` <span class="badge badge--live">${props.labels.host}</span>`}
            ${line.by.role === "moderator" && html` <span class="badge">${props.labels.moderator}</span>`}
            <p class="live-chat__text">${line.text}</p>
            ${moderator &&
            html`<div class="live-chat__tools">
              <button type="button" class="link-button" onClick=${() => send(props, { type: "moderate", command: { action: "delete", id: line.id } })}>
                ${props.labels.remove}
              </button>
              ${line.by.role === "member" &&
              html`<button
                type="button"
                class="link-button"
                onClick=${() => send(props, { type: "moderate", command: { action: "mute", viewer: line.by.id, seconds: 600 } })}
              >
                ${props.labels.mute}
              </button>
              <button
                type="button"
                class="link-button"
                onClick=${() => send(props, { type: "moderate", command: { action: "ban", viewer: line.by.id } })}
              >
                ${props.labels.ban}
              </button>`}
            </div>`}
          </div>
        </li>`,
      )}
      </ol>
    </div>
    ${bought && html`<p class="live-chat__bought" role="status">${bought}</p>`}
    ${slowMode > 0 && html`<p class="muted">${format(props.labels.slowMode, { seconds: slowMode })}</p>`}
    ${error && html`<p class="field__error" role="alert">${error}</p>`}
    <div class="live-chat__bar">
      ${props.member &&
      html`<form class="live-chat__form" onSubmit=${submit}>
        <label class="visually-hidden" for="chat-message">${props.labels.message}</label>
        <input
          id="chat-message"
          type="text"
          maxlength=${maxChatLength}
          autocomplete="off"
          value=${text}
          onInput=${(event: Event) => setText((event.target as HTMLInputElement).value)}
          placeholder=${props.labels.message}
          disabled=${!live}
        />
        <button class="button" type="submit" disabled=${!live}>${props.labels.send}</button>
      </form>`}
      <p class="live-chat__likes">
        ${props.member &&
        html`<button type="button" class="button--secondary" disabled=${!live} onClick=${() => send(props, { type: "like" })}>
          <span aria-hidden="true">♥ </span>${props.labels.like}
        </button>`}
        <span aria-live="polite">${likesText}</span>
        <span class="muted"> · ${counted(props.labels.messages, said)}</span>
      </p>
    </div>
  </div>`;
}
