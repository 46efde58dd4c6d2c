import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import { maxPinned } from "../../party/protocol.ts";
import { send, subscribe, type RoomAddress } from "../live/room-connection.ts";

export type ShowProduct = {
  id: string;
  href: string;
  title: string;
  image: string | null;
  /** Prices formatted by the server in the reader's language. */
  price: { now: string; was: string | null; save: string | null };
};

export type ShowProductsProps = {
  /** The room to follow; null when the show is not live (a plain list). */
  room: RoomAddress | null;
  products: ShowProduct[];
  labels: { pinned: string; pin: string; unpin: string; pinLimit: string };
};

/**
 * The products of a show. While it is live, the ones the host pinned come first, marked, as soon as
 * the host pins them; the host (and staff) get pin and unpin buttons. Without JavaScript, or before
 * the show, it is the plain list the server rendered.
 */
export function ShowProducts(props: ShowProductsProps) {
  const [pinned, setPinned] = useState<string[]>([]);
  const [canPin, setCanPin] = useState(false);

  useEffect(() => {
    if (!props.room) return;
    return subscribe(props.room, {
      status: () => {},
      message: (message) => {
        if (message.type === "welcome") {
          setPinned(message.pinned);
          setCanPin(message.you.role === "host" || message.you.role === "moderator");
        } else if (message.type === "pinned") setPinned(message.products);
      },
    });
  }, [props.room?.room]);

  const pin = (next: string[]) => props.room && send(props.room, { type: "moderate", command: { action: "pin", products: next } });
  const ordered = [...props.products].sort((a, b) => rank(a.id) - rank(b.id));
  function rank(id: string) {
    const index = pinned.indexOf(id);
    return index === -1 ? maxPinned + 1 : index;
  }

  return html`<ul class="show-products">
    ${ordered.map((product) => {
      const isPinned = pinned.includes(product.id);
      return html`<li class=${`show-product${isPinned ? " show-product--pinned" : ""}`} key=${product.id} data-product=${product.id}>
        ${product.image && html`<img src=${product.image} alt="" width="72" height="72" loading="lazy" />`}
        <div>
          ${isPinned && html`<span class="badge badge--live">${props.labels.pinned}</span> `}
          <a href=${product.href}>${product.title}</a>
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
