import { html } from "htm/preact";
import { HostStats, type HostStatsProps } from "../../../client/islands/host-stats.ts";
import { RoomRules, type RoomRulesProps } from "../../../client/islands/room-rules.ts";
import { streamKinds } from "../../../db/schema/index.ts";
import type { MessageKey } from "../../i18n/index.ts";
import { formatDateTime, localInputValue } from "../../lib/dates.ts";
import { formatMoney } from "../../lib/money.ts";
import { ErrorSummary, Field, SelectField, TextArea } from "../../views/form.ts";
import { Island } from "../../views/island.ts";
import { mediaUrl } from "../../views/media.ts";
import { usePage } from "../../views/page-context.ts";
import type { FormState } from "../accounts/forms.ts";
import { Breadcrumbs } from "../catalog/views.ts";
import type { HostedShow, SaleProduct } from "./host-queries.ts";
import { couponLimits, saleLimits, type CouponRow, type SaleRow } from "./selling.ts";
import { ActivitiesPanel, ActivityControlsPanel } from "./activity-panels.ts";
import { StageScreen } from "./stage.ts";
import { ChatPanel, ShowProductList, StatusBadge, type RoomAccess, type StageContext } from "./views.ts";

const errorsOf = (form: FormState | null | undefined, name: string) => form?.errors[name];
const valueOf = (form: FormState | null | undefined, name: string, fallback = "") => form?.values[name] ?? fallback;

function NewShowForm({ products, form }: { products: { id: string; title: string; stock: number }[]; form: FormState | null }) {
  const { t } = usePage();
  const chosen = new Set((form?.values.products ?? "").split(","));
  const labels = {
    titleEn: t("host.form.titleEn"),
    titleZh: t("host.form.titleZh"),
    descriptionEn: t("host.form.descriptionEn"),
    descriptionZh: t("host.form.descriptionZh"),
    startsAt: t("host.form.startsAt"),
    products: t("host.form.products"),
    stream: t("host.form.stream"),
    streamInput: t("host.form.streamInput"),
  };
  const inAnHour = new Date(Math.ceil((Date.now() + 3_600_000) / 900_000) * 900_000);
  return html`<form class="settings-form" method="post" action="/host/shows" novalidate>
    <h2>${t("host.new.title")}</h2>
    ${form && html`<${ErrorSummary} errors=${form.errors} labels=${labels} />`}
    <${Field} id="titleEn" label=${labels.titleEn} value=${valueOf(form, "titleEn")} errors=${errorsOf(form, "titleEn")} maxlength=${80} />
    <${Field} id="titleZh" label=${labels.titleZh} value=${valueOf(form, "titleZh")} errors=${errorsOf(form, "titleZh")} maxlength=${80} required=${false} hint=${t("host.form.optionalZh")} />
    <${TextArea} id="descriptionEn" label=${labels.descriptionEn} value=${valueOf(form, "descriptionEn")} errors=${errorsOf(form, "descriptionEn")} maxlength=${500} />
    <${TextArea} id="descriptionZh" label=${labels.descriptionZh} value=${valueOf(form, "descriptionZh")} errors=${errorsOf(form, "descriptionZh")} maxlength=${500} required=${false} hint=${t("host.form.optionalZh")} />
    <${Field} id="startsAt" type="datetime-local" label=${labels.startsAt} hint=${t("host.form.startsAtHint")} value=${valueOf(form, "startsAt", localInputValue(inAnHour))} errors=${errorsOf(form, "startsAt")} />
    <fieldset class=${`field${errorsOf(form, "products") ? " field--invalid" : ""}`}>
      <legend>${labels.products}</legend>
      ${errorsOf(form, "products") && html`<p class="field__error" id="products-error">${errorsOf(form, "products")!.map((key) => t(key as MessageKey)).join(" ")}</p>`}
      <ul class="checkbox-list">
        ${products.map(
          (product) => html`<li key=${product.id}>
            <label><input type="checkbox" name="products" value=${product.id} checked=${chosen.has(product.id)} /> ${product.title}</label>
          </li>`,
        )}
      </ul>
    </fieldset>
    <${SelectField}
      id="stream"
      label=${labels.stream}
      value=${valueOf(form, "stream", "webrtc")}
      errors=${errorsOf(form, "stream")}
      options=${streamKinds.map((kind) => ({ value: kind, label: t(`host.stream.${kind}` as MessageKey) }))}
    />
    <${Field} id="streamInput" label=${labels.streamInput} hint=${t("host.form.streamInputHint")} value=${valueOf(form, "streamInput")} errors=${errorsOf(form, "streamInput")} maxlength=${32} required=${false} />
    <button class="button" type="submit">${t("host.new.submit")}</button>
  </form>`;
}

