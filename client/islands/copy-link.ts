import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";

export type CopyLinkProps = { value: string; labels: { copy: string; copied: string } };

/**
 * A "Copy link" button beside a link the page already shows in a read-only field. Without JavaScript the
 * button stays hidden (it could do nothing) and the link can still be selected and copied by hand.
 */
export function CopyLink({ value, labels }: CopyLinkProps) {
  const [ready, setReady] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setReady(Boolean(navigator.clipboard)), []);
  const copy = () => {
    navigator.clipboard.writeText(value).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return html`<button type="button" class="button button--secondary" hidden=${!ready} onClick=${copy}>
    <span aria-live="polite">${copied ? labels.copied : labels.copy}</span>
  </button>`;
}
