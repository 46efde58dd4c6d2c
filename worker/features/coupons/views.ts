import { html } from "htm/preact";
import { couponKinds, couponScopes } from "../../../db/schema/index.ts";
import { formatDateTime } from "../../lib/dates.ts";
import { formatMoney } from "../../lib/money.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import { ErrorSummary, Field, SelectField } from "../../views/form.ts";
import { usePage } from "../../views/page-context.ts";
import type { CouponRow } from "./queries.ts";

const labels = (t: ReturnType<typeof usePage>["t"]): Record<string, string> => ({
  couponCode: t("coupons.field.code"),
  value: t("coupons.field.value"),
  minSpend: t("coupons.field.minSpend"),
  startsAt: t("coupons.field.startsAt"),
  endsAt: t("coupons.field.endsAt"),
  perMember: t("coupons.field.perMember"),
  total: t("coupons.field.total"),
  scopeProduct: t("coupons.field.scopeProduct"),
  scopeCategory: t("coupons.field.scopeCategory"),
});

/** What a coupon gives, as staff and members read it ("CN¥20 off", "10% off"). */
export function couponValue(coupon: Pick<CouponRow, "kind" | "value" | "currency">, t: ReturnType<typeof usePage>["t"], locale: string): string {
  return coupon.kind === "fixed" ? t("coupons.off.fixed", { amount: formatMoney({ minor: coupon.value, currency: coupon.currency }, locale) }) : t("coupons.off.percent", { percent: coupon.value });
}

export function CouponsPage({
  list,
  categories,
  values,
  errors,
  created,
}: {
  list: CouponRow[];
  categories: { id: string; name: string }[];
  values: Record<string, string>;
  errors: FieldErrors;
  created: boolean;
}) {
  const { t, locale } = usePage();
  return html`<div class="coupons">
    <h1>${t("coupons.title")}</h1>
    ${created && html`<p class="notice notice--ok" role="status">${t("coupons.created")}</p>`}
    <div class="table-scroll">
      <table class="records-table">
        <caption class="visually-hidden">${t("coupons.title")}</caption>
        <thead>
          <tr>
            <th scope="col">${t("coupons.field.code")}</th>
            <th scope="col">${t("coupons.column.gives")}</th>
            <th scope="col">${t("coupons.column.when")}</th>
            <th scope="col">${t("coupons.column.used")}</th>
            <th scope="col">${t("coupons.column.scope")}</th>
          </tr>
        </thead>
        <tbody>
          ${list.length === 0
            ? html`<tr><td colspan="5">${t("coupons.empty")}</td></tr>`
            : list.map(
                (coupon) => html`<tr>
                  <td><code>${coupon.code}</code></td>
                  <td>
                    ${couponValue(coupon, t, locale)}
                    ${coupon.minSpendMinor > 0 && html`<br /><small>${t("coupons.minSpend", { amount: formatMoney({ minor: coupon.minSpendMinor, currency: coupon.currency }, locale) })}</small>`}
                  </td>
                  <td>${formatDateTime(coupon.startsAt, locale)} – ${formatDateTime(coupon.endsAt, locale)}</td>
                  <td>${coupon.used} / ${coupon.totalLimit}<br /><small>${t("coupons.perMember", { count: coupon.perMemberLimit })}</small></td>
                  <td>${t(`coupons.scope.${coupon.scope}`)}</td>
                </tr>`,
              )}
        </tbody>
      </table>
    </div>
    <h2>${t("coupons.new")}</h2>
    <${ErrorSummary} errors=${errors} labels=${labels(t)} />
    <form class="account-form" method="post" action="/staff/coupons" novalidate>
      <${Field} id="couponCode" name="couponCode" label=${t("coupons.field.code")} value=${values.couponCode} errors=${errors.couponCode} hint=${t("coupons.field.codeHint")} maxlength=${32} autocomplete="off" />
      <${SelectField} id="kind" name="kind" label=${t("coupons.field.kind")} value=${values.kind ?? "fixed"} options=${couponKinds.map((kind) => ({ value: kind, label: t(`coupons.kind.${kind}`) }))} />
      <${Field} id="value" name="value" label=${t("coupons.field.value")} value=${values.value} errors=${errors.value} hint=${t("coupons.field.valueHint")} inputmode="decimal" maxlength=${10} />
      <${Field} id="minSpend" name="minSpend" label=${t("coupons.field.minSpend")} value=${values.minSpend ?? "0"} errors=${errors.minSpend} inputmode="decimal" maxlength=${10} />
      <${Field} id="startsAt" name="startsAt" type="datetime-local" label=${t("coupons.field.startsAt")} value=${values.startsAt} errors=${errors.startsAt} hint=${t("coupons.field.timeHint")} />
      <${Field} id="endsAt" name="endsAt" type="datetime-local" label=${t("coupons.field.endsAt")} value=${values.endsAt} errors=${errors.endsAt} />
      <${Field} id="perMember" name="perMember" label=${t("coupons.field.perMember")} value=${values.perMember ?? "1"} errors=${errors.perMember} inputmode="numeric" maxlength=${2} />
      <${Field} id="total" name="total" label=${t("coupons.field.total")} value=${values.total ?? "100"} errors=${errors.total} inputmode="numeric" maxlength=${7} />
      <${SelectField} id="scope" name="scope" label=${t("coupons.field.scope")} value=${values.scope ?? "all"} options=${couponScopes.map((scope) => ({ value: scope, label: t(`coupons.scope.${scope}`) }))} />
      <${SelectField}
        id="scopeCategory"
        name="scopeCategory"
        label=${t("coupons.field.scopeCategory")}
        value=${values.scopeCategory ?? ""}
        errors=${errors.scopeCategory}
        options=${[{ value: "", label: "—" }, ...categories.map((category) => ({ value: category.id, label: category.name }))]}
      />
      <${Field} id="scopeProduct" name="scopeProduct" label=${t("coupons.field.scopeProduct")} value=${values.scopeProduct} errors=${errors.scopeProduct} hint=${t("coupons.field.scopeProductHint")} required=${false} maxlength=${120} />
      <button class="button" type="submit">${t("coupons.create")}</button>
    </form>
  </div>`;
}
