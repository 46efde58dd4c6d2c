/**
 * The member's history pages: what they did in the shop, grouped by day, and what they searched for. Each
 * item has its own delete button, saying what it deletes; pausing is a plain form that keeps what is there.
 */
import { html } from "htm/preact";
import { formatDate, formatDateTime, formatTime, shopDay } from "../../lib/dates.ts";
import { usePage } from "../../views/page-context.ts";
import { Breadcrumbs } from "../catalog/views.ts";
import { spacedNumber } from "../orders/views.ts";
import type { SearchHistorySettings, SearchTerm } from "../search/history.ts";
import type { HistoryItem } from "./history.ts";

export const historyDone = ["deleted", "cleared", "paused", "resumed"] as const;
export type HistoryDone = (typeof historyDone)[number];
export const searchHistoryDone = ["deleted", "cleared", "saved", "paused", "resumed"] as const;
export type SearchHistoryDone = (typeof searchHistoryDone)[number];

function Done({ text }: { text: string | null }) {
  return text && html`<p class="notice notice--ok" role="status">${text}</p>`;
}

/** A pause/resume switch: one button that says what it will do, and the state it is in. */
function KeepSwitch({ id, action, keep, labels }: { id: string; action: string; keep: boolean; labels: { title: string; on: string; paused: string; pause: string; resume: string; hint?: string } }) {
  return html`<section class="account-section" aria-labelledby=${id}>
    <h2 id=${id}>${labels.title}</h2>
    <p>${keep ? labels.on : labels.paused}</p>
    <form method="post" action=${action}>
      <input type="hidden" name="keep" value=${keep ? "off" : "on"} />
      <button class="button button--secondary" type="submit">${keep ? labels.pause : labels.resume}</button>
    </form>
    ${labels.hint && html`<p class="field__hint">${labels.hint}</p>`}
  </section>`;
}

/** Items by the shop's calendar day, newest day first (items come newest first). */
function byDay(items: HistoryItem[]): { day: string; date: Date; items: HistoryItem[] }[] {
  const days: { day: string; date: Date; items: HistoryItem[] }[] = [];
  for (const item of items) {
    const day = shopDay(item.at).day;
    const last = days.at(-1);
    if (last?.day === day) last.items.push(item);
    else days.push({ day, date: item.at, items: [item] });
  }
  return days;
}

function HistoryEntry({ item }: { item: HistoryItem }) {
  const { t, locale } = usePage();
  const kind = t(`history.kind.${item.kind}`);
  const title = item.title === null ? t("history.gone") : item.kind === "order" ? spacedNumber(item.title) : item.title;
  return html`<li class="history-item">
    <span class="history-item__kind">${kind}</span>
    <span class="history-item__title">${item.link ? html`<a href=${item.link}>${title}</a>` : title}</span>
    <time class="history-item__time muted" datetime=${item.at.toISOString()}>${formatTime(item.at, locale)}</time>
    <form class="history-item__delete" method="post" action="/account/history/delete">
      <input type="hidden" name="kind" value=${item.kind} />
      <input type="hidden" name="subject" value=${item.subjectId} />
      <button class="link-button" type="submit" aria-label=${t("history.delete.label", { kind, title })}>${t("history.delete")}</button>
    </form>
  </li>`;
}

export function HistoryPage({ items, more, keep, done, now }: { items: HistoryItem[]; more: boolean; keep: boolean; done: HistoryDone | null; now: Date }) {
  const { t, locale } = usePage();
  const today = shopDay(now).day;
  return html`<${Breadcrumbs} trail=${[{ href: "/account", label: t("nav.account") }, { label: t("history.title") }]} />
    <h1>${t("history.title")}</h1>
    <p>${t("history.intro")}</p>
    <${Done} text=${done && t(`history.done.${done}`)} />
    <${KeepSwitch}
      id="history-keep"
      action="/account/history/keep"
      keep=${keep}
      labels=${{
        title: t("history.keep.title"),
        on: t("history.on"),
        paused: t("history.paused"),
        pause: t("history.pause"),
        resume: t("history.resume"),
        hint: t("history.pause.hint"),
      }}
    />
    <p>${t("history.searches")} <a href="/account/search-history">${t("account.links.searchHistory")}</a></p>
    ${items.length === 0
      ? html`<p>${t("history.empty")}</p>`
      : html`${byDay(items).map(
            ({ day, date, items: dayItems }) => html`<section class="history-day" key=${day} aria-labelledby=${`day-${day}`}>
              <h2 id=${`day-${day}`}>${day === today ? t("history.today", { date: formatDate(date, locale) }) : formatDate(date, locale)}</h2>
              <ul class="history-list">
                ${dayItems.map((item) => html`<${HistoryEntry} key=${`${item.kind}:${item.subjectId}`} item=${item} />`)}
              </ul>
            </section>`,
          )}
          ${more && html`<p class="muted">${t("history.more", { count: items.length })}</p>`}
          <form method="post" action="/account/history/clear">
            <button class="button button--secondary" type="submit">${t("history.clear")}</button>
          </form>`}`;
}

