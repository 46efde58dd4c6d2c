import { html } from "htm/preact";
import { MemberLevelPanel } from "../levels/views.ts";
import type { MemberLevel } from "../levels/queries.ts";
import type { OrderRow } from "../orders/queries.ts";
import { OrderStatusBadge, spacedNumber } from "../orders/views.ts";
import type { MessageKey } from "../../i18n/index.ts";
import { formatDate, formatDateTime, formatTime } from "../../lib/dates.ts";
import { ErrorSummary, Field, PasswordField, PhoneFields } from "../../views/form.ts";
import { mediaUrl } from "../../views/media.ts";
import { usePage } from "../../views/page-context.ts";
import type { FormState } from "./forms.ts";
import { nicknameLimits } from "./nickname.ts";
import { passwordLimits } from "./password-policy.ts";
import { defaultPhoneCountry, phoneCountries } from "./phone.ts";
import type { Profile } from "./queries.ts";
import { CartReminders } from "../cart/views.ts";
import { GuardianStatusSection } from "../guardians/views.ts";
import type { ShownIdentity } from "../identity/queries.ts";
import { IdentitySection } from "../identity/views.ts";
import { ClosingBanner, CloseAccountSection } from "../account-closing/views.ts";

/** The account page's forms; the one being answered carries its typed values and errors. */
export type AccountForms = Partial<Record<"nickname" | "avatar" | "email" | "phone" | "password" | "notices", FormState>>;

type ShownProfile = Omit<Profile, "passwordHash"> & { email: string | null };
type SessionRow = { id: string; device: string; createdAt: Date; lastSeenAt: Date };

const empty: FormState = { values: {}, errors: {} };

/**
 * The "current password" of a sensitive change: not needed for a few minutes after signing in or
 * confirming with a code; a member without their password can confirm with a code instead.
 */
function CurrentPassword({ id, errors, confirmedUntil }: { id: string; errors?: string[]; confirmedUntil: Date | null }) {
  const { t, locale } = usePage();
  if (confirmedUntil) {
    return html`<p class="notice notice--ok">${t("account.confirm.active", { time: formatTime(confirmedUntil, locale) })}</p>`;
  }
  return html`<${PasswordField} id=${id} name="current" label=${t("form.current.label")} errors=${errors} hint=${t("form.current.hint")} autocomplete="current-password" />`;
}

/** Confirming with a code to the member's phone, for those who do not know (or never set) their password. */
function ConfirmByCode({ confirmedUntil }: { confirmedUntil: Date | null }) {
  const { t } = usePage();
  if (confirmedUntil) return null;
  return html`<form class="inline-form" method="post" action="/account/confirm">
    <span class="muted">${t("account.confirm.noPassword")} </span>
    <button class="link-button" type="submit">${t("account.confirm.send")}</button>
  </form>`;
}

function Saved({ what, saved }: { what: string; saved: string | null }) {
  const { t } = usePage();
  return saved === what || (what === "sessions" && saved === "session") ? html`<p class="notice notice--ok" role="status">${t("account.saved")}</p>` : null;
}

