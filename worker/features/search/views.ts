/**
 * The search page: the query and its filters in one GET form (shareable, works without JavaScript), the
 * results with "did you mean", and a zero-result page that still helps (respelling, looser words,
 * categories, what is popular).
 */
import { html } from "htm/preact";
import type { VNode } from "preact";
import type { MessageKey } from "../../i18n/index.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import { usePage } from "../../views/page-context.ts";
import { Pagination } from "../../views/pagination.ts";
import { ProductGrid } from "../../views/product-card.ts";
import type { ProductSummary } from "../catalog/queries.ts";
import { origins, searchSorts } from "./input.ts";
import type { SearchResult } from "./queries.ts";
import { SearchBox } from "./search-box.ts";

/** The form's fields as the visitor typed them (kept on an error) or as parsed, all strings. */
export type SearchFields = { q: string; category: string; min: string; max: string; stock: string; origin: string; sort: string };

export type SearchView =
  | { kind: "prompt" }
  | { kind: "invalid"; errors: FieldErrors }
  | { kind: "no-words" }
  | { kind: "results"; result: SearchResult; popular: ProductSummary[] };

/** The page's URL for the same search with some fields changed (empty fields are left out). */
export function searchHref(fields: SearchFields, changes: Partial<SearchFields & { page: string }> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...fields, ...changes })) if (value) params.set(name, value);
  return `/search?${params}`;
}

function FilterError({ id, errors }: { id: string; errors?: string[] }) {
  const { t } = usePage();
  if (!errors?.length) return null;
  return html`<p class="field__error" id=${`${id}-error`}>${errors.map((key) => t(key as MessageKey)).join(" ")}</p>`;
}

function Filters({ fields, categories, errors }: { fields: SearchFields; categories: { slug: string; name: string }[]; errors: FieldErrors }) {
  const { t } = usePage();
  const invalid = (name: string) => (errors[name]?.length ? { "aria-invalid": "true", "aria-describedby": `search-${name}-error` } : {});
  return html`<fieldset class="search-filters">
    <legend>${t("search.filters")}</legend>
    <div class="search-filters__field">
      <label for="search-category">${t("search.category")}</label>
      <select id="search-category" name="category" ...${invalid("category")}>
        <option value="">${t("search.category.all")}</option>
        ${categories.map((category) => html`<option value=${category.slug} selected=${category.slug === fields.category}>${category.name}</option>`)}
      </select>
      <${FilterError} id="search-category" errors=${errors.category} />
    </div>
    <div class="search-filters__field search-filters__price">
      <span id="search-price-label">${t("search.price")}</span>
      <label class="visually-hidden" for="search-min">${t("search.price.min")}</label>
      <input id="search-min" name="min" inputmode="decimal" size="6" value=${fields.min} placeholder=${t("search.price.minShort")} ...${invalid("min")} />
      <span aria-hidden="true">–</span>
      <label class="visually-hidden" for="search-max">${t("search.price.max")}</label>
      <input id="search-max" name="max" inputmode="decimal" size="6" value=${fields.max} placeholder=${t("search.price.maxShort")} ...${invalid("max")} />
      <${FilterError} id="search-min" errors=${errors.min} />
      <${FilterError} id="search-max" errors=${errors.max} />
    </div>
    <div class="search-filters__field">
      <label for="search-origin">${t("search.origin")}</label>
      <select id="search-origin" name="origin" ...${invalid("origin")}>
        ${origins.map((origin) => html`<option value=${origin} selected=${origin === fields.origin}>${t(`search.origin.${origin || "any"}`)}</option>`)}
      </select>
      <${FilterError} id="search-origin" errors=${errors.origin} />
    </div>
    <div class="search-filters__field search-filters__check">
      <input id="search-stock" type="checkbox" name="stock" value="1" checked=${fields.stock === "1"} />
      <label for="search-stock">${t("search.inStock")}</label>
      <${FilterError} id="search-stock" errors=${errors.stock} />
    </div>
    <div class="search-filters__field">
      <label for="search-sort">${t("search.sort")}</label>
      <select id="search-sort" name="sort" ...${invalid("sort")}>
        ${searchSorts.map((sort) => html`<option value=${sort} selected=${sort === (fields.sort || "relevance")}>${t(`search.sort.${sort}`)}</option>`)}
      </select>
      <${FilterError} id="search-sort" errors=${errors.sort} />
    </div>
  </fieldset>`;
}

