import { html } from "htm/preact";
import { usePage } from "./page-context.ts";

/** Previous / next links that keep the rest of the query string (sort, search words). */
export function Pagination({ page, pages, hrefFor }: { page: number; pages: number; hrefFor: (page: number) => string }) {
  const { t } = usePage();
  if (pages <= 1) return null;
  const edge = (target: number, label: string, rel: string) =>
    target >= 1 && target <= pages
      ? html`<a href=${hrefFor(target)} rel=${rel}>${label}</a>`
      : html`<span aria-disabled="true">${label}</span>`;
  return html`<nav class="pagination" aria-label=${t("pagination.label")}>
    ${edge(page - 1, t("pagination.previous"), "prev")}
    <span>${t("pagination.status", { page, pages })}</span>
    ${edge(page + 1, t("pagination.next"), "next")}
  </nav>`;
}
