import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { ConsentCopy } from "../features/consent/consent-copy.ts";
import type { SignedIn } from "../features/accounts/sessions.ts";
import type { ConsentState } from "../features/consent/consent-state.ts";
import type { Locale, Translate } from "../i18n/index.ts";

/** What every view may need while rendering one page; provided once by render.ts. */
export type PageContext = {
  t: Translate;
  locale: Locale;
  /** Path and query of the current page (for the language switch and "current" links). */
  path: string;
  /** The search box keeps what the shopper searched for. */
  query: string;
  /** Islands rendered so far; the layout loads the client script only when there are any. */
  islands: Set<string>;
  /** The visitor's consent state (null only on errors raised before the consent layer ran). */
  consent: ConsentState | null;
  /** The consent banner to show at the top of this page, with the hash of its exact text. */
  banner: { copy: ConsentCopy; hash: string; subject: string | null } | null;
  /** Whether to announce policy changes published since the visitor last looked. */
  notice: boolean;
  /** The signed-in member (null for guests, and on errors raised before sessions were read). */
  member: SignedIn | null;
};

export const PageContextValue = createContext<PageContext | null>(null);

export function usePage(): PageContext {
  const page = useContext(PageContextValue);
  if (!page) throw new Error("views must be rendered through renderPage()");
  return page;
}
