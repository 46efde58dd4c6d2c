/**
 * The cart's two small islands: the product page's "Add to cart" form and a cart line's quantity form.
 * Both are the plain forms the server renders (they work without JavaScript); once hydrated, a submit is
 * sent with fetch to the same action under /api, and the header's count, the line total and the
 * subtotal are updated in place. Anything unexpected (signed out, offline) falls back to the plain form.
 */
import { html } from "htm/preact";
import { useState } from "preact/hooks";

/** What the cart API answers (worker/features/cart/routes.ts). */
type CartReply = { count?: number; message?: string; quantity?: number; lineTotal?: string; subtotal?: string };

/** The page elements outside an island that show the cart: the header's count, a line total, the subtotal. */
function show(selector: string, text: string | undefined) {
  if (text === undefined) return;
  document.querySelectorAll(selector).forEach((element) => (element.textContent = text));
}

/** Posts the form's fields to its API twin; null means "let the browser submit it the plain way". */
async function post(form: HTMLFormElement): Promise<{ ok: boolean; reply: CartReply } | null> {
  const body = new URLSearchParams();
  new FormData(form).forEach((value, name) => typeof value === "string" && body.append(name, value));
  try {
    const response = await fetch(`/api${new URL(form.action).pathname}`, { method: "POST", body, headers: { Accept: "application/json" } });
    if (response.status === 401 || !response.headers.get("Content-Type")?.includes("application/json")) return null;
    const reply = (await response.json()) as CartReply;
    if (typeof reply.count === "number") show("[data-cart-count]", String(reply.count));
    return { ok: response.ok, reply };
  } catch {
    return null;
  }
}

/** Submits a form through the API, keeping its status line; `done` runs on success. */
function useCartForm(failed: string, done?: (reply: CartReply, form: HTMLFormElement) => void) {
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  const onSubmit = async (event: SubmitEvent) => {
    const form = event.currentTarget as HTMLFormElement;
    event.preventDefault();
    setBusy(true);
    const answer = await post(form);
    setBusy(false);
    if (!answer) return form.submit();
    setStatus(answer.reply.message ?? (answer.ok ? "" : failed));
    if (answer.ok) done?.(answer.reply, form);
  };
  return { status, busy, onSubmit };
}

/** A status line that always takes its height, so a message appearing moves nothing. */
const Status = ({ text }: { text: string }) => html`<p class="cart-status" role="status">${text || "\u00a0"}</p>`;

export type CartButtonProps = {
  productId: string;
  /** The most one can add now: the stock, at most 99. */
  max: number;
  /** Guests submit the plain form, which takes them to sign in and back. */
  member: boolean;
  labels: { quantity: string; add: string; guest: string; failed: string };
};

export function CartButton(props: CartButtonProps) {
  const form = useCartForm(props.labels.failed);
  return html`<form class="add-to-cart" method="post" action="/cart/items" onSubmit=${props.member ? form.onSubmit : undefined}>
    <input type="hidden" name="productId" value=${props.productId} />
    <div class="field">
      <label for="add-quantity">${props.labels.quantity}</label>
      <input id="add-quantity" name="quantity" type="number" inputmode="numeric" min="1" max=${props.max} value="1" required />
    </div>
    <button class="button" type="submit" disabled=${form.busy}>${props.labels.add}</button>
    ${!props.member && html`<p class="field__hint">${props.labels.guest}</p>`}
    <${Status} text=${form.status} />
  </form>`;
}

export type CartQuantityProps = {
  productId: string;
  value: string;
  max: number;
  /** "Quantity of Tea cup": the input's label, read by screen readers (the column says "Quantity"). */
  label: string;
  update: string;
  failed: string;
  /** The server's message when this line's last change was refused. */
  error: string | null;
};

export function CartQuantity(props: CartQuantityProps) {
  const id = `quantity-${props.productId}`;
  const form = useCartForm(props.failed, (reply, element) => {
    // The server may have lowered the quantity to the stock: show what the cart holds.
    const input = element.elements.namedItem("quantity");
    if (input instanceof HTMLInputElement && typeof reply.quantity === "number") input.value = String(reply.quantity);
    show(`[data-line-total="${props.productId}"]`, reply.lineTotal);
    show("[data-cart-subtotal]", reply.subtotal);
  });
  return html`<form class="inline-form cart-quantity" method="post" action=${`/cart/items/${props.productId}`} onSubmit=${form.onSubmit}>
    <input type="hidden" name="intent" value="set" />
    <label class="visually-hidden" for=${id}>${props.label}</label>
    ${props.error && html`<p class="field__error" id=${`${id}-error`}>${props.error}</p>`}
    <input
      id=${id}
      name="quantity"
      type="number"
      inputmode="numeric"
      min="1"
      max=${props.max}
      value=${props.value}
      required
      aria-invalid=${props.error ? "true" : undefined}
      aria-describedby=${props.error ? `${id}-error` : undefined}
    />
    <button class="button--secondary" type="submit" disabled=${form.busy}>${props.update}</button>
    <${Status} text=${form.status} />
  </form>`;
}
