import { html } from "htm/preact";
import { CartButton, CartQuantity } from "../../../client/islands/cart-button.ts";
import type { MessageKey } from "../../i18n/index.ts";
import { formatDate } from "../../lib/dates.ts";
import { formatMoney } from "../../lib/money.ts";
import { ErrorSummary, Field, Hidden } from "../../views/form.ts";
import { Island } from "../../views/island.ts";
import { mediaUrl } from "../../views/media.ts";
import { usePage } from "../../views/page-context.ts";
import { Price, StockState } from "../../views/price.ts";
import type { ProductSummary } from "../catalog/queries.ts";
import { Breadcrumbs } from "../catalog/views.ts";
import type { FormState } from "../accounts/forms.ts";
import { maxQuantity, type CartNotice } from "./forms.ts";
import type { CartLine, FrequentProduct } from "./queries.ts";

/** The most of a product a form offers: its stock, at most 99 (never below 1, so the input stays valid). */
const quantityLimit = (stock: number) => Math.max(1, Math.min(maxQuantity, stock));

/**
 * The product page's "Add to cart": a plain form, made instant by an island for members. A guest's add
 * goes through sign-in anyway, so guests get the form alone and the page ships them no script.
 * Nothing to add when sold out.
 */
export function AddToCart({ product }: { product: { id: string; stock: number } }) {
  const { t, member } = usePage();
  if (product.stock <= 0) return html`<p class="notice">${t("cart.add.soldOut")}</p>`;
  const props = {
    productId: product.id,
    max: quantityLimit(product.stock),
    member: member !== null,
    labels: { quantity: t("cart.add.quantity"), add: t("cart.add.submit"), guest: t("cart.add.guest"), failed: t("cart.failed") },
  };
  return member ? html`<${Island} name="cart-button" component=${CartButton} props=${props} />` : html`<${CartButton} ...${props} />`;
}

/**
 * "Buy again": puts one more of a product in the cart (a plain form), then back to `next`. For the cart's
 * frequently-bought list and the order history.
 */
export function BuyAgainButton({ product, next }: { product: { id: string; title: string; stock: number }; next?: string }) {
  const { t } = usePage();
  if (product.stock <= 0) return html`<p class="stock stock--out">${t("product.stock.out")}</p>`;
  return html`<form class="inline-form" method="post" action="/cart/items">
    <${Hidden} name="productId" value=${product.id} />
    <${Hidden} name="quantity" value="1" />
    ${next && html`<${Hidden} name="next" value=${next} />`}
    <button class="button--secondary" type="submit">${t("cart.buyAgain")}<span class="visually-hidden">: ${product.title}</span></button>
  </form>`;
}

function Thumb({ product }: { product: ProductSummary }) {
  return product.image ? html`<img src=${mediaUrl(product.image.key)} alt="" width="64" height="64" loading="lazy" />` : null;
}

const money = (minor: number, currency: string, locale: string) => formatMoney({ minor, currency }, locale);

function Notices({ notice }: { notice: CartNotice }) {
  const { t } = usePage();
  const lines = [
    notice.added ? t("cart.notice.added", { count: notice.added }) : null,
    notice.skipped ? t("cart.notice.skipped", { count: notice.skipped }) : null,
    notice.capped ? t("cart.notice.capped", { max: maxQuantity }) : null,
    notice.updated ? t("cart.notice.updated") : null,
    notice.removed ? t("cart.notice.removed") : null,
  ].filter((line) => line !== null);
  return lines.length > 0 ? html`<div class="notice notice--ok" role="status">${lines.map((line) => html`<p>${line}</p>`)}</div>` : null;
}

/** A line whose last change was refused: its typed value and errors. */
export type LineState = { productId: string; state: FormState };

