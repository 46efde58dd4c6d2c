import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import { maxPinned, type CouponState, type SaleState } from "../../party/protocol.ts";
import { formatMoney } from "../../worker/lib/money.ts";
import { send, subscribe, type RoomAddress } from "../live/room-connection.ts";

export type ShowProduct = {
  id: string;
  href: string;
  title: string;
  image: string | null;
  /** Prices formatted by the server in the reader's language. */
  price: { now: string; was: string | null; save: string | null };
};

/** What the room is selling right now, as the server knew it when it rendered the page. */
export type Selling = {
  slug: string;
  /** Whether the reader is signed in (buying and coupons need an account). */
  member: boolean;
  signIn: string;
  currency: string;
  locale: string;
  sale: SaleState | null;
  coupon: CouponState | null;
  /** The show clock when the page was rendered. */
  now: number;
  labels: {
    flash: string;
    buy: string;
    left: string;
    endsIn: string;
    ended: string;
    soldOut: string;
    coupon: string;
    take: string;
    couponLeft: string;
    signIn: string;
  };
};

export type ShowProductsProps = {
  /** The room to follow; null when the show is not live (a plain list). */
  room: RoomAddress | null;
  products: ShowProduct[];
  labels: { pinned: string; pin: string; unpin: string; pinLimit: string };
  selling?: Selling | null;
};

const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ""));
const countdown = (ms: number) => {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
};

/**
 * The running flash sale and coupon. Countdowns follow the room's clock: each frame says the show clock
 * when it was sent, and the time since is measured on the page's monotonic clock, so a wrong system
 * clock changes nothing. Buying and taking a coupon are plain forms the worker checks.
 */
function SellingPanel({ selling, sale, coupon, clock, products }: { selling: Selling; sale: SaleState | null; coupon: CouponState | null; clock: number; products: ShowProduct[] }) {
  const { labels } = selling;
  const product = sale && products.find((candidate) => candidate.id === sale.product);
  const saleLeft = sale ? sale.endsAt - clock : 0;
  const couponLeft = coupon ? coupon.endsAt - clock : 0;
  const signIn = html`<a class="button" href=${selling.signIn}>${labels.signIn}</a>`;
  return html`<div class="selling" aria-live="polite">
    ${sale &&
    product &&
    html`<section class="flash-sale" data-sale=${sale.id} aria-label=${labels.flash}>
      <p><span class="badge badge--live">${labels.flash}</span> <strong>${product.title}</strong></p>
      <p class="flash-sale__figures">
        <span class="flash-sale__price">${formatMoney({ minor: sale.priceMinor, currency: selling.currency }, selling.locale)}</span>
        <s class="price__was">${product.price.now}</s>
      </p>
      <p class="flash-sale__meta">
        <span>${fill(labels.left, { left: sale.remaining, quantity: sale.quantity })}</span>
        <span class="flash-sale__countdown" role="timer">${saleLeft > 0 ? fill(labels.endsIn, { time: countdown(saleLeft) }) : labels.ended}</span>
      </p>
      ${saleLeft > 0 &&
      (sale.remaining === 0
        ? html`<p><strong>${labels.soldOut}</strong></p>`
        : selling.member
          ? html`<form method="post" action=${`/live/${selling.slug}/sales/${sale.id}/buy`}>
              <button class="button" type="submit">${fill(labels.buy, { price: formatMoney({ minor: sale.priceMinor, currency: selling.currency }, selling.locale) })}</button>
            </form>`
          : signIn)}
    </section>`}
    ${coupon &&
    couponLeft > 0 &&
    html`<section class="room-coupon" data-coupon=${coupon.id} aria-label=${fill(labels.coupon, { percent: coupon.percentOff })}>
      <p><strong>${fill(labels.coupon, { percent: coupon.percentOff })}</strong> · ${fill(labels.couponLeft, { left: coupon.remaining })} · ${fill(labels.endsIn, { time: countdown(couponLeft) })}</p>
      ${coupon.remaining > 0 &&
      (selling.member
        ? html`<form method="post" action=${`/live/${selling.slug}/coupons/${coupon.id}/claim`}><button class="button--secondary" type="submit">${labels.take}</button></form>`
        : signIn)}
    </section>`}
  </div>`;
}

