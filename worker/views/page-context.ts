import { createContext } from "preact";
import { useContext } from "preact/hooks";
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
};

export const PageContextValue = createContext<PageContext | null>(null);

export function usePage(): PageContext {
  const page = useContext(PageContextValue);
  if (!page) throw new Error("views must be rendered through renderPage()");
  return page;
}