export function HostShowsPage({ shows, products, form }: { shows: HostedShow[]; products: { id: string; title: string; stock: number }[]; form: FormState | null }) {
  const { t, locale } = usePage();
  return html`<h1>${t("host.title")}</h1>
    ${shows.length === 0
      ? html`<p>${t("host.none")}</p>`
      : html`<div class="table-scroll">
          <table class="records-table">
            <thead>
              <tr>
                <th scope="col">${t("host.table.show")}</th>
                <th scope="col">${t("host.table.when")}</th>
                <th scope="col">${t("host.table.status")}</th>
              </tr>
            </thead>
            <tbody>
              ${shows.map(
                (show) => html`<tr key=${show.id}>
                  <td><a href=${`/host/shows/${show.slug}`}>${show.title}</a></td>
                  <td>${formatDateTime(show.startsAt, locale)}</td>
                  <td><${StatusBadge} show=${show} /></td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>`}
    <${NewShowForm} products=${products} form=${form} />`;
}

export type ConsoleForms = { sale?: FormState; coupon?: FormState; cover?: FormState };

/** The show's cover (the stage while there is no video, and the card on the shows list). */
function CoverForm({ show, form }: { show: HostedShow; form?: FormState }) {
  const { t } = usePage();
  const errors = errorsOf(form, "cover");
  return html`<section class="console-card" aria-labelledby="cover-heading">
    <h2 id="cover-heading">${t("host.cover.title")}</h2>
    <img class="console-card__cover" src=${mediaUrl(show.coverKey)} alt="" width="320" height="180" />
    <form method="post" action=${`/host/shows/${show.slug}/cover`} enctype="multipart/form-data">
      <div class=${`field${errors ? " field--invalid" : ""}`}>
        <label for="cover">${t("host.cover.label")}</label>
        <p class="field__hint" id="cover-hint">${t("host.cover.hint")}</p>
        ${errors && html`<p class="field__error" id="cover-error">${errors.map((key) => t(key as MessageKey)).join(" ")}</p>`}
        <input id="cover" name="cover" type="file" accept="image/png,image/jpeg,image/webp,image/gif" required aria-describedby=${errors ? "cover-hint cover-error" : "cover-hint"} />
      </div>
      <button class="button button--secondary" type="submit">${t("host.cover.upload")}</button>
    </form>
  </section>`;
}

function SaleForm({ show, products, sale, form }: { show: HostedShow; products: SaleProduct[]; sale: SaleRow | null; form?: FormState }) {
  const { t, locale } = usePage();
  const labels = { product: t("host.sale.product"), price: t("host.sale.price"), quantity: t("host.sale.quantity"), seconds: t("host.sale.seconds") };
  const onSale = sale && products.find((product) => product.id === sale.productId);
  return html`<section class="console-card" aria-labelledby="sale-heading">
    <h2 id="sale-heading">${t("host.sale.title")}</h2>
    ${sale && onSale
      ? html`<p class="console-card__state">
          ${t("host.sale.running", {
            product: onSale.title,
            price: formatMoney({ minor: sale.priceMinor, currency: onSale.currency }, locale),
            left: sale.quantity - sale.sold,
            quantity: sale.quantity,
          })}
        </p>`
      : null}
    <form method="post" action=${`/host/shows/${show.slug}/sales`} novalidate>
      ${form && html`<${ErrorSummary} errors=${form.errors} labels=${labels} />`}
      <${SelectField}
        id="sale-product"
        name="product"
        label=${labels.product}
        value=${valueOf(form, "product")}
        errors=${errorsOf(form, "product")}
        options=${products.map((product) => ({ value: product.id, label: `${product.title} · ${formatMoney({ minor: product.priceMinor, currency: product.currency }, locale)}` }))}
      />
      <div class="form-row">
        <${Field} id="sale-price" name="price" label=${labels.price} inputmode="decimal" value=${valueOf(form, "price")} errors=${errorsOf(form, "price")} maxlength=${10} />
        <${Field} id="sale-quantity" name="quantity" label=${labels.quantity} inputmode="numeric" value=${valueOf(form, "quantity", "20")} errors=${errorsOf(form, "quantity")} maxlength=${5} />
        <${Field}
          id="sale-seconds"
          name="seconds"
          label=${labels.seconds}
          hint=${t("host.sale.secondsHint", { min: saleLimits.minSeconds, max: saleLimits.maxSeconds })}
          inputmode="numeric"
          value=${valueOf(form, "seconds", "60")}
          errors=${errorsOf(form, "seconds")}
          maxlength=${3}
        />
      </div>
      <button class="button" type="submit">${t("host.sale.start")}</button>
    </form>
  </section>`;
}

function CouponForm({ show, coupon, form }: { show: HostedShow; coupon: CouponRow | null; form?: FormState }) {
  const { t, locale } = usePage();
  const labels = { percent: t("host.coupon.percent"), quantity: t("host.coupon.quantity"), minutes: t("host.coupon.minutes") };
  return html`<section class="console-card" aria-labelledby="coupon-heading">
    <h2 id="coupon-heading">${t("host.coupon.title")}</h2>
    ${coupon
      ? html`<p class="console-card__state">
          ${t("host.coupon.running", { percent: coupon.percentOff, left: coupon.quantity - coupon.claimed, quantity: coupon.quantity, time: formatDateTime(coupon.endsAt, locale) })}
        </p>`
      : null}
    <form method="post" action=${`/host/shows/${show.slug}/coupons`} novalidate>
      ${form && html`<${ErrorSummary} errors=${form.errors} labels=${labels} />`}
      <div class="form-row">
        <${Field} id="coupon-percent" name="percent" label=${labels.percent} hint=${t("host.coupon.percentHint", { max: couponLimits.maxPercent })} inputmode="numeric" value=${valueOf(form, "percent", "10")} errors=${errorsOf(form, "percent")} maxlength=${2} />
        <${Field} id="coupon-quantity" name="quantity" label=${labels.quantity} inputmode="numeric" value=${valueOf(form, "quantity", "100")} errors=${errorsOf(form, "quantity")} maxlength=${5} />
        <${Field} id="coupon-minutes" name="minutes" label=${labels.minutes} inputmode="numeric" value=${valueOf(form, "minutes", "15")} errors=${errorsOf(form, "minutes")} maxlength=${3} />
      </div>
      <button class="button" type="submit">${t("host.coupon.issue")}</button>
    </form>
  </section>`;
}

type ConsoleProps = {
  show: HostedShow;
  room: RoomAccess | null;
  products: SaleProduct[];
  sale: SaleRow | null;
  coupon: CouponRow | null;
  forms: ConsoleForms;
  /** The show's products as the public page lists them (pins). */
  listing: Parameters<typeof ShowProductList>[0]["products"];
  /** The stage as this member sees it (the show's own host gets their camera's controls). */
  stage: StageContext;
};

export function ConsolePage({ show, room, products, sale, coupon, forms, listing, stage }: ConsoleProps) {
  const { t, locale } = usePage();
  const stats: HostStatsProps | null = room && {
    ...room,
    locale,
    labels: {
      viewers: t("host.stats.viewers"),
      peakViewers: t("host.stats.peakViewers"),
      uniqueViewers: t("host.stats.uniqueViewers"),
      likes: t("host.stats.likes"),
      messages: t("host.stats.messages"),
      productClicks: t("host.stats.productClicks"),
      orders: t("host.stats.orders"),
      revenue: t("host.stats.revenue"),
      connecting: t("live.viewers.connecting"),
    },
    currency: products[0]?.currency ?? "CNY",
  };
  return html`<${Breadcrumbs} trail=${[{ href: "/host", label: t("host.title") }, { label: show.title }]} />
    <div class="console-head">
      <div>
        <h1>${show.title}</h1>
        <p><${StatusBadge} show=${show} /> <a href=${`/live/${show.slug}`}>${t("host.console.viewPage")}</a></p>
      </div>
      ${show.status === "scheduled" &&
      html`<form method="post" action=${`/host/shows/${show.slug}/live`}>
        <button class="button" type="submit">${t("host.console.goLive")}</button>
      </form>`}
      ${show.status === "live" &&
      html`<form method="post" action=${`/host/shows/${show.slug}/end`}>
        <button class="button button--danger" type="submit">${t("host.console.end")}</button>
      </form>`}
      ${show.status === "ended" && html`<a class="button" href=${`/host/shows/${show.slug}/summary`}>${t("host.console.summary")}</a>`}
    </div>
    ${show.status === "scheduled" && html`<p>${t("host.console.scheduled", { time: formatDateTime(show.startsAt, locale) })}</p>`}
    ${show.status !== "ended" &&
    html`<div class="console-grid">
      ${room &&
      show.streamKind !== "none" &&
      html`<section class="console-card console-stage" aria-labelledby="stage-heading">
        <h2 id="stage-heading">${t("host.console.stage")}</h2>
        <div class="stage"><${StageScreen} show=${show} room=${room} settings=${stage.settings} asHost=${stage.asHost} /></div>
      </section>`}
      <${CoverForm} show=${show} form=${forms.cover} />
    </div>`}
    ${room && stats
      ? html`<section aria-labelledby="stats-heading">
            <h2 id="stats-heading">${t("host.stats.title")}</h2>
            <${Island} name="host-stats" component=${HostStats} props=${stats} />
          </section>
          <div class="console-grid">
            <${SaleForm} show=${show} products=${products} sale=${sale} form=${forms.sale} />
            <${CouponForm} show=${show} coupon=${coupon} form=${forms.coupon} />
          </div>
          <div class="console-grid">
            <${ActivityControlsPanel} room=${room} />
            <section class="console-card" aria-labelledby="rules-heading">
              <h2 id="rules-heading">${t("host.rules.title")}</h2>
              <${Island}
                name="room-rules"
                component=${RoomRules}
                props=${{
                  ...room,
                  labels: {
                    slowMode: t("host.rules.slowMode"),
                    off: t("host.rules.off"),
                    seconds: t("host.rules.seconds"),
                    blockedWords: t("host.rules.blockedWords"),
                    blockedHint: t("host.rules.blockedHint"),
                    save: t("host.rules.save"),
                    saved: t("host.rules.saved"),
                    connecting: t("live.viewers.connecting"),
                  },
                } satisfies RoomRulesProps}
              />
            </section>
            <${ActivitiesPanel} slug=${show.slug} room=${room} />
          </div>
          <div class="live-layout">
            <section><${ChatPanel} slug=${show.slug} room=${room} products=${listing} /></section>
            <aside aria-labelledby="show-products">
              <h2 id="show-products">${t("host.console.pins")}</h2>
              <${ShowProductList} products=${listing} room=${room} selling=${{ slug: show.slug, sale, coupon, liveAt: show.liveAt?.getTime() ?? Date.now(), now: Date.now() }} />
            </aside>
          </div>`
      : null}`;
}

type Stats = { durationMs: number; peakViewers: number; uniqueViewers: number; likes: number; messages: number; productClicks: number; orders: number; revenueMinor: number };

export function SummaryPage({ show, stats, sales, currency }: { show: HostedShow; stats: Stats | null; sales: { sales: number; units: number }; currency: string }) {
  const { t, locale } = usePage();
  const number = new Intl.NumberFormat(locale);
  const rows: [string, string][] = stats
    ? [
        [t("host.stats.duration"), t("host.stats.minutes", { minutes: number.format(Math.round(stats.durationMs / 60_000)) })],
        [t("host.stats.peakViewers"), number.format(stats.peakViewers)],
        [t("host.stats.uniqueViewers"), number.format(stats.uniqueViewers)],
        [t("host.stats.likes"), number.format(stats.likes)],
        [t("host.stats.messages"), number.format(stats.messages)],
        [t("host.stats.productClicks"), number.format(stats.productClicks)],
        [t("host.stats.orders"), number.format(stats.orders)],
        [t("host.stats.revenue"), formatMoney({ minor: stats.revenueMinor, currency }, locale)],
        [t("host.stats.flashUnits"), number.format(sales.units)],
      ]
    : [];
  return html`<${Breadcrumbs} trail=${[{ href: "/host", label: t("host.title") }, { href: `/host/shows/${show.slug}`, label: show.title }, { label: t("host.summary.crumb") }]} />
    <h1>${t("host.summary.title", { title: show.title })}</h1>
    ${stats
      ? html`<dl class="stat-grid">
          ${rows.map(([label, value]) => html`<div class="stat"><dt>${label}</dt><dd>${value}</dd></div>`)}
        </dl>`
      : html`<p role="status">${show.status === "ended" ? t("host.summary.pending") : t("host.summary.notEnded")}</p>`}
    <p><a href=${`/live/${show.slug}`}>${t("host.summary.replay")}</a></p>`;
}