export function SearchHistoryPage({ terms, settings, done }: { terms: SearchTerm[]; settings: SearchHistorySettings; done: SearchHistoryDone | null }) {
  const { t, locale } = usePage();
  const doneText = done === "paused" || done === "resumed" ? t(`history.done.${done}`) : done && t(`searchHistory.done.${done}`);
  return html`<${Breadcrumbs} trail=${[{ href: "/account", label: t("nav.account") }, { href: "/account/history", label: t("history.title") }, { label: t("searchHistory.title") }]} />
    <h1>${t("searchHistory.title")}</h1>
    <p>${t("searchHistory.intro")}</p>
    <${Done} text=${doneText} />
    <${KeepSwitch}
      id="search-history-keep"
      action="/account/search-history/keep"
      keep=${settings.keep}
      labels=${{
        title: t("searchHistory.keep.title"),
        on: t("searchHistory.on"),
        paused: t("searchHistory.paused"),
        pause: t("searchHistory.pause"),
        resume: t("searchHistory.resume"),
      }}
    />
    <section class="account-section" aria-labelledby="search-history-where">
      <h2 id="search-history-where">${t("searchHistory.where.title")}</h2>
      <form class="account-form" method="post" action="/account/search-history/device">
        <fieldset class="field">
          <legend>${t("searchHistory.where.legend")}</legend>
          <p class="field__hint" id="search-history-where-hint">${t("searchHistory.where.hint")}</p>
          <label class="choice"><input type="radio" name="device" value="off" checked=${!settings.onDevice} aria-describedby="search-history-where-hint" /><span>${t("searchHistory.where.account")}</span></label>
          <label class="choice"><input type="radio" name="device" value="on" checked=${settings.onDevice} aria-describedby="search-history-where-hint" /><span>${t("searchHistory.where.device")}</span></label>
        </fieldset>
        <button class="button button--secondary" type="submit">${t("searchHistory.where.save")}</button>
      </form>
    </section>
    <section class="account-section" aria-labelledby="search-history-terms">
      <h2 id="search-history-terms">${t("searchHistory.table")}</h2>
      ${settings.onDevice && html`<p>${t("searchHistory.deviceNote")}</p>`}
      ${terms.length === 0
        ? html`<p>${t("searchHistory.empty")}</p>`
        : html`<div class="table-scroll">
              <table class="records-table">
                <thead>
                  <tr>
                    <th scope="col">${t("searchHistory.column.term")}</th>
                    <th scope="col">${t("searchHistory.column.count")}</th>
                    <th scope="col">${t("searchHistory.column.last")}</th>
                    <th scope="col"><span class="visually-hidden">${t("searchHistory.column.actions")}</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${terms.map(
                    (entry) => html`<tr key=${entry.term}>
                      <td><a href=${`/search?q=${encodeURIComponent(entry.term)}`}>${entry.term}</a></td>
                      <td>${entry.count}</td>
                      <td><time datetime=${entry.lastAt.toISOString()}>${formatDateTime(entry.lastAt, locale)}</time></td>
                      <td>
                        <form method="post" action="/account/search-history/delete">
                          <input type="hidden" name="term" value=${entry.term} />
                          <button class="link-button" type="submit" aria-label=${t("searchHistory.delete.label", { term: entry.term })}>${t("searchHistory.delete")}</button>
                        </form>
                      </td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>
            <form method="post" action="/account/search-history/clear">
              <button class="button button--secondary" type="submit">${t("searchHistory.clear")}</button>
            </form>`}
    </section>`;
}