function ProfileSection({ profile, forms, saved }: { profile: ShownProfile; forms: AccountForms; saved: string | null }) {
  const { t } = usePage();
  const nickname = forms.nickname ?? empty;
  const avatar = forms.avatar ?? empty;
  return html`<section class="account-section" id="profile" aria-labelledby="profile-heading">
    <h2 id="profile-heading">${t("account.profile")}</h2>
    <div class="account-profile">
      <img class="avatar avatar--large" src=${mediaUrl(profile.avatarKey)} alt=${t("account.avatar.alt", { name: profile.nickname })} width="96" height="96" />
      <div>
        <p class="account-profile__name">${profile.nickname}</p>
        <p class="muted">${t("account.memberSince", { date: formatDate(profile.createdAt, usePage().locale) })} · ${t(`role.${profile.role}` as MessageKey)}</p>
        <p class="muted">${t("account.public")}</p>
      </div>
    </div>
    <div id="nickname">
      <${Saved} what="nickname" saved=${saved} />
      <${ErrorSummary} errors=${nickname.errors} labels=${{ nickname: t("form.nickname.label") }} />
      <form class="account-form" method="post" action="/account/nickname" novalidate>
        <${Field}
          id="nickname-input"
          name="nickname"
          label=${t("form.nickname.label")}
          value=${nickname.values.nickname ?? profile.nickname}
          errors=${nickname.errors.nickname}
          hint=${t("form.nickname.hint", { min: nicknameLimits.min, max: nicknameLimits.max })}
          autocomplete="nickname"
          maxlength=${40}
        />
        <button class="button button--secondary" type="submit">${t("account.nickname.save")}</button>
      </form>
    </div>
    <div id="avatar">
      <${Saved} what="avatar" saved=${saved} />
      <${ErrorSummary} errors=${avatar.errors} labels=${{ avatar: t("form.avatar.label") }} />
      <form class="account-form" method="post" action="/account/avatar" enctype="multipart/form-data">
        <div class=${`field${avatar.errors.avatar ? " field--invalid" : ""}`}>
          <label for="avatar-input">${t("form.avatar.label")}</label>
          <p class="field__hint" id="avatar-hint">${t("form.avatar.hint")}</p>
          ${avatar.errors.avatar && html`<p class="field__error" id="avatar-error">${avatar.errors.avatar.map((key) => t(key as MessageKey)).join(" ")}</p>`}
          <input
            id="avatar-input"
            name="avatar"
            type="file"
            accept="image/png,image/jpeg,image/webp,image/gif"
            required
            aria-describedby=${avatar.errors.avatar ? "avatar-hint avatar-error" : "avatar-hint"}
          />
        </div>
        <button class="button button--secondary" type="submit">${t("account.avatar.upload")}</button>
      </form>
    </div>
  </section>`;
}

function ContactSection({ profile, forms, saved, confirmedUntil }: { profile: ShownProfile; forms: AccountForms; saved: string | null; confirmedUntil: Date | null }) {
  const { t, locale } = usePage();
  const phone = forms.phone ?? empty;
  const email = forms.email ?? empty;
  const notices = forms.notices ?? empty;
  return html`<section class="account-section" id="contact" aria-labelledby="contact-heading">
    <h2 id="contact-heading">${t("account.contact")}</h2>
    <div id="phone">
      <${Saved} what="phone" saved=${saved} />
      <p><strong>${t("form.phone.label")}:</strong> <span data-testid="phone">${profile.phone}</span></p>
      <details open=${Object.keys(phone.errors).length > 0}>
        <summary>${t("account.phone.change")}</summary>
        <${ErrorSummary} errors=${phone.errors} labels=${{ phone: t("account.phone.new"), current: t("form.current.label") }} />
        <form class="account-form" method="post" action="/account/phone" novalidate>
          <${PhoneFields}
            id="new-phone"
            label=${t("account.phone.new")}
            countries=${phoneCountries(locale)}
            country=${phone.values.country ?? defaultPhoneCountry}
            value=${phone.values.phone}
            errors=${phone.errors.phone}
          />
          <${CurrentPassword} id="phone-current" errors=${phone.errors.current} confirmedUntil=${confirmedUntil} />
          <button class="button button--secondary" type="submit">${t("account.phone.send")}</button>
        </form>
        <${ConfirmByCode} confirmedUntil=${confirmedUntil} />
      </details>
    </div>
    <div id="email">
      <${Saved} what="email" saved=${saved} />
      <p>
        <strong>${t("form.email.label")}:</strong>
        ${profile.email ? html` <span>${profile.email}</span> <span class="badge badge--ok">${t("account.email.verified")}</span>` : html` <span class="muted">${t("account.email.none")}</span>`}
      </p>
      <${ErrorSummary} errors=${email.errors} labels=${{ email: t("form.email.label") }} />
      <form class="account-form" method="post" action="/account/email" novalidate>
        <${Field}
          id="email-input"
          name="email"
          type="email"
          label=${profile.email ? t("account.email.replace") : t("account.email.add")}
          value=${email.values.email}
          errors=${email.errors.email}
          hint=${t("account.email.hint")}
          autocomplete="email"
          maxlength=${254}
        />
        <button class="button button--secondary" type="submit">${t("account.email.send")}</button>
      </form>
      ${profile.email &&
      html`<form class="inline-form" method="post" action="/account/email/remove">
        <button class="link-button" type="submit">${t("account.email.remove")}</button>
      </form>`}
    </div>
    <div id="notices">
      <${Saved} what="notices" saved=${saved} />
      <${ErrorSummary} errors=${notices.errors} labels=${{ channel: t("account.notices.label") }} />
      <form class="account-form" method="post" action="/account/notices">
        <fieldset class="field">
          <legend>${t("account.notices.label")}</legend>
          <p class="field__hint">${t("account.notices.hint")}</p>
          <label class="choice"><input type="radio" name="channel" value="sms" checked=${profile.noticeChannel === "sms"} /><span>${t("account.notices.sms")}</span></label>
          <label class="choice">
            <input type="radio" name="channel" value="email" checked=${profile.noticeChannel === "email"} disabled=${!profile.emailVerified} />
            <span>${t("account.notices.email")}</span>
          </label>
        </fieldset>
        <button class="button button--secondary" type="submit">${t("account.notices.save")}</button>
      </form>
    </div>
  </section>`;
}

