import { html } from "htm/preact";
import { deliveryTimes } from "../../../db/schema/index.ts";
import type { MessageKey } from "../../i18n/index.ts";
import { maskAddress, maskName } from "../../lib/masking.ts";
import { formatMoney } from "../../lib/money.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import { ErrorSummary, Field, Hidden, PhoneFields, SelectField, TextArea } from "../../views/form.ts";
import { usePage } from "../../views/page-context.ts";
import { maskPhone, phoneCountries } from "../accounts/phone.ts";
import { highValueMinor, type OrderVerificationReason } from "../identity/requirements.ts";
import type { Level } from "../levels/levels.ts";
import { OrderAmounts } from "../orders/amounts.ts";
import type { Quote } from "./pricing.ts";
import type { CheckoutLine, SavedAddress } from "./queries.ts";

export type CheckoutState = {
  lines: CheckoutLine[];
  addresses: SavedAddress[];
  showCoupons: { id: string; label: string }[];
  quote: Quote;
  level: Level;
  values: Record<string, string>;
  errors: FieldErrors;
  /** A message at the top: the total changed, an item sold out… */
  notice: MessageKey | null;
  /** Set when the order needs the member's verified identity and they have none: why, and the page that asks. */
  verifyFirst: { reason: OrderVerificationReason; href: string } | null;
};

const fieldLabels = (t: (key: MessageKey) => string): Record<string, string> => ({
  recipient: t("checkout.recipient"),
  phone: t("checkout.phone"),
  alt_phone: t("checkout.alt_phone"),
  address: t("checkout.address"),
  recipient_agreed: t("checkout.recipient_agreed"),
  invoice_title: t("checkout.invoice_title"),
  invoice_taxpayer: t("checkout.invoice_taxpayer"),
  invoice_email: t("checkout.invoice_email"),
  coupon_code: t("checkout.coupon_code"),
  note: t("checkout.note"),
});

/** The new-address fields, shared by checkout and the address book. */
export function AddressFields({ values, errors }: { values: Record<string, string>; errors: FieldErrors }) {
  const { t, locale } = usePage();
  return html`<${Field} id="recipient" name="recipient" label=${t("checkout.recipient")} value=${values.recipient} errors=${errors.recipient} autocomplete="shipping name" maxlength=${60} required=${false} />
    <${PhoneFields} id="phone" countries=${phoneCountries(locale)} country=${values.country ?? "CN"} value=${values.phone} errors=${errors.phone} label=${t("checkout.phone")} />
    <${TextArea} id="address" name="address" label=${t("checkout.address")} value=${values.address} errors=${errors.address} hint=${t("checkout.address_hint")} maxlength=${300} required=${false} />
    <${Field} id="alt_phone" name="alt_phone" type="tel" label=${t("checkout.alt_phone")} value=${values.alt_phone} errors=${errors.alt_phone} hint=${t("checkout.optional")} autocomplete="off" required=${false} />
    <${SelectField}
      id="delivery_time"
      name="delivery_time"
      label=${t("checkout.delivery_time")}
      value=${values.delivery_time ?? "any"}
      options=${deliveryTimes.map((time) => ({ value: time, label: t(`checkout.delivery_time.${time}`) }))}
    />`;
}

/** A saved address as its owner sees it in lists: name, phone and house numbers masked. */
export function AddressSummary({ address }: { address: SavedAddress }) {
  const { t } = usePage();
  return html`<span class="address-summary">
    <strong>${maskName(address.name)}</strong> · ${maskPhone(address.phone)}<br />
    ${maskAddress(address.address)}${address.deliveryTime !== "any" && html`<br /><small>${t(`checkout.delivery_time.${address.deliveryTime}`)}</small>`}
  </span>`;
}

