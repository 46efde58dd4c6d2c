import { html } from "htm/preact";
import { LiveChat, type LiveChatLabels, type LiveChatProps } from "../../../client/islands/live-chat.ts";
import { ShowProducts, type ShowProduct, type ShowProductsProps } from "../../../client/islands/show-products.ts";
import { maxPinned } from "../../../party/protocol.ts";
import { discountPercent, formatMoney } from "../../lib/money.ts";
import { ViewerCounter, type ViewerCounterProps } from "../../../client/islands/viewer-counter.ts";
import type { RoomAddress } from "../../../client/live/room-connection.ts";
import { pluralForms } from "../../i18n/index.ts";
import { formatDateTime } from "../../lib/dates.ts";
import { Island } from "../../views/island.ts";
import { signInPath } from "../accounts/middleware.ts";
import { mediaUrl } from "../../views/media.ts";
import { usePage } from "../../views/page-context.ts";
import { Breadcrumbs } from "../catalog/views.ts";
import type { ShowDetail, ShowSummary } from "./queries.ts";

function StatusBadge({ show }: { show: Pick<ShowSummary, "status" | "startsAt"> }) {
  const { t, locale } = usePage();
  switch (show.status) {
    case "live":
      return html`<span class="badge badge--live">${t("live.status.live")}</span>`;
    case "scheduled":
      return html`<span class="badge">${t("live.status.scheduled", { time: formatDateTime(show.startsAt, locale) })}</span>`;
    case "ended":
      return html`<span class="badge badge--muted">${t("live.status.ended")}</span>`;
  }
}

export function ShowCard({ show }: { show: ShowSummary }) {
  const { t } = usePage();
  return html`<article class="show-card">
    <img src=${mediaUrl(show.coverKey)} alt="" width="960" height="540" loading="lazy" />
    <div class="show-card__body">
      <div><${StatusBadge} show=${show} /></div>
      <h3><a href=${`/live/${show.slug}`}>${show.title}</a></h3>
      <p class="muted">${t("live.host", { name: show.hostName })}</p>
    </div>
  </article>`;
}

export function ShowGrid({ shows }: { shows: ShowSummary[] }) {
  return html`<ul class="show-grid">
    ${shows.map((show) => html`<li key=${show.id}><${ShowCard} show=${show} /></li>`)}
  </ul>`;
}

export function ShowsPage({ shows }: { shows: ShowSummary[] }) {
  const { t } = usePage();
  return html`<h1>${t("nav.live")}</h1>
    ${shows.length > 0 ? html`<${ShowGrid} shows=${shows} />` : html`<p>${t("home.live.none")}</p>`}`;
}

/** Where the page's islands reach the show's room. */
export type RoomAccess = RoomAddress;

/**
 * The room's chat and likes (an island; everyone reads, members write). Chatting and liking need an
 * account: guests are offered sign-in that brings them back to this show.
 */
function ChatPanel({ slug, room, products }: { slug: string; room: RoomAccess; products: ShowDetail["products"] }) {
  const { t, member, locale } = usePage();
  const labels: LiveChatLabels = {
    message: t("live.chat.message"),
    send: t("live.chat.send"),
    like: t("live.chat.like"),
    likes: pluralForms(locale, "live.chat.likes"),
    empty: t("live.chat.empty"),
    connecting: t("live.viewers.connecting"),
    noscript: t("live.chat.noscript"),
    remove: t("live.chat.remove"),
    mute: t("live.chat.mute"),
    host: t("live.chat.host"),
    moderator: t("live.chat.moderator"),
    slowMode: t("live.chat.slowMode"),
    bought: t("live.chat.bought"),
    errors: {
      sign_in: t("live.chat.error.sign_in"),
      rate_limited: t("live.chat.error.rate_limited"),
      slow_mode: t("live.chat.error.slow_mode"),
      muted: t("live.chat.error.muted"),
      banned: t("live.chat.error.banned"),
      blocked_word: t("live.chat.error.blocked_word"),
      forbidden: t("live.chat.error.forbidden"),
      other: t("live.chat.error.other"),
    },
  };
  return html`<section class="chat-panel" aria-labelledby="chat-heading">
    <h2 id="chat-heading">${t("live.chat.title")}</h2>
    ${member
      ? html`<p class="chat-panel__who">
          <img class="avatar" src=${mediaUrl(member.avatarKey)} alt="" width="28" height="28" />
          <span>${t("live.chat.as", { name: member.nickname })}</span>
        </p>`
      : html`<p>${t("live.chat.guest")}</p>
          <p><a class="button" href=${signInPath(`/live/${slug}`)}>${t("live.chat.signIn")}</a></p>`}
    <${Island} name="live-chat" component=${LiveChat} props=${{ ...room, locale, member: member !== null, labels, products: Object.fromEntries(products.map((product) => [product.id, product.title])) } satisfies LiveChatProps} />
  </section>`;
}