function SecuritySection({
  profile,
  forms,
  saved,
  sessions,
  currentSession,
  confirmedUntil,
}: {
  profile: ShownProfile;
  forms: AccountForms;
  saved: string | null;
  sessions: SessionRow[];
  currentSession: string;
  confirmedUntil: Date | null;
}) {
  const { t, locale } = usePage();
  const password = forms.password ?? empty;
  return html`<section class="account-section" id="security" aria-labelledby="security-heading">
    <h2 id="security-heading">${t("account.security")}</h2>
    <div id="password">
      <${Saved} what="password" saved=${saved} />
      ${saved === "confirmed" && html`<p class="notice notice--ok" role="status">${t("account.confirm.done")}</p>`}
      <p class="muted">${t("account.password.changed", { date: formatDateTime(profile.passwordChangedAt, locale) })}</p>
      <details open=${Object.keys(password.errors).length > 0}>
        <summary>${t("account.password.change")}</summary>
        <${ErrorSummary} errors=${password.errors} labels=${{ current: t("form.current.label"), password: t("form.password.new") }} />
        <form class="account-form" method="post" action="/account/password" novalidate>
          <${CurrentPassword} id="password-current" errors=${password.errors.current} confirmedUntil=${confirmedUntil} />
          <${PasswordField}
            id="password-new"
            name="password"
            label=${t("form.password.new")}
            errors=${password.errors.password}
            hint=${t("form.password.hint", { min: passwordLimits.min, max: passwordLimits.max })}
            autocomplete="new-password"
          />
          <button class="button button--secondary" type="submit">${t("account.password.save")}</button>
        </form>
        <${ConfirmByCode} confirmedUntil=${confirmedUntil} />
      </details>
    </div>
    <div id="sessions">
      <h3>${t("account.sessions")}</h3>
      <${Saved} what="sessions" saved=${saved} />
      <table class="records-table">
        <thead>
          <tr><th scope="col">${t("account.sessions.device")}</th><th scope="col">${t("account.sessions.since")}</th><th scope="col">${t("account.sessions.lastSeen")}</th><th scope="col"><span class="visually-hidden">${t("account.sessions.actions")}</span></th></tr>
        </thead>
        <tbody>
          ${sessions.map(
            (session) => html`<tr key=${session.id}>
              <td>${session.device}${session.id === currentSession && html` <span class="badge">${t("account.sessions.this")}</span>`}</td>
              <td>${formatDateTime(session.createdAt, locale)}</td>
              <td>${formatDateTime(session.lastSeenAt, locale)}</td>
              <td>
                ${session.id === currentSession
                  ? html`<form method="post" action="/sign-out"><button class="link-button" type="submit">${t("auth.signOut")}</button></form>`
                  : html`<form method="post" action=${`/account/sessions/${session.id}`}>
                      <button class="link-button" type="submit">${t("account.sessions.end")}</button>
                    </form>`}
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${sessions.length > 1 &&
      html`<form method="post" action="/account/sessions/others">
        <button class="button button--secondary" type="submit">${t("account.sessions.endOthers")}</button>
      </form>`}
    </div>
  </section>`;
}

export function AccountPage({
  profile,
  sessions,
  reminders,
  standing,
  recentOrders,
  currentSession,
  confirmedUntil,
  forms,
  saved,
  welcome,
  identity,
}: {
  profile: ShownProfile;
  sessions: SessionRow[];
  /** Whether the member gets price-drop and coupon reminders for their cart. */
  reminders: boolean;
  /** The member level, why, and its rights (policy §2.1). */
  standing: MemberLevel;
  recentOrders: OrderRow[];
  currentSession: string;
  /** Until when sensitive changes need no current password (null: they need it, or a code). */
  confirmedUntil: Date | null;
  forms: AccountForms;
  saved: string | null;
  welcome: boolean;
  /** The member's verified identity, masked (null: none on file). */
  identity: ShownIdentity | null;
}) {
  const { t, member } = usePage();
  return html`<div class="account">
    <h1>${t("account.title")}</h1>
    ${welcome && html`<p class="notice notice--ok" role="status">${t("account.welcome", { name: profile.nickname })}</p>`}
    <${ClosingBanner} due=${profile.closingDueAt} />
    <nav class="account-nav" aria-label=${t("account.sections")}>
      <a href="#profile">${t("account.profile")}</a>
      <a href="#contact">${t("account.contact")}</a>
      <a href="#security">${t("account.security")}</a>
      <a href="#orders">${t("account.orders")}</a>
      <a href="/account/history">${t("account.links.history")}</a>
      <a href="/account/search-history">${t("account.links.searchHistory")}</a>
      <a href="/account/privacy">${t("footer.privacyCenter")}</a>
      <a href="/account/export">${t("export.title")}</a>
      ${member && member.role !== "shopper" && html`<a href="/host">${t("account.links.host")}</a>`}
      ${member && (member.role === "staff" || member.role === "admin") && html`<a href="/staff/orders">${t("staff.orders.link")}</a> <a href="/staff/coupons">${t("staff.coupons.link")}</a>`}
    </nav>
    <${GuardianStatusSection} guardian=${profile.guardian} />
    <${ProfileSection} profile=${profile} forms=${forms} saved=${saved} />
    <${ContactSection} profile=${profile} forms=${forms} saved=${saved} confirmedUntil=${confirmedUntil} />
    <${CartReminders} on=${reminders} saved=${saved === "reminders"} />
    <${SecuritySection} profile=${profile} forms=${forms} saved=${saved} sessions=${sessions} currentSession=${currentSession} confirmedUntil=${confirmedUntil} />
    <section class="account-section" id="orders" aria-labelledby="orders-heading">
      <h2 id="orders-heading">${t("account.orders")}</h2>
      ${recentOrders.length === 0
        ? html`<p class="muted">${t("account.orders.empty")}</p>`
        : html`<ul class="order-list">
            ${recentOrders.map(
              (order) => html`<li class="order-list__row">
                <span><a href=${`/orders/${order.number}`}>${t("orders.number", { number: spacedNumber(order.number) })}</a></span>
                <${OrderStatusBadge} status=${order.status} />
              </li>`,
            )}
          </ul>`}
      <p class="center-actions"><a href="/orders">${t("account.orders.all")}</a> <a href="/cart">${t("account.links.cart")}</a> <a href="/account/addresses">${t("addresses.title")}</a></p>
      <h3>${t("account.level")}</h3>
      <${MemberLevelPanel} standing=${standing} />
    </section>
    <${IdentitySection} identity=${identity} />
    <section class="account-section" aria-labelledby="privacy-heading">
      <h2 id="privacy-heading">${t("footer.privacyCenter")}</h2>
      <p>${t("account.privacy.text")}</p>
      <p><a class="button button--secondary" href="/account/privacy">${t("account.privacy.open")}</a></p>
      <form method="post" action="/sign-out"><button class="button button--secondary" type="submit">${t("auth.signOut")}</button></form>
    </section>
    <${CloseAccountSection} />
  </div>`;
}