export function CheckoutPage({ state }: { state: CheckoutState }) {
  const { t, locale } = usePage();
  const { lines, addresses, quote, values, errors, level } = state;
  const currency = lines[0]?.currency ?? "CNY";
  const crossBorder = lines.some((line) => line.crossBorder);
  const chosen = values.address_id ?? addresses[0]?.id ?? "new";
  return html`<div class="checkout">
    <h1>${t("checkout.title")}</h1>
    ${state.notice && html`<p class="notice" role="status">${t(state.notice)}</p>`}
    <${ErrorSummary} errors=${errors} labels=${fieldLabels(t)} />
    <form class="checkout__form" method="post" action="/checkout" novalidate>
      <${Hidden} name="checkout_key" value=${values.checkout_key ?? ""} />
      <${Hidden} name="hold" value=${values.hold ?? ""} />
      <${Hidden} name="quoted_total" value=${quote.totalMinor} />

      <section aria-labelledby="checkout-items">
        <h2 id="checkout-items">${t("checkout.items")}</h2>
        <${OrderAmounts}
          lines=${lines.map((line) => ({ ...line, fromSale: line.holdId !== null, href: `/p/${line.slug}` }))}
          amounts=${quote}
          currency=${currency}
        />
        <p class="checkout__level">
          ${t(level.discountPercent > 0 ? "checkout.level_rights" : "checkout.level_rights_basic", {
            level: t(`levels.name.${level.id}`),
            percent: level.discountPercent,
            threshold: formatMoney({ minor: level.freeShippingFromMinor, currency }, locale),
          })}
          <a href="/levels">${t("checkout.levels_link")}</a>
        </p>
      </section>

      <fieldset class="checkout__section">
        <legend>${t("checkout.delivery")}</legend>
        ${addresses.map(
          (address) => html`<div class="choice">
            <input type="radio" id=${`address-${address.id}`} name="address_id" value=${address.id} checked=${chosen === address.id} />
            <label for=${`address-${address.id}`}><${AddressSummary} address=${address} /></label>
          </div>`,
        )}
        <div class="choice reveal">
          <input type="radio" id="address-new" name="address_id" value="new" checked=${chosen === "new"} />
          <label for="address-new">${addresses.length ? t("checkout.address_new") : t("checkout.address_first")}</label>
          <div class="reveal__body">
            <${AddressFields} values=${values} errors=${errors} />
            <div class="choice">
              <input type="checkbox" id="save_address" name="save_address" value="on" checked=${values.save_address === "on"} />
              <label for="save_address">${t("checkout.save_address")}</label>
            </div>
          </div>
        </div>
        <div class="choice reveal">
          <input type="checkbox" id="for_someone_else" name="for_someone_else" value="on" checked=${values.for_someone_else === "on"} />
          <label for="for_someone_else">${t("checkout.for_someone_else")}</label>
          <div class=${`reveal__body field${errors.recipient_agreed ? " field--invalid" : ""}`}>
            <p class="field__hint">${t("checkout.for_someone_else_hint")}</p>
            ${errors.recipient_agreed && html`<p class="field__error" id="recipient_agreed-error">${t(errors.recipient_agreed[0] as MessageKey)}</p>`}
            <div class="choice">
              <input type="checkbox" id="recipient_agreed" name="recipient_agreed" value="on" checked=${values.recipient_agreed === "on"} />
              <label for="recipient_agreed">${t("checkout.recipient_agreed")}</label>
            </div>
          </div>
        </div>
      </fieldset>

      ${crossBorder && !state.verifyFirst && html`<p class="checkout__customs">${t("identity.checkout.customs")}</p>`}

      <fieldset class="checkout__section reveal">
        <legend>${t("checkout.invoice")}</legend>
        <div class="choice">
          <input type="checkbox" id="invoice" name="invoice" value="on" checked=${values.invoice === "on"} />
          <label for="invoice">${t("checkout.invoice_wanted")}</label>
        </div>
        <div class="reveal__body">
          <${Field} id="invoice_title" name="invoice_title" label=${t("checkout.invoice_title")} value=${values.invoice_title} errors=${errors.invoice_title} maxlength=${100} required=${false} />
          <${Field}
            id="invoice_taxpayer"
            name="invoice_taxpayer"
            label=${t("checkout.invoice_taxpayer")}
            value=${values.invoice_taxpayer}
            errors=${errors.invoice_taxpayer}
            hint=${t("checkout.invoice_taxpayer_hint")}
            autocomplete="off"
            maxlength=${20}
            required=${false}
          />
          <${Field} id="invoice_email" name="invoice_email" type="email" label=${t("checkout.invoice_email")} value=${values.invoice_email} errors=${errors.invoice_email} autocomplete="email" maxlength=${254} required=${false} />
        </div>
      </fieldset>

      <fieldset class="checkout__section">
        <legend>${t("checkout.discounts")}</legend>
        ${state.showCoupons.length > 0 &&
        html`<${SelectField}
          id="show_coupon"
          name="show_coupon"
          label=${t("checkout.show_coupon")}
          value=${values.show_coupon ?? ""}
          options=${[{ value: "", label: t("checkout.show_coupon_none") }, ...state.showCoupons.map((coupon) => ({ value: coupon.id, label: coupon.label }))]}
        />`}
        <${Field} id="coupon_code" name="coupon_code" label=${t("checkout.coupon_code")} value=${values.coupon_code} errors=${errors.coupon_code} hint=${t("checkout.coupon_hint")} autocomplete="off" maxlength=${32} required=${false} />
      </fieldset>

      <fieldset class="checkout__section">
        <legend>${t("checkout.note")}</legend>
        <${TextArea} id="note" name="note" label=${t("checkout.note_label")} value=${values.note} errors=${errors.note} hint=${t("checkout.optional")} maxlength=${200} required=${false} />
      </fieldset>

      <div class="checkout__actions">
        <button class="button button--secondary" type="submit" name="intent" value="update">${t("checkout.update")}</button>
        ${!state.verifyFirst &&
        html`<button class="button" type="submit" name="intent" value="place">
          ${t("checkout.place", { total: formatMoney({ minor: quote.totalMinor, currency }, locale) })}
        </button>`}
      </div>
      ${state.verifyFirst &&
      html`<div class="notice" id="verify-identity" role="status">
        <p>${t(`identity.checkout.needed.${state.verifyFirst.reason}`, { threshold: formatMoney({ minor: highValueMinor, currency: "CNY" }, locale) })}</p>
        <p><a class="button" href=${state.verifyFirst.href}>${t("identity.checkout.verify")}</a></p>
      </div>`}
      <p class="field__hint">${t("checkout.place_hint")}</p>
    </form>
  </div>`;
}

