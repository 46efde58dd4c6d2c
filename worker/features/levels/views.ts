import { html } from "htm/preact";
import { formatMoney } from "../../lib/money.ts";
import { usePage } from "../../views/page-context.ts";
import { levels, levelWindowDays, progressToNext, shippingFeeMinor, type Level } from "./levels.ts";
import type { MemberLevel } from "./queries.ts";

const currency = "CNY";

function Rights({ level }: { level: Level }) {
  const { t, locale } = usePage();
  const discount = level.discountPercent > 0 ? t("levels.rights.discount", { percent: level.discountPercent }) : t("levels.rights.no_discount");
  const shipping =
    level.freeShippingFromMinor === 0
      ? t("levels.rights.free_shipping_always")
      : t("levels.rights.free_shipping_from", { amount: formatMoney({ minor: level.freeShippingFromMinor, currency }, locale) });
  return t("levels.rights.both", { discount, shipping });
}

/** The member's level, why they have it, what it gives and what is left to the next (policy §2.1, §2.2). */
export function MemberLevelPanel({ standing }: { standing: MemberLevel }) {
  const { t, locale } = usePage();
  const { level, usage } = standing;
  const next = progressToNext(usage);
  const money = (minor: number) => formatMoney({ minor, currency }, locale);
  return html`<div class="level-panel">
    <p class="level-panel__name"><span class=${`level-badge level-badge--${level.id}`}>${t(`levels.name.${level.id}`)}</span></p>
    <p>${t("levels.why", { spend: money(usage.spendMinor), count: usage.orders, days: levelWindowDays })}</p>
    <p><strong>${t("levels.your_rights")}</strong> <${Rights} level=${level} /></p>
    ${next
      ? html`<p>${t("levels.next", { level: t(`levels.name.${next.next.id}`), spend: money(next.spendMinor), count: next.orders })}</p>
          <progress max="100" value=${Math.min(100, Math.round((usage.spendMinor * 100) / Math.max(1, next.next.minSpendMinor)))} aria-label=${t("levels.progress")}></progress>`
      : html`<p>${t("levels.top")}</p>`}
    <p><a href="/levels">${t("levels.how")}</a></p>
  </div>`;
}

/** The published rules: every level's thresholds and rights. */
export function LevelsPage({ standing }: { standing: MemberLevel | null }) {
  const { t, locale } = usePage();
  const money = (minor: number) => formatMoney({ minor, currency }, locale);
  return html`<div class="levels">
    <h1>${t("levels.title")}</h1>
    <p>${t("levels.intro", { days: levelWindowDays, fee: money(shippingFeeMinor) })}</p>
    <table class="order-table">
      <caption class="visually-hidden">${t("levels.title")}</caption>
      <thead>
        <tr>
          <th scope="col">${t("levels.level")}</th>
          <th scope="col">${t("levels.needs")}</th>
          <th scope="col">${t("levels.rights")}</th>
        </tr>
      </thead>
      <tbody>
        ${levels.map(
          (level) => html`<tr aria-current=${standing?.level.id === level.id ? "true" : undefined}>
            <th scope="row">${t(`levels.name.${level.id}`)}${standing?.level.id === level.id && html` <span class="badge">${t("levels.yours")}</span>`}</th>
            <td>${level.minOrders === 0 ? t("levels.needs_nothing") : t("levels.needs_value", { spend: money(level.minSpendMinor), count: level.minOrders })}</td>
            <td><${Rights} level=${level} /></td>
          </tr>`,
        )}
      </tbody>
    </table>
    <p>${t("levels.recomputed")}</p>
    ${standing && html`<h2>${t("levels.yours_heading")}</h2><${MemberLevelPanel} standing=${standing} />`}
  </div>`;
}
