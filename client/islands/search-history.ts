/**
 * Search history kept on this device only (policy §3.2: "some of the information may be stored on your
 * local device and may show search history"): the recent searches in `localStorage` under
 * `lantern_searches` (a registered personalisation key), shown on the search page with a way to remove
 * one or all. Nothing of it is sent anywhere. The server decides whether it may be kept here; when it may
 * not (personalisation refused, or the member keeps searches with their account), the island only
 * removes what an earlier choice left. Without JavaScript nothing is kept and nothing is shown.
 */
import { html } from "htm/preact";
import { useEffect, useRef, useState } from "preact/hooks";
import * as v from "valibot";

const searchesKey = "lantern_searches";
const keep = 10;
/** As the cookie registry says: a search is forgotten 30 days after it was last made. */
const maxAgeMs = 30 * 86_400_000;

const storedSearches = v.array(
  v.object({
    term: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
    count: v.pipe(v.number(), v.integer(), v.minValue(1)),
    at: v.number(),
  }),
);
type Search = v.InferOutput<typeof storedSearches>[number];

function read(now: number): Search[] {
  let value: unknown;
  try {
    value = JSON.parse(localStorage.getItem(searchesKey) ?? "[]");
  } catch {
    return [];
  }
  const parsed = v.safeParse(storedSearches, value);
  return parsed.success ? parsed.output.filter((search) => now - search.at < maxAgeMs).slice(0, keep) : [];
}

function write(searches: Search[]) {
  if (searches.length === 0) localStorage.removeItem(searchesKey);
  else localStorage.setItem(searchesKey, JSON.stringify(searches));
}

/** `term` searched again (or for the first time) at `now`: first in the list, counted once more. */
function remembered(searches: Search[], term: string, now: number): Search[] {
  const before = searches.find((search) => search.term === term);
  return [{ term, count: (before?.count ?? 0) + 1, at: now }, ...searches.filter((search) => search !== before)].slice(0, keep);
}

export type SearchHistoryProps = {
  /** "keep": show this device's searches (and add `query`); "forget": remove whatever an earlier choice left. */
  mode: "keep" | "forget";
  /** The search this page shows, to remember ("" when nothing is to be added, e.g. history paused). */
  query: string;
  /** The member's page for choosing where searches are kept; null for guests. */
  manageHref: string | null;
  labels: { title: string; remove: string; removed: string; clear: string; cleared: string; note: string; manage: string };
};

const fill = (template: string, term: string) => template.replace("{term}", term);

export function SearchHistory({ mode, query, manageHref, labels }: SearchHistoryProps) {
  // Null until the browser's storage is read: the server renders nothing, and hydration matches it.
  const [searches, setSearches] = useState<Search[] | null>(null);
  const [status, setStatus] = useState("");
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    try {
      if (mode === "forget") {
        localStorage.removeItem(searchesKey);
        return;
      }
      const now = Date.now();
      const stored = query ? remembered(read(now), query, now) : read(now);
      write(stored);
      setSearches(stored);
    } catch {
      // Storage blocked or full: nothing is kept, and nothing is shown.
    }
  }, [mode, query]);

  const change = (next: Search[], message: string) => {
    try {
      write(next);
    } catch {
      return;
    }
    setSearches(next);
    setStatus(message);
    // The button pressed is gone: the list's heading takes the focus, and the status says what happened.
    heading.current?.focus();
  };

  if (mode === "forget" || searches === null || (searches.length === 0 && !status)) return null;
  return html`<section class="search-history" aria-labelledby="device-searches-title">
    <h2 id="device-searches-title" tabindex="-1" ref=${heading}>${labels.title}</h2>
    <p class="search-history__status" role="status">${status}</p>
    ${searches.length > 0 &&
    html`<ul class="search-history__terms">
        ${searches.map(
          (search) => html`<li key=${search.term}>
            <a href=${`/search?q=${encodeURIComponent(search.term)}`}>${search.term}</a>
            <button
              type="button"
              class="search-history__remove"
              aria-label=${fill(labels.remove, search.term)}
              onClick=${() => change(searches.filter((other) => other !== search), fill(labels.removed, search.term))}
            >
              <span aria-hidden="true">×</span>
            </button>
          </li>`,
        )}
      </ul>
      <button type="button" class="link-button" onClick=${() => change([], labels.cleared)}>${labels.clear}</button>`}
    <p class="muted">${labels.note}${manageHref && html` <a href=${manageHref}>${labels.manage}</a>`}</p>
  </section>`;
}