/**
 * The products of a show. While it is live, the ones the host pinned come first, marked, as soon as
 * the host pins them; the host (and staff) get pin and unpin buttons. Without JavaScript, or before
 * the show, it is the plain list the server rendered.
 */
export function ShowProducts(props: ShowProductsProps) {
  const [pinned, setPinned] = useState<string[]>([]);
  const [canPin, setCanPin] = useState(false);
  const [sale, setSale] = useState(props.selling?.sale ?? null);
  const [coupon, setCoupon] = useState(props.selling?.coupon ?? null);
  // The show clock = performance.now() + offset, from the last frame that said what time it was.
  const [offset, setOffset] = useState<number | null>(null);
  const [, setTick] = useState(0);
  const clock = offset === null ? (props.selling?.now ?? 0) : performance.now() + offset;

  useEffect(() => {
    if (!sale && !coupon) return;
    const timer = setInterval(() => setTick((tick) => tick + 1), 500);
    return () => clearInterval(timer);
  }, [sale, coupon]);

  useEffect(() => {
    if (!props.room) return;
    return subscribe(props.room, {
      status: () => {},
      message: (message) => {
        if (message.type === "welcome") {
          setPinned(message.pinned);
          setCanPin(message.you.role === "host" || message.you.role === "moderator");
          setSale(message.sale);
          setCoupon(message.coupon);
          setOffset(message.now - performance.now());
        } else if (message.type === "pinned") setPinned(message.products);
        else if (message.type === "sale") {
          setSale(message.sale);
          setOffset(message.now - performance.now());
        } else if (message.type === "coupon") {
          setCoupon(message.coupon);
          setOffset(message.now - performance.now());
        }
      },
    });
  }, [props.room?.room]);

  const pin = (next: string[]) => props.room && send(props.room, { type: "moderate", command: { action: "pin", products: next } });
  const ordered = [...props.products].sort((a, b) => rank(a.id) - rank(b.id));
  function rank(id: string) {
    const index = pinned.indexOf(id);
    return index === -1 ? maxPinned + 1 : index;
  }

  const click = (id: string) => props.room && send(props.room, { type: "click", product: id });

  return html`${props.selling && html`<${SellingPanel} selling=${props.selling} sale=${sale} coupon=${coupon} clock=${clock} products=${props.products} />`}
    <ul class="show-products">
    ${ordered.map((product) => {
      const isPinned = pinned.includes(product.id);
      return html`<li class=${`show-product${isPinned ? " show-product--pinned" : ""}`} key=${product.id} data-product=${product.id}>
        ${product.image && html`<img src=${product.image} alt="" width="72" height="72" loading="lazy" />`}
        <div>
          ${isPinned && html`<span class="badge badge--live">${props.labels.pinned}</span> `}
          <a href=${product.href} onClick=${() => click(product.id)}>${product.title}</a>
          <p class="price">
            <span class="price__now">${product.price.now}</span>
            ${product.price.was && html` <s class="price__was">${product.price.was}</s>`}
            ${product.price.save && html` <span class="badge">${product.price.save}</span>`}
          </p>
          ${canPin &&
          html`<button
            type="button"
            class="link-button"
            disabled=${!isPinned && pinned.length >= maxPinned}
            title=${!isPinned && pinned.length >= maxPinned ? props.labels.pinLimit : undefined}
            onClick=${() => pin(isPinned ? pinned.filter((id) => id !== product.id) : [...pinned, product.id])}
          >
            ${isPinned ? props.labels.unpin : props.labels.pin}
          </button>`}
        </div>
      </li>`;
    })}
  </ul>`;
}
