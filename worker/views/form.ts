/**
 * Form building blocks shared by every form that re-renders with field errors: labelled fields whose
 * errors are announced (aria-invalid, aria-describedby), an error summary at the top, and the password
 * field with its show/hide toggle island.
 */
import { html } from "htm/preact";
import type { ComponentChildren } from "preact";
import { PasswordInput } from "../../client/islands/password-input.ts";
import type { MessageKey } from "../i18n/index.ts";
import type { FieldErrors } from "../lib/validation.ts";
import { Island } from "./island.ts";
import { usePage } from "./page-context.ts";

/** The id of a field's error text, for aria-describedby. */
const errorId = (id: string) => `${id}-error`;

/** What a field's aria-describedby points at: its hint and its errors, when it has them. */
const describedBy = (id: string, hint: string | undefined, invalid: boolean) =>
  [hint ? `${id}-hint` : null, invalid ? errorId(id) : null].filter(Boolean).join(" ") || undefined;

function FieldErrorText({ id, errors }: { id: string; errors?: string[] }) {
  const { t } = usePage();
  if (!errors || errors.length === 0) return null;
  return html`<p class="field__error" id=${errorId(id)}>${errors.map((key) => t(key as MessageKey)).join(" ")}</p>`;
}

/** "There is a problem" summary with links to each field, read first by screen readers. */
export function ErrorSummary({ errors, labels }: { errors: FieldErrors; labels: Record<string, string> }) {
  const { t } = usePage();
  const entries = Object.entries(errors).filter(([, messages]) => messages.length > 0);
  if (entries.length === 0) return null;
  return html`<div class="error-summary" role="alert" tabindex="-1">
    <h2>${t("form.summary")}</h2>
    <ul>
      ${entries.map(
        ([field, messages]) =>
          html`<li>
            <a href=${`#${field || "main"}`}>
              ${labels[field]
                ? t("form.summary.item", { label: labels[field]!, message: messages.map((key) => t(key as MessageKey)).join(" ") })
                : messages.map((key) => t(key as MessageKey)).join(" ")}
            </a>
          </li>`,
      )}
    </ul>
  </div>`;
}

export type FieldProps = {
  id: string;
  name?: string;
  label: string;
  type?: string;
  value?: string;
  errors?: string[];
  hint?: string;
  autocomplete?: string;
  inputmode?: string;
  maxlength?: number;
  required?: boolean;
  children?: ComponentChildren;
};

/** A field's frame: its label, hint and errors around the control, marked invalid when it has errors. */
function FieldFrame({ id, label, hint, errors, children }: { id: string; label: string; hint?: string; errors?: string[]; children: ComponentChildren }) {
  const invalid = Boolean(errors && errors.length > 0);
  return html`<div class=${`field${invalid ? " field--invalid" : ""}`}>
    <label for=${id}>${label}</label>
    ${hint && html`<p class="field__hint" id=${`${id}-hint`}>${hint}</p>`}
    <${FieldErrorText} id=${id} errors=${errors} />
    ${children}
  </div>`;
}

export function Field({ id, name, label, type = "text", value, errors, hint, autocomplete, inputmode, maxlength, required = true }: FieldProps) {
  const invalid = Boolean(errors && errors.length > 0);
  const described = describedBy(id, hint, invalid);
  return html`<${FieldFrame} id=${id} label=${label} hint=${hint} errors=${errors}>
    <input
      id=${id}
      name=${name ?? id}
      type=${type}
      value=${value ?? ""}
      autocomplete=${autocomplete}
      inputmode=${inputmode}
      maxlength=${maxlength}
      required=${required}
      aria-invalid=${invalid ? "true" : undefined}
      aria-describedby=${described}
    />
  <//>`;
}

/** A multi-line text field in the same frame. */
export function TextArea({ id, name, label, value, errors, hint, maxlength, required = true }: Omit<FieldProps, "type" | "autocomplete" | "inputmode">) {
  const invalid = Boolean(errors && errors.length > 0);
  return html`<${FieldFrame} id=${id} label=${label} hint=${hint} errors=${errors}>
    <textarea
      id=${id}
      name=${name ?? id}
      rows="3"
      maxlength=${maxlength}
      required=${required}
      aria-invalid=${invalid ? "true" : undefined}
      aria-describedby=${describedBy(id, hint, invalid)}
    >${value ?? ""}</textarea>
  <//>`;
}

/** A choice from a list, in the same frame. */
export function SelectField({ id, name, label, value, errors, hint, options }: Omit<FieldProps, "type"> & { options: { value: string; label: string }[] }) {
  const invalid = Boolean(errors && errors.length > 0);
  return html`<${FieldFrame} id=${id} label=${label} hint=${hint} errors=${errors}>
    <select id=${id} name=${name ?? id} aria-invalid=${invalid ? "true" : undefined} aria-describedby=${describedBy(id, hint, invalid)}>
      ${options.map((option) => html`<option value=${option.value} selected=${option.value === value}>${option.label}</option>`)}
    </select>
  <//>`;
}

/** A password field: paste allowed, no composition rules, and a show/hide toggle once JavaScript runs. */
export function PasswordField({ id, name, label, errors, hint, autocomplete }: Omit<FieldProps, "type" | "value">) {
  const { t } = usePage();
  const invalid = Boolean(errors && errors.length > 0);
  const described = describedBy(id, hint, invalid);
  return html`<${FieldFrame} id=${id} label=${label} hint=${hint} errors=${errors}>
    <${Island}
      name="password-input"
      component=${PasswordInput}
      props=${{
        id,
        name: name ?? id,
        autocomplete: autocomplete ?? "current-password",
        describedBy: described ?? null,
        invalid,
        labels: { show: t("form.password.show"), hide: t("form.password.hide") },
      }}
    />
  <//>`;
}

/** Country calling code and number, as two fields read together. */
export function PhoneFields({
  id,
  countries,
  country,
  value,
  errors,
  label,
}: {
  id: string;
  countries: { code: string; name: string; dial: string }[];
  country: string;
  value?: string;
  errors?: string[];
  label: string;
}) {
  const { t } = usePage();
  const invalid = errors && errors.length > 0;
  return html`<fieldset class=${`field phone-field${invalid ? " field--invalid" : ""}`}>
    <legend>${label}</legend>
    <${FieldErrorText} id=${id} errors=${errors} />
    <div class="phone-field__row">
      <label class="visually-hidden" for=${`${id}-country`}>${t("form.phone.countryLabel")}</label>
      <select id=${`${id}-country`} name="country" autocomplete="tel-country-code">
        ${countries.map(
          (option) => html`<option value=${option.code} selected=${option.code === country}>${option.name} (${option.dial})</option>`,
        )}
      </select>
      <label class="visually-hidden" for=${id}>${t("form.phone.numberLabel")}</label>
      <input
        id=${id}
        name="phone"
        type="tel"
        value=${value ?? ""}
        autocomplete="tel-national"
        inputmode="tel"
        maxlength="40"
        required
        aria-invalid=${invalid ? "true" : undefined}
        aria-describedby=${invalid ? errorId(id) : undefined}
      />
    </div>
  </fieldset>`;
}

export function Hidden({ name, value }: { name: string; value: string | number }) {
  return html`<input type="hidden" name=${name} value=${value} />`;
}
