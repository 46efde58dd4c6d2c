/**
 * The search page's query box, inside the page's GET form. Without JavaScript it is a plain labelled
 * input (`q`, 100 characters); the island (client/islands/search-box.ts) adds suggestions and voice.
 * Only /search carries it: the header's box stays plain, so pages without islands ship no script.
 */
import { html } from "htm/preact";
import { SearchBox as SearchBoxIsland } from "../../../client/islands/search-box.ts";
import { Island } from "../../views/island.ts";
import { usePage } from "../../views/page-context.ts";

/** `invalid`: the page shows a field error for the query as `#search-q-error`. */
export function SearchBox({ query, invalid = false }: { query: string; invalid?: boolean }) {
  const { t, locale } = usePage();
  const labels = {
    label: t("nav.search.label"),
    suggestions: t("search.box.suggestions"),
    one: t("search.box.one"),
    many: t("search.box.many"),
    voice: t("search.box.voice"),
    stop: t("search.box.stop"),
    listening: t("search.box.listening"),
    noSpeech: t("search.box.noSpeech"),
    unavailable: t("search.box.unavailable"),
  };
  return html`<${Island} name="search-box" component=${SearchBoxIsland} props=${{ query, invalid, lang: locale, labels }} />`;
}
