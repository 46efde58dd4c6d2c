/**
 * Search by photo: the form (plain multipart, no JavaScript; the camera input asks for the camera only when
 * pressed), the results with why each product is shown, and a member's saved searches.
 */
import { html } from "htm/preact";
import type { MessageKey } from "../../i18n/index.ts";
import { formatDateTime } from "../../lib/dates.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import { ErrorSummary } from "../../views/form.ts";
import { usePage } from "../../views/page-context.ts";
import { ProductCard } from "../../views/product-card.ts";
import { Breadcrumbs } from "../catalog/views.ts";
import type { ImageMatch } from "./queries.ts";

/** Where a saved search's photo is shown to its owner (never through the public /media route). */
export const savedPhotoPath = (id: string) => `/account/saved-searches/${id}/photo`;

function SearchForm({ errors, canSave }: { errors: FieldErrors; canSave: boolean }) {
  const { t } = usePage();
  const invalid = Boolean(errors.photo);
  const describedBy = (id: string) => [id === "camera" ? "camera-hint" : "photo-hint", invalid ? "photo-error" : null].filter(Boolean).join(" ");
  return html`<${ErrorSummary} errors=${errors} labels=${{ photo: t("imageSearch.photo.label") }} />
    <form class="image-search-form" method="post" action="/search/image" enctype="multipart/form-data" novalidate>
      <fieldset class=${`field${invalid ? " field--invalid" : ""}`}>
        <legend>${t("imageSearch.photo.label")}</legend>
        <p class="field__hint" id="photo-hint">${t("imageSearch.photo.hint")}</p>
        ${invalid && html`<p class="field__error" id="photo-error">${errors.photo!.map((key) => t(key as MessageKey)).join(" ")}</p>`}
        <div class="image-search-form__inputs">
          <div class="image-search-form__input">
            <label for="photo">${t("imageSearch.choose")}</label>
            <input id="photo" name="photo" type="file" accept="image/*" aria-invalid=${invalid ? "true" : undefined} aria-describedby=${describedBy("photo")} />
          </div>
          <div class="image-search-form__input">
            <label for="camera">${t("imageSearch.take")}</label>
            <p class="field__hint" id="camera-hint">${t("imageSearch.take.hint")}</p>
            <input id="camera" name="camera" type="file" accept="image/*" capture="environment" aria-describedby=${describedBy("camera")} />
          </div>
        </div>
      </fieldset>
      ${canSave &&
      html`<div class="field field--check">
        <input id="save" name="save" type="checkbox" value="on" aria-describedby="save-hint" />
        <label for="save">${t("imageSearch.save")}</label>
        <p class="field__hint" id="save-hint">${t("imageSearch.save.hint")}</p>
      </div>`}
      <button class="button" type="submit">${t("imageSearch.submit")}</button>
    </form>`;
}

export function ImageSearchPage({ errors = {}, canSave }: { errors?: FieldErrors; canSave: boolean }) {
  const { t } = usePage();
  return html`<${Breadcrumbs} trail=${[{ href: "/search", label: t("search.title") }, { label: t("imageSearch.title") }]} />
    <h1>${t("imageSearch.title")}</h1>
    <p>${t("imageSearch.intro")}</p>
    <p class="muted">${t("imageSearch.privacy")}</p>
    <${SearchForm} errors=${errors} canSave=${canSave} />
    <p><a href="/search">${t("imageSearch.textSearch")}</a></p>`;
}

function Matches({ matches }: { matches: ImageMatch[] }) {
  const { t } = usePage();
  if (matches.length === 0) return html`<p>${t("imageSearch.results.none")}</p>`;
  return html`<ul class="product-grid image-matches">
    ${matches.map(
      (match, index) => html`<li key=${match.product.id}>
        <${ProductCard} product=${match.product} eager=${index < 4} />
        <p class="image-matches__why">${t(`imageSearch.why.${match.reason}`)}</p>
      </li>`,
    )}
  </ul>`;
}

