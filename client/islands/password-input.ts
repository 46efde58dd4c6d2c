import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";

export type PasswordInputProps = {
  id: string;
  name: string;
  autocomplete: string;
  describedBy: string | null;
  invalid: boolean;
  labels: { show: string; hide: string };
};

/**
 * A password input with a show/hide button. The server renders the input alone (the button stays hidden
 * until this island runs, since without JavaScript it could do nothing); pasting is never blocked.
 */
export function PasswordInput(props: PasswordInputProps) {
  const [ready, setReady] = useState(false);
  const [visible, setVisible] = useState(false);
  useEffect(() => setReady(true), []);
  return html`<span class="password-input">
    <input
      id=${props.id}
      name=${props.name}
      type=${visible ? "text" : "password"}
      autocomplete=${props.autocomplete}
      autocapitalize="off"
      spellcheck=${false}
      required
      aria-invalid=${props.invalid ? "true" : undefined}
      aria-describedby=${props.describedBy ?? undefined}
    />
    <button
      type="button"
      class="password-input__toggle"
      hidden=${!ready}
      aria-controls=${props.id}
      aria-pressed=${visible ? "true" : "false"}
      onClick=${() => setVisible(!visible)}
    >
      ${visible ? props.labels.hide : props.labels.show}
    </button>
  </span>`;
}