function Results({ fields, result, popular, categories }: { fields: SearchFields; result: SearchResult; popular: ProductSummary[]; categories: { slug: string; name: string }[] }) {
  const { t, locale } = usePage();
  const filtered = Boolean(fields.category || fields.min || fields.max || fields.stock || fields.origin);
  const suggestion =
    result.suggestion &&
    html`<p class="search-suggestion">${t("search.didYouMean")} <a href=${searchHref(fields, { q: result.suggestion })}>${result.suggestion}</a></p>`;
  if (result.total === 0) {
    return html`<section aria-labelledby="results-heading">
      <h2 id="results-heading">${t("search.results.heading")}</h2>
      <p role="status">${fields.q ? t("search.none", { q: fields.q }) : t("search.none.filters")}</p>
      ${suggestion}
      <ul class="search-tips">
        ${filtered && html`<li><a href=${searchHref({ ...fields, category: "", min: "", max: "", stock: "", origin: "" })}>${t("search.tip.clearFilters")}</a></li>`}
        <li>${t("search.tip.spelling")}</li>
        <li>${t("search.tip.fewer")}</li>
        <li><a href="/search/image">${t("search.tip.photo")}</a></li>
      </ul>
      <h3>${t("search.browseCategories")}</h3>
      <ul class="search-categories">
        ${categories.map((category) => html`<li><a href=${`/c/${category.slug}`}>${category.name}</a></li>`)}
      </ul>
      ${popular.length > 0 &&
      html`<h3>${t("search.popular")}</h3>
        <${ProductGrid} products=${popular} />`}
    </section>`;
  }
  return html`<section aria-labelledby="results-heading">
    <h2 id="results-heading">${t("search.results.heading")}</h2>
    <p role="status">
      ${result.matched === "some"
        ? t("search.some", { q: fields.q })
        : result.more
          ? t(fields.q ? "search.results.more" : "search.results.filtered.more", { count: new Intl.NumberFormat(locale).format(Math.floor(result.total / 100) * 100), q: fields.q })
          : fields.q
            ? t("search.results", { count: result.total, q: fields.q })
            : t("search.results.filtered", { count: result.total })}
    </p>
    ${suggestion}
    ${result.items.length === 0
      ? html`<p><a href=${searchHref(fields, { page: "1" })}>${t("search.pageGone")}</a></p>`
      : html`<${ProductGrid} products=${result.items} eagerCount=${4} />`}
    <${Pagination} page=${result.page} pages=${result.pages} hrefFor=${(page: number) => searchHref(fields, { page: String(page) })} />
  </section>`;
}

export function SearchPage({
  fields,
  view,
  categories,
  history,
}: {
  fields: SearchFields;
  view: SearchView;
  categories: { slug: string; name: string }[];
  history: VNode | null;
}) {
  const { t } = usePage();
  const errors = view.kind === "invalid" ? view.errors : {};
  return html`<h1>${t("search.title")}</h1>
    ${view.kind === "invalid" &&
    html`<div class="error-summary" role="alert">
      <h2>${t("form.summary")}</h2>
      <ul>
        ${Object.entries(errors).map(([field, messages]) => html`<li><a href=${`#search-${field || "q"}`}>${messages.map((key) => t(key as MessageKey)).join(" ")}</a></li>`)}
      </ul>
    </div>`}
    <form class="search-page__form" method="get" action="/search" role="search">
      <div class="search-page__query">
        <${SearchBox} query=${fields.q} invalid=${Boolean(errors.q?.length)} />
        <button type="submit">${t("nav.search.submit")}</button>
      </div>
      <${FilterError} id="search-q" errors=${errors.q} />
      <p class="search-page__photo"><a href="/search/image">${t("search.byPhoto")}</a></p>
      <${Filters} fields=${fields} categories=${categories} errors=${errors} />
    </form>
    ${history}
    ${view.kind === "prompt" && html`<p>${t("search.prompt")}</p>`}
    ${view.kind === "no-words" && html`<p role="status">${t("search.noWords")}</p>`}
    ${view.kind === "results" && html`<${Results} fields=${fields} result=${view.result} popular=${view.popular} categories=${categories} />`}`;
}
