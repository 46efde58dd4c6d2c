import { html } from "htm/preact";
import { showCouponDays } from "../checkout/queries.ts";
import { LiveChat, type LiveChatLabels, type LiveChatProps } from "../../../client/islands/live-chat.ts";
import { ShowProducts, type ShowProduct, type ShowProductsProps } from "../../../client/islands/show-products.ts";
import { ProofCheck, type ProofCheckProps } from "../../../client/islands/proof-check.ts";
import { ShowReplay, type ShowReplayProps } from "../../../client/islands/show-replay.ts";
import { maxPinned, type ServerMessage } from "../../../party/protocol.ts";
import { discountPercent, formatMoney } from "../../lib/money.ts";
import { ViewerCounter, type ViewerCounterProps } from "../../../client/islands/viewer-counter.ts";
import type { RoomAddress } from "../../../client/live/room-connection.ts";
import { pluralForms } from "../../i18n/index.ts";
import { formatDateTime } from "../../lib/dates.ts";
import { Island } from "../../views/island.ts";
import { signInPath } from "../accounts/middleware.ts";
import { imageSizes, mediaUrl, Picture, variantUrl } from "../../views/media.ts";
import { usePage } from "../../views/page-context.ts";
import type { CardHeadingLevel } from "../../views/product-card.ts";
import { Breadcrumbs } from "../catalog/views.ts";
import type { ShowDetail, ShowSummary } from "./queries.ts";
import { ActivitiesPanel, proofLabels } from "./activity-panels.ts";
import { couponState, saleState, type CouponRow, type SaleRow } from "./selling.ts";
import { coverImage, StageScreen } from "./stage.ts";
import type { VideoSettings } from "./stream-source.ts";

/** What the stage plays: the deployment's video settings, and whether the reader is the show's host. */
export type StageContext = { settings: VideoSettings; asHost: boolean };
const noVideo: StageContext = { settings: { streamCustomerCode: null, peer: { iceServers: [], relayOnly: false } }, asHost: false };