/**
 * The show's products: plain server HTML, which the island keeps in step with the host's pins while the
 * show is live (pinned ones first and marked; pin buttons for the host).
 */
function ShowProductList({ products, room }: { products: ShowDetail["products"]; room: RoomAccess | null }) {
  const { t, locale } = usePage();
  const items: ShowProduct[] = products.map((product) => {
    const percent = discountPercent(product.priceMinor, product.listPriceMinor);
    return {
      id: product.id,
      href: `/p/${product.slug}`,
      title: product.title,
      image: product.image ? mediaUrl(product.image.key) : null,
      price: {
        now: formatMoney({ minor: product.priceMinor, currency: product.currency }, locale),
        was: percent > 0 ? t("product.was", { price: formatMoney({ minor: product.listPriceMinor, currency: product.currency }, locale) }) : null,
        save: percent > 0 ? t("product.save", { percent }) : null,
      },
    };
  });
  const labels = { pinned: t("live.pinned"), pin: t("live.pin"), unpin: t("live.unpin"), pinLimit: t("live.pinLimit", { count: maxPinned }) };
  const props = { room, products: items, labels } satisfies ShowProductsProps;
  // Before and after the show there are no pins to follow: plain HTML, no script.
  return room ? html`<${Island} name="show-products" component=${ShowProducts} props=${props} />` : html`<${ShowProducts} ...${props} />`;
}

export function LiveShowPage({ show, room }: { show: ShowDetail; room: RoomAccess | null }) {
  const { t, locale } = usePage();
  const caption =
    show.status === "live"
      ? t("live.stream.placeholder")
      : show.status === "scheduled"
        ? t("live.notStarted", { time: formatDateTime(show.startsAt, locale) })
        : t("live.over");
  return html`<${Breadcrumbs} trail=${[{ href: "/live", label: t("nav.live") }, { label: show.title }]} />
    <div class="live-layout">
      <section>
        <div class="stage">
          <img src=${mediaUrl(show.coverKey)} alt=${t("live.stage", { title: show.title })} width="960" height="540" fetchpriority="high" />
          <div class="stage__overlay">
            <div class="stage__top">
              <${StatusBadge} show=${show} />
              ${room &&
              html`<${Island}
                  name="viewer-counter"
                  component=${ViewerCounter}
                  props=${{
                    ...room,
                    locale,
                    labels: {
                      ...pluralForms(locale, "live.viewers"),
                      connecting: t("live.viewers.connecting"),
                      offline: t("live.viewers.offline"),
                    },
                  } satisfies ViewerCounterProps}
                />
                <noscript><p class="noscript-note">${t("live.viewers.noscript")}</p></noscript>`}
            </div>
            <p class="stage__caption">${caption}</p>
          </div>
        </div>
        <h1>${show.title}</h1>
        <p class="muted">${t("live.host", { name: show.hostName })}</p>
        <p>${show.description}</p>
        ${room && html`<${ChatPanel} slug=${show.slug} room=${room} products=${show.products} />`}
      </section>
      <aside aria-labelledby="show-products">
        <h2 id="show-products">${t("live.products")}</h2>
        <${ShowProductList} products=${show.products} room=${room} />
      </aside>
    </div>`;
}