function CartTable({ lines, lineState }: { lines: CartLine[]; lineState: LineState | null }) {
  const { t, locale } = usePage();
  return html`<div class="table-scroll">
    <table class="records-table cart-table">
      <caption class="visually-hidden">${t("cart.title")}</caption>
      <thead>
        <tr>
          <th scope="col">${t("cart.column.product")}</th>
          <th scope="col">${t("cart.column.price")}</th>
          <th scope="col">${t("cart.column.quantity")}</th>
          <th scope="col">${t("cart.column.total")}</th>
          <th scope="col"><span class="visually-hidden">${t("cart.column.actions")}</span></th>
        </tr>
      </thead>
      <tbody>
        ${lines.map((line) => {
          const product = { ...line, image: line.images[0] ?? null };
          const refused = lineState?.productId === line.id ? lineState.state : null;
          return html`<tr key=${line.id}>
            <td>
              <${Thumb} product=${product} />
              <a href=${`/p/${line.slug}`}>${line.title}</a>
              <${StockState} stock=${line.stock} />
            </td>
            <td>${money(line.priceMinor, line.currency, locale)}</td>
            <td>
              ${line.stock > 0
                ? html`<${Island}
                    name="cart-quantity"
                    component=${CartQuantity}
                    props=${{
                      productId: line.id,
                      value: refused?.values.quantity ?? String(line.quantity),
                      max: quantityLimit(Math.max(line.stock, line.quantity)),
                      label: t("cart.quantityOf", { title: line.title }),
                      update: t("cart.update"),
                      failed: t("cart.failed"),
                      error: refused ? Object.values(refused.errors).flat().map((key) => t(key as MessageKey)).join(" ") : null,
                    }}
                  />`
                : String(line.quantity)}
            </td>
            <td data-line-total=${line.id}>${money(line.priceMinor * line.quantity, line.currency, locale)}</td>
            <td>
              <form method="post" action=${`/cart/items/${line.id}`}>
                <${Hidden} name="intent" value="remove" />
                <button class="link-button" type="submit">${t("cart.remove")}<span class="visually-hidden">: ${line.title}</span></button>
              </form>
            </td>
          </tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}

function ShareSection({ share }: { share: { url: string; expiresAt: Date } | null }) {
  const { t, locale } = usePage();
  return html`<section class="account-section" id="share" aria-labelledby="share-heading">
    <h2 id="share-heading">${t("cart.share.title")}</h2>
    <p class="muted">${t("cart.share.intro")}</p>
    ${share &&
    html`<div class="field">
      <label for="share-link">${t("cart.share.link")}</label>
      <p class="field__hint" id="share-link-hint">${t("cart.share.expires", { date: formatDate(share.expiresAt, locale) })}</p>
      <input id="share-link" type="url" value=${share.url} readonly aria-describedby="share-link-hint" />
    </div>`}
    <form method="post" action="/cart/share">
      <button class="button--secondary" type="submit">${t("cart.share.create")}</button>
    </form>
  </section>`;
}

function FrequentSection({ frequent }: { frequent: FrequentProduct[] }) {
  const { t, locale } = usePage();
  return html`<section class="account-section" id="frequent" aria-labelledby="frequent-heading">
    <h2 id="frequent-heading">${t("cart.frequent.title")}</h2>
    ${frequent.length === 0
      ? html`<p class="muted">${t("cart.frequent.empty")}</p>`
      : html`<p class="muted">${t("cart.frequent.intro")}</p>
          <ul class="plain frequent-list">
            ${frequent.map(
              (product) => html`<li key=${product.id}>
                <${Thumb} product=${product} />
                <a href=${`/p/${product.slug}`}>${product.title}</a>
                <span class="muted"> · ${t("cart.frequent.times", { count: product.orders })} · ${money(product.priceMinor, product.currency, locale)}</span>
                <${BuyAgainButton} product=${product} next="/cart?view=frequent" />
              </li>`,
            )}
          </ul>`}
  </section>`;
}

export function CartPage({
  lines,
  frequent,
  view,
  notice,
  share,
  lineState,
}: {
  lines: CartLine[];
  frequent: FrequentProduct[];
  view: "all" | "frequent";
  notice: CartNotice;
  share: { url: string; expiresAt: Date } | null;
  lineState: LineState | null;
}) {
  const { t, locale } = usePage();
  const frequentIds = new Set(frequent.map((product) => product.id));
  const shown = view === "frequent" ? lines.filter((line) => frequentIds.has(line.id)) : lines;
  const currency = lines[0]?.currency;
  const subtotal = lines.reduce((sum, line) => sum + line.priceMinor * line.quantity, 0);
  const tab = (name: "all" | "frequent", href: string, label: string) =>
    html`<a href=${href} aria-current=${view === name ? "page" : undefined}>${label}</a>`;
  return html`<${Breadcrumbs} trail=${[{ label: t("cart.title") }]} />
    <h1>${t("cart.title")}</h1>
    <${Notices} notice=${notice} />
    <nav class="account-nav" aria-label=${t("cart.views")}>
      ${tab("all", "/cart", t("cart.view.all"))} ${tab("frequent", "/cart?view=frequent", t("cart.view.frequent"))}
    </nav>
    ${lines.length === 0
      ? html`<p>${t("cart.empty")}</p>
          <p><a class="button" href="/">${t("cart.empty.browse")}</a></p>`
      : html`${shown.length > 0 ? html`<${CartTable} lines=${shown} lineState=${lineState} />` : html`<p class="muted">${t("cart.frequent.noneInCart")}</p>`}
          <p class="cart-subtotal">${t("cart.subtotal")}: <strong data-cart-subtotal>${currency ? money(subtotal, currency, locale) : ""}</strong></p>
          <p class="muted">${t("cart.subtotal.note")}</p>
          <p><a class="button" href="/checkout">${t("cart.checkout")}</a></p>`}
    ${view === "frequent" && html`<${FrequentSection} frequent=${frequent} />`}
    ${lines.length > 0 && view === "all" && html`<${ShareSection} share=${share} />`}`;
}

