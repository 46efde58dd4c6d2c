import { html } from "htm/preact";
import { useEffect, useRef, useState } from "preact/hooks";

export type SearchBoxProps = {
  query: string;
  /** The server refused the query; its message is the element `search-q-error`. */
  invalid: boolean;
  /** The page's language, which speech recognition listens for: "en" or "zh-CN". */
  lang: string;
  labels: {
    label: string;
    /** The suggestion list's name. */
    suggestions: string;
    /** Announced when suggestions appear: "1 suggestion…", "{count} suggestions…". */
    one: string;
    many: string;
    voice: string;
    stop: string;
    listening: string;
    noSpeech: string;
    unavailable: string;
  };
};

type Suggestion = { title: string; href: string };

/** The part of the Web Speech API used here (not in TypeScript's DOM library). */
type Recognition = {
  lang: string;
  interimResults: boolean;
  maxAlternatives: number;
  onresult: ((event: { results: ArrayLike<ArrayLike<{ transcript: string }>> }) => void) | null;
  onerror: ((event: { error: string }) => void) | null;
  onend: (() => void) | null;
  start(): void;
  abort(): void;
};
type RecognitionClass = new () => Recognition;

/** Waits this long after the last keystroke before asking for suggestions. */
const debounceMs = 150;
const listId = "search-q-suggestions";
const optionId = (index: number) => `search-q-option-${index}`;

/** Keeps what the API answered only if it has the expected shape, and only links within this site. */
function suggestionsIn(reply: unknown): Suggestion[] {
  const list = (reply as { suggestions?: unknown } | null)?.suggestions;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (item): item is Suggestion =>
      typeof item?.title === "string" && typeof item?.href === "string" && item.href.startsWith("/") && !item.href.startsWith("//"),
  );
}

/**
 * The search page's query box. Without JavaScript it is a plain labelled input in the page's GET form.
 * This island makes it an ARIA 1.2 combobox: product titles are suggested as one types (one request per
 * pause, the previous one cancelled, a late answer for older text ignored), arrows choose, Enter opens
 * the chosen product or, with none chosen, submits the form. "Search by voice" asks the browser's own
 * speech recognition for words only when pressed (so the microphone permission is asked then, never
 * before); the words fill the box and search. No audio passes through the shop.
 */
export function SearchBox({ query, invalid, lang, labels }: SearchBoxProps) {
  const [ready, setReady] = useState(false);
  /** What the shopper typed; null until they type, so the query the page came with suggests nothing. */
  const [text, setText] = useState<string | null>(null);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [listening, setListening] = useState(false);
  const [voiceMessage, setVoiceMessage] = useState("");
  const input = useRef<HTMLInputElement>(null);
  const recognition = useRef<Recognition | null>(null);

  useEffect(() => {
    setReady(true);
    return () => recognition.current?.abort();
  }, []);

  useEffect(() => {
    const q = text?.trim() ?? "";
    if (q === "") {
      setSuggestions([]);
      return closeList();
    }
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(`/api/search/suggest?${new URLSearchParams({ q })}`, { signal: controller.signal, headers: { Accept: "application/json" } });
        const found = response.ok ? suggestionsIn(await response.json()) : [];
        if (controller.signal.aborted) return;
        setSuggestions(found);
        setActive(-1);
        setOpen(found.length > 0 && document.activeElement === input.current);
      } catch {
        // Cancelled by newer text, or offline: the plain form still searches.
      }
    }, debounceMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text]);

  function closeList() {
    setOpen(false);
    setActive(-1);
  }

  function onKeyDown(event: KeyboardEvent) {
    const count = suggestions.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (count === 0) return;
      event.preventDefault();
      setOpen(true);
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive(open ? (active + step + count) % count : step === 1 ? 0 : count - 1);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      closeList();
    } else if (event.key === "Enter" && open && suggestions[active]) {
      // Enter without a chosen suggestion falls through to the form: a normal search.
      event.preventDefault();
      location.assign(suggestions[active].href);
    }
  }

  function listen() {
    if (listening) return recognition.current?.abort();
    const speech = window as unknown as { SpeechRecognition?: RecognitionClass; webkitSpeechRecognition?: RecognitionClass };
    const Speech = speech.SpeechRecognition ?? speech.webkitSpeechRecognition;
    if (!Speech) return setVoiceMessage(labels.unavailable);
    const current = new Speech();
    current.lang = lang;
    current.interimResults = false;
    current.maxAlternatives = 1;
    current.onresult = (event) => {
      const words = event.results[0]?.[0]?.transcript.trim().slice(0, 100) ?? "";
      if (!words || !input.current) return;
      input.current.value = words;
      setText(words);
      input.current.form?.requestSubmit();
    };
    // "aborted" is the shopper pressing Stop; anything else (no permission, no service) means no voice here.
    current.onerror = (event) => setVoiceMessage(event.error === "aborted" ? "" : event.error === "no-speech" ? labels.noSpeech : labels.unavailable);
    current.onend = () => {
      // Ended without words or an error (nothing recognised): stop saying "Listening".
      setVoiceMessage((message) => (message === labels.listening ? "" : message));
      setListening(false);
      recognition.current = null;
    };
    recognition.current = current;
    setVoiceMessage(labels.listening);
    setListening(true);
    try {
      current.start();
    } catch {
      setListening(false);
      setVoiceMessage(labels.unavailable);
    }
  }

  const shown = ready && open && suggestions.length > 0;
  // The voice button and the status lines are in the server's HTML too (the button disabled until the
  // island runs, and hidden by CSS without JavaScript), so hydrating shifts nothing on the page.
  const announcement = shown ? (suggestions.length === 1 ? labels.one : labels.many.replace("{count}", String(suggestions.length))) : "";
  return html`<div class="search-box">
    <label for="search-q">${labels.label}</label>
    <div class="search-box__row">
      <div class="search-box__field">
        <input
          ref=${input}
          id="search-q"
          type="search"
          name="q"
          value=${text ?? query}
          maxlength="100"
          autocomplete="off"
          aria-invalid=${invalid ? "true" : undefined}
          aria-describedby=${invalid ? "search-q-error" : undefined}
          role=${ready ? "combobox" : undefined}
          aria-autocomplete=${ready ? "list" : undefined}
          aria-expanded=${ready ? String(shown) : undefined}
          aria-controls=${ready ? listId : undefined}
          aria-activedescendant=${shown && active >= 0 ? optionId(active) : undefined}
          onInput=${(event: InputEvent) => setText((event.currentTarget as HTMLInputElement).value)}
          onKeyDown=${onKeyDown}
          onBlur=${closeList}
        />
        ${ready &&
        html`<ul id=${listId} class="search-box__list" role="listbox" aria-label=${labels.suggestions} hidden=${!shown} onMouseDown=${(event: MouseEvent) => event.preventDefault()}>
          ${suggestions.map(
            (suggestion, index) => html`<li
              id=${optionId(index)}
              role="option"
              class="search-box__option"
              aria-selected=${String(index === active)}
              onClick=${() => location.assign(suggestion.href)}
            >
              ${suggestion.title}
            </li>`,
          )}
        </ul>`}
      </div>
      <button type="button" class="button--secondary search-box__voice" disabled=${!ready} onClick=${listen}>
        ${listening ? labels.stop : labels.voice}
      </button>
    </div>
    <p class="visually-hidden" aria-live="polite">${announcement}</p>
    <p class="search-box__message" role="status">${voiceMessage}</p>
  </div>`;
}