/** The address book: what is saved (masked), delete, and a form to add one. */
export function AddressBookPage({ addresses, values, errors, saved }: { addresses: SavedAddress[]; values: Record<string, string>; errors: FieldErrors; saved: boolean }) {
  const { t } = usePage();
  return html`<div class="address-book">
    <h1>${t("addresses.title")}</h1>
    ${saved && html`<p class="notice" role="status">${t("addresses.saved")}</p>`}
    ${addresses.length === 0
      ? html`<p>${t("addresses.empty")}</p>`
      : html`<ul class="address-list">
          ${addresses.map(
            (address) => html`<li>
              <${AddressSummary} address=${address} />
              <form method="post" action=${`/account/addresses/${address.id}/delete`}>
                <button class="button button--secondary" type="submit">${t("addresses.delete")}<span class="visually-hidden"> ${maskName(address.name)}</span></button>
              </form>
            </li>`,
          )}
        </ul>`}
    <h2>${t("addresses.add")}</h2>
    <${ErrorSummary} errors=${errors} labels=${fieldLabels(t)} />
    <form class="account-form" method="post" action="/account/addresses" novalidate>
      <${AddressFields} values=${values} errors=${errors} />
      <button class="button" type="submit">${t("addresses.save")}</button>
    </form>
  </div>`;
}