/** A refused add (bad input, sold out, cart full): the reason, and the form again with what was typed. */
export function AddToCartPage({ product, state }: { product: { id: string; slug: string; title: string; stock: number } | null; state: FormState }) {
  const { t } = usePage();
  return html`<h1>${t("cart.add.title")}</h1>
    ${product && html`<p><a href=${`/p/${product.slug}`}>${product.title}</a></p>`}
    <${ErrorSummary} errors=${state.errors} labels=${{ quantity: t("cart.add.quantity"), productId: t("cart.column.product") }} />
    ${product && product.stock > 0
      ? html`<form class="account-form" method="post" action="/cart/items" novalidate>
          <${Hidden} name="productId" value=${product.id} />
          ${state.values.next && html`<${Hidden} name="next" value=${state.values.next} />`}
          <${Field}
            id="quantity"
            name="quantity"
            type="number"
            inputmode="numeric"
            label=${t("cart.add.quantity")}
            value=${state.values.quantity ?? "1"}
            errors=${state.errors.quantity}
            hint=${t("cart.add.hint", { max: quantityLimit(product.stock) })}
          />
          <button class="button" type="submit">${t("cart.add.submit")}</button>
        </form>`
      : html`<p><a href="/cart">${t("cart.title")}</a></p>`}`;
}

/** A shared cart: its products at today's prices and stock, and "add all" (guests sign in first). */
export function SharedCartPage({ products, quantities, missing, token }: { products: ProductSummary[]; quantities: Map<string, number>; missing: number; token: string }) {
  const { t, member } = usePage();
  const available = products.filter((product) => product.stock > 0);
  return html`<${Breadcrumbs} trail=${[{ label: t("cart.shared.title") }]} />
    <h1>${t("cart.shared.title")}</h1>
    <p>${t("cart.shared.intro")}</p>
    ${missing > 0 && html`<p class="notice">${t("cart.shared.missing", { count: missing })}</p>`}
    ${products.length === 0
      ? html`<p>${t("cart.shared.none")}</p>`
      : html`<ul class="plain shared-cart">
          ${products.map(
            (product) => html`<li key=${product.id}>
              <${Thumb} product=${product} />
              <a href=${`/p/${product.slug}`}>${product.title}</a>
              <span> × ${quantities.get(product.id) ?? 1}</span>
              <${Price} ...${product} />
              <${StockState} stock=${product.stock} />
            </li>`,
          )}
        </ul>`}
    ${available.length > 0 &&
    html`<form method="post" action="/cart/add">
      <${Hidden} name="t" value=${token} />
      <button class="button" type="submit">${t("cart.shared.addAll")}</button>
      ${!member && html`<p class="field__hint">${t("cart.add.guest")}</p>`}
    </form>`}`;
}

export function CartLinkInvalidPage() {
  const { t } = usePage();
  return html`<h1>${t("cart.shared.invalid.title")}</h1>
    <p>${t("cart.shared.invalid.text")}</p>
    <p><a href="/">${t("cart.empty.browse")}</a></p>`;
}

/** The account page's switch for price-drop and coupon reminders (policy §4.1). */
export function CartReminders({ on, saved }: { on: boolean; saved: boolean }) {
  const { t } = usePage();
  return html`<section class="account-section" id="reminders" aria-labelledby="reminders-heading">
    <h2 id="reminders-heading">${t("cart.reminders.title")}</h2>
    ${saved && html`<p class="notice notice--ok" role="status">${t("account.saved")}</p>`}
    <form class="account-form" method="post" action="/account/reminders">
      <fieldset class="field">
        <legend>${t("cart.reminders.label")}</legend>
        <p class="field__hint">${t("cart.reminders.hint")}</p>
        <label class="choice"><input type="radio" name="reminders" value="on" checked=${on} /><span>${t("cart.reminders.on")}</span></label>
        <label class="choice"><input type="radio" name="reminders" value="off" checked=${!on} /><span>${t("cart.reminders.off")}</span></label>
      </fieldset>
      <button class="button button--secondary" type="submit">${t("cart.reminders.save")}</button>
    </form>
  </section>`;
}