/** What became of the photo, said plainly on every results page (policy §3.2). */
export type PhotoOutcome = "not_kept" | "saved" | "guest_not_saved";

const outcomeText: Record<PhotoOutcome, MessageKey> = {
  not_kept: "imageSearch.results.notKept",
  saved: "imageSearch.results.saved",
  guest_not_saved: "imageSearch.results.guestNotSaved",
};

export function ImageResultsPage({ matches, outcome }: { matches: ImageMatch[]; outcome: PhotoOutcome }) {
  const { t } = usePage();
  return html`<${Breadcrumbs}
      trail=${[{ href: "/search", label: t("search.title") }, { href: "/search/image", label: t("imageSearch.title") }, { label: t("imageSearch.results.title") }]}
    />
    <h1>${t("imageSearch.results.title")}</h1>
    <p role="status">
      ${t(outcomeText[outcome])}
      ${outcome === "saved" && html` <a href="/account/saved-searches">${t("imageSearch.saved.link")}</a>`}
    </p>
    <${Matches} matches=${matches} />
    <p class="image-search-links">
      <a href="/search/image">${t("imageSearch.results.again")}</a>
      <a href="/search">${t("imageSearch.textSearch")}</a>
    </p>`;
}

export type SavedSearch = { id: string; createdAt: Date };

function SavedPhoto({ search }: { search: SavedSearch }) {
  const { t, locale } = usePage();
  return html`<img
    class="saved-searches__photo"
    src=${savedPhotoPath(search.id)}
    alt=${t("imageSearch.saved.photo", { date: formatDateTime(search.createdAt, locale) })}
    width="120"
    height="120"
    loading="lazy"
  />`;
}

export function SavedSearchesPage({ searches, deleted }: { searches: SavedSearch[]; deleted: boolean }) {
  const { t, locale } = usePage();
  return html`<${Breadcrumbs} trail=${[{ href: "/account", label: t("nav.account") }, { label: t("imageSearch.saved.title") }]} />
    <h1>${t("imageSearch.saved.title")}</h1>
    <p>${t("imageSearch.saved.intro")}</p>
    ${deleted && html`<p class="notice notice--ok" role="status">${t("imageSearch.saved.deleted")}</p>`}
    ${searches.length === 0
      ? html`<p>${t("imageSearch.saved.empty")}</p>`
      : html`<ul class="saved-searches">
          ${searches.map(
            (search) => html`<li key=${search.id} class="saved-searches__item">
              <${SavedPhoto} search=${search} />
              <div>
                <p class="muted">${t("imageSearch.saved.at", { date: formatDateTime(search.createdAt, locale) })}</p>
                <div class="saved-searches__actions">
                  <a class="button button--secondary" href=${`/account/saved-searches/${search.id}`}>${t("imageSearch.saved.run")}</a>
                  <form class="inline-form" method="post" action=${`/account/saved-searches/${search.id}/delete`}>
                    <button class="button--secondary" type="submit">${t("imageSearch.saved.delete")}</button>
                  </form>
                </div>
              </div>
            </li>`,
          )}
        </ul>`}
    <p><a href="/search/image">${t("imageSearch.title")}</a></p>`;
}

export function SavedResultsPage({ search, matches, saved }: { search: SavedSearch; matches: ImageMatch[]; saved: boolean }) {
  const { t } = usePage();
  return html`<${Breadcrumbs}
      trail=${[{ href: "/account", label: t("nav.account") }, { href: "/account/saved-searches", label: t("imageSearch.saved.title") }, { label: t("imageSearch.saved.result") }]}
    />
    <h1>${t("imageSearch.saved.result")}</h1>
    ${saved && html`<p class="notice notice--ok" role="status">${t("imageSearch.results.saved")}</p>`}
    <${SavedPhoto} search=${search} />
    <h2>${t("imageSearch.results.title")}</h2>
    <${Matches} matches=${matches} />`;
}