export function StatusBadge({ show }: { show: Pick<ShowSummary, "status" | "startsAt"> }) {
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

export function ShowCard({ show, level = 3 }: { show: ShowSummary; level?: CardHeadingLevel }) {
  const { t } = usePage();
  const Heading = `h${level}`;
  return html`<article class="show-card">
    <${Picture} image=${coverImage(show.coverKey)} sizes=${imageSizes.showCard} loading="lazy" />
    <div class="show-card__body">
      <div><${StatusBadge} show=${show} /></div>
      <${Heading} class="show-card__title"><a href=${`/live/${show.slug}`}>${show.title}</a><//>
      <p class="muted">${t("live.host", { name: show.hostName })}</p>
    </div>
  </article>`;
}

export function ShowGrid({ shows, level }: { shows: ShowSummary[]; level?: CardHeadingLevel }) {
  return html`<ul class="show-grid">
    ${shows.map((show) => html`<li key=${show.id}><${ShowCard} show=${show} level=${level} /></li>`)}
  </ul>`;
}

export function ShowsPage({ shows }: { shows: ShowSummary[] }) {
  const { t } = usePage();
  return html`<h1>${t("nav.live")}</h1>
    ${shows.length > 0 ? html`<${ShowGrid} shows=${shows} level=${2} />` : html`<p>${t("home.live.none")}</p>`}`;
}

/** Where the page's islands reach the show's room. */
export type RoomAccess = RoomAddress;

/**
 * The room's chat and likes (an island; everyone reads, members write). Chatting and liking need an
 * account: guests are offered sign-in that brings them back to this show.
 */
export function ChatPanel({ slug, room, products }: { slug: string; room: RoomAccess; products: ShowDetail["products"] }) {
  const { t, member, locale } = usePage();
  const labels: LiveChatLabels = {
    message: t("live.chat.message"),
    send: t("live.chat.send"),
    like: t("live.chat.like"),
    likes: pluralForms(locale, "live.chat.likes"),
    messages: pluralForms(locale, "live.chat.messages"),
    empty: t("live.chat.empty"),
    connecting: t("live.viewers.connecting"),
    noscript: t("live.chat.noscript"),
    remove: t("live.chat.remove"),
    mute: t("live.chat.mute"),
    ban: t("live.chat.ban"),
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
/** The sale and coupon running when the page was rendered, and the show clock then. */
export type SellingNow = { slug: string; sale: SaleRow | null; coupon: CouponRow | null; liveAt: number; now: number };

export function ShowProductList({ products, room, selling = null }: { products: ShowDetail["products"]; room: RoomAccess | null; selling?: SellingNow | null }) {
  const { t, locale, member } = usePage();
  const items: ShowProduct[] = products.map((product) => {
    const percent = discountPercent(product.priceMinor, product.listPriceMinor);
    return {
      id: product.id,
      href: `/p/${product.slug}`,
      title: product.title,
      // A 72px thumbnail: a small WebP copy (every browser the shop supports reads WebP), not the original.
      image: product.image ? variantUrl(product.image.key, 160, "webp") : null,
      price: {
        now: formatMoney({ minor: product.priceMinor, currency: product.currency }, locale),
        was: percent > 0 ? t("product.was", { price: formatMoney({ minor: product.listPriceMinor, currency: product.currency }, locale) }) : null,
        save: percent > 0 ? t("product.save", { percent }) : null,
      },
    };
  });
  const labels = { pinned: t("live.pinned"), pin: t("live.pin"), unpin: t("live.unpin"), pinLimit: t("live.pinLimit", { count: maxPinned }) };
  const props = {
    room,
    products: items,
    labels,
    selling: selling && {
      slug: selling.slug,
      member: member !== null,
      signIn: signInPath(`/live/${selling.slug}`),
      currency: products[0]?.currency ?? "CNY",
      locale,
      sale: selling.sale && saleState(selling.sale),
      coupon: selling.coupon && couponState(selling.coupon, selling.liveAt),
      now: Math.max(0, selling.now - selling.liveAt),
      labels: {
        flash: t("live.sale.flash"),
        buy: t("live.sale.buy"),
        left: t("live.sale.left"),
        endsIn: t("live.sale.endsIn"),
        ended: t("live.sale.ended"),
        soldOut: t("live.sale.soldOut"),
        coupon: t("live.coupon.offer"),
        take: t("live.coupon.take"),
        couponLeft: t("live.coupon.left"),
        signIn: t("live.chat.signIn"),
      },
    },
  } satisfies ShowProductsProps;
  // Before and after the show there are no pins to follow: plain HTML, no script.
  return room ? html`<${Island} name="show-products" component=${ShowProducts} props=${props} />` : html`<${ShowProducts} ...${props} />`;
}

type Product = ShowDetail["products"][number];

const clock = (ms: number) => {
  const seconds = Math.floor(ms / 1000);
  const hours = Math.floor(seconds / 3600);
  const rest = `${String(Math.floor((seconds % 3600) / 60)).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;
  return hours > 0 ? `${hours}:${rest}` : rest;
};

/** One moment of an ended show, as the replay lists it. */
function ReplayEntry({ entry, products }: { entry: ReplayItem; products: Product[] }) {
  const { t, locale } = usePage();
  const title = (id: string) => products.find((product) => product.id === id)?.title ?? "";
  const message = entry.message;
  const body = (() => {
    switch (message.type) {
      case "chat":
        return html`<img class="avatar" src=${message.line.by.avatar ?? ""} alt="" width="24" height="24" />
          <strong>${message.line.by.name}</strong> ${message.line.text}`;
      case "pinned":
        return html`<em>${t("live.replay.pinned", { products: message.products.map(title).join(", ") || "—" })}</em>`;
      case "sale": {
        const product = products.find((candidate) => candidate.id === message.sale.product);
        return html`<em>${t("live.replay.sale", {
          product: product?.title ?? "",
          price: formatMoney({ minor: message.sale.priceMinor, currency: product?.currency ?? "CNY" }, locale),
          quantity: message.sale.quantity,
        })}</em>`;
      }
      case "purchase":
        return html`<em>${t("live.chat.bought", { name: message.name, product: title(message.product) })}</em>`;
      case "coupon":
        return html`<em>${t("live.replay.coupon", { percent: message.coupon.percentOff })}</em>`;
      case "poll_opened":
        return html`<em>${t("live.replay.poll", { question: message.poll.question })}</em>`;
      case "poll_closed": {
        const total = message.poll.totals.reduce((sum, votes) => sum + votes, 0);
        const results = message.poll.options.map((option, i) => `${option} ${total === 0 ? 0 : Math.round(((message.poll.totals[i] ?? 0) / total) * 100)}%`);
        return html`<em>${t("live.replay.pollResults", { question: message.poll.question, results: results.join(" · ") })}</em>`;
      }
      case "giveaway_opened":
        return html`<em>${t("live.replay.giveaway", { prize: message.giveaway.prize })}</em> <code class="replay__hash">${message.giveaway.commitment.slice(0, 16)}…</code>`;
      case "giveaway_closed":
        return html`<em>${t("live.replay.giveawayClosed", { count: message.count })}</em>`;
      case "giveaway_drawn":
        return html`<em>${message.winner ? t("live.activities.winner", { name: message.winner.name }) : t("live.activities.noWinner")}</em>
          <${Island} name="proof-check" component=${ProofCheck} props=${{ proof: message.proof, winner: message.winner && { id: message.winner.id, name: message.winner.name }, labels: proofLabels(t) } satisfies ProofCheckProps} />`;
      default:
        return null;
    }
  })();
  if (!body) return null;
  return html`<li class=${`replay__entry replay__entry--${message.type}`} data-at=${entry.at} data-pins=${message.type === "pinned" ? message.products.join(" ") : undefined}>
    <time class="replay__time">${clock(entry.at)}</time> <span>${body}</span>
  </li>`;
}

/** An ended show's timeline: chat, pins and sales at the moments they happened (the island plays it). */
function ReplaySection({ replay: { items: replay, state }, products }: { replay: Replay; products: Product[] }) {
  const { t } = usePage();
  return html`<section class="replay" aria-labelledby="replay-heading">
    <h2 id="replay-heading">${t("live.replay.title")}</h2>
    ${replay.length === 0
      ? html`<p>${t(state === "archived" ? "live.replay.nothing" : state === "pending" ? "live.replay.empty" : "live.replay.none")}</p>`
      : html`<${Island}
          name="show-replay"
          component=${ShowReplay}
          props=${{ duration: replay.at(-1)!.at, labels: { play: t("live.replay.play"), pause: t("live.replay.pause"), position: t("live.replay.position") } } satisfies ShowReplayProps}
        />
        <ol class="replay__list">
          ${replay.map((entry) => html`<${ReplayEntry} key=${entry.seq} entry=${entry} products=${products} />`)}
        </ol>`}
  </section>`;
}

export type ReplayItem = { seq: number; at: number; message: ServerMessage };
/** An ended show's timeline, and whether its archive is complete (until then the timeline may be short). */
export type Replay = { items: ReplayItem[]; state: "archived" | "pending" | "none" };

export function LiveShowPage({
  show,
  room,
  replay = null,
  selling = null,
  stage = noVideo,
}: {
  show: ShowDetail;
  room: RoomAccess | null;
  replay?: Replay | null;
  selling?: SellingNow | null;
  stage?: StageContext;
}) {
  const { t, locale } = usePage();
  // While live, the stage itself says what is on (video, or waiting for the host).
  const caption =
    show.status === "live"
      ? null
      : show.status === "scheduled"
        ? t("live.notStarted", { time: formatDateTime(show.startsAt, locale) })
        : t("live.over");
  return html`<${Breadcrumbs} trail=${[{ href: "/live", label: t("nav.live") }, { label: show.title }]} />
    <div class="live-layout">
      <section>
        <div class="stage">
          <${StageScreen} show=${show} room=${room} settings=${stage.settings} asHost=${stage.asHost} />
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
            ${caption && html`<p class="stage__caption">${caption}</p>`}
          </div>
        </div>
        <h1>${show.title}</h1>
        <p class="muted">${t("live.host", { name: show.hostName })}</p>
        <p>${show.description}</p>
        ${room && html`<${ActivitiesPanel} slug=${show.slug} room=${room} />`}
        ${room && html`<${ChatPanel} slug=${show.slug} room=${room} products=${show.products} />`}
        ${replay && html`<${ReplaySection} replay=${replay} products=${show.products} />`}
      </section>
      <aside aria-labelledby="show-products">
        <h2 id="show-products">${t("live.products")}</h2>
        <${ShowProductList} products=${show.products} room=${room} selling=${selling} />
      </aside>
    </div>`;
}

/** After "Buy": the unit held at the sale's price, or why there is none. */
export function HoldPage({
  show,
  sale,
  product,
  hold,
  now,
}: {
  show: ShowDetail;
  sale: SaleRow;
  product: Product;
  hold: { id: string; priceMinor: number; expiresAt: Date; orderId: string | null } | null;
  now: number;
}) {
  const { t, locale } = usePage();
  const price = formatMoney({ minor: hold?.priceMinor ?? sale.priceMinor, currency: product.currency }, locale);
  const reason = sale.endsAt.getTime() <= now ? t("live.sale.over") : sale.sold >= sale.quantity ? t("live.sale.soldOut") : t("live.sale.notHeld");
  return html`<${Breadcrumbs} trail=${[{ href: "/live", label: t("nav.live") }, { href: `/live/${show.slug}`, label: show.title }, { label: product.title }]} />
    <h1>${t("live.sale.pageTitle", { product: product.title })}</h1>
    ${hold
      ? hold.orderId
        ? html`<p role="status" class="notice">${t("live.sale.ordered", { product: product.title })}</p>
            <p><a class="button" href="/orders">${t("live.sale.orders")}</a></p>`
        : html`<p role="status" class="notice">${t("live.sale.held", { product: product.title, price, time: formatDateTime(hold.expiresAt, locale) })}</p>
            <p>${t("live.sale.checkoutSoon")}</p>
            <p><a class="button" href=${`/checkout?hold=${hold.id}`}>${t("live.sale.checkout")}</a></p>`
      : html`<p role="alert" class="notice notice--error">${reason}</p>`}
    <p><a class="button" href=${`/live/${show.slug}`}>${t("live.sale.back")}</a></p>`;
}

/** After "Take coupon": the coupon is the member's, or why not. */
export function CouponPage({ show, coupon, claimed }: { show: ShowDetail; coupon: CouponRow; claimed: boolean }) {
  const { t, locale } = usePage();
  return html`<${Breadcrumbs} trail=${[{ href: "/live", label: t("nav.live") }, { href: `/live/${show.slug}`, label: show.title }, { label: t("live.coupon.crumb") }]} />
    <h1>${t("live.coupon.pageTitle", { percent: coupon.percentOff })}</h1>
    ${claimed
      ? html`<p role="status" class="notice">${t("live.coupon.claimed", { percent: coupon.percentOff, time: formatDateTime(new Date(coupon.endsAt.getTime() + showCouponDays * 86_400_000), locale) })}</p>`
      : html`<p role="alert" class="notice notice--error">${t("live.coupon.gone")}</p>`}
    <p><a class="button" href=${`/live/${show.slug}`}>${t("live.sale.back")}</a></p>`;
}
