import { html } from "htm/preact";
import type { ComponentChildren } from "preact";
import { ConsentBanner, PolicyNotice } from "../features/consent/views.ts";
import { locales } from "../i18n/index.ts";
import { assets } from "./assets.ts";
import { mediaUrl } from "./media.ts";
import { usePage } from "./page-context.ts";

export type LayoutProps = {
  title: string;
  description?: string;
  /** Marks the header link of the section the page belongs to. */
  section?: "live" | "account" | "cart";
  children: ComponentChildren;
};

function SiteHeader({ section }: { section?: LayoutProps["section"] }) {
  const { t, query, member, path } = usePage();
  const current = (name: LayoutProps["section"]) => (section === name ? "page" : undefined);
  return html`<header class="site-header">
    <div class="wrap site-header__row">
      <a class="brand" href="/" aria-label=${t("nav.home")}>
        <img src="/favicon.svg" alt="" width="32" height="32" />
        <span>${t("site.name")}</span>
      </a>
      <form class="search" role="search" action="/search" method="get">
        <label class="visually-hidden" for="site-search">${t("nav.search.label")}</label>
        <input
          id="site-search"
          type="search"
          name="q"
          value=${query}
          placeholder=${t("nav.search.placeholder")}
          maxlength="100"
          autocomplete="off"
        />
        <button type="submit">${t("nav.search.submit")}</button>
      </form>
      <nav class="site-nav" aria-label=${t("nav.main")}>
        <a href="/live" aria-current=${current("live")}><span class="live-dot" aria-hidden="true"></span>${t("nav.live")}</a>
        ${member &&
        html`<a class="site-nav__cart" href="/cart" aria-current=${current("cart")}>
          ${t("cart.nav")} <span class="badge" data-cart-count>${member.cartCount}</span>
        </a>`}
        ${member
          ? html`<a class="site-nav__member" href="/account" aria-current=${current("account")}>
              <img class="avatar" src=${mediaUrl(member.avatarKey)} alt="" width="28" height="28" />
              <span><span class="visually-hidden">${t("nav.account")}: </span>${member.nickname}</span>
            </a>`
          : html`<a href=${path.startsWith("/sign-in") || path.startsWith("/register") ? "/sign-in" : `/sign-in?${new URLSearchParams({ next: path })}`} aria-current=${current("account")}>${t("nav.signIn")}</a>`}
      </nav>
    </div>
  </header>`;
}

/** Language choice as a plain form: works without JavaScript and returns to the same page. */
function LanguageSwitch() {
  const { t, locale, path } = usePage();
  return html`<form class="language-switch" method="post" action="/language">
    <input type="hidden" name="next" value=${path} />
    ${locales.map(
      (option) =>
        html`<button type="submit" name="locale" value=${option} aria-pressed=${option === locale ? "true" : "false"} lang=${option}>
          ${t(`lang.${option}`)}
        </button>`,
    )}
  </form>`;
}

function SiteFooter() {
  const { t, consent } = usePage();
  return html`<footer class="site-footer">
    <div class="wrap">
      <div class="site-footer__grid">
        <section>
          <h2>${t("footer.shop")}</h2>
          <ul>
            <li><a href="/">${t("nav.home")}</a></li>
            <li><a href="/live">${t("nav.live")}</a></li>
            <li><a href="/search">${t("search.title")}</a></li>
          </ul>
        </section>
        <section>
          <h2>${t("footer.help")}</h2>
          <ul>
            <li><a href="/privacy">${t("footer.privacy")}</a></li>
            <li><a href="/cookies">${t("footer.cookies")}</a></li>
            <li><a href="/account/privacy">${t("footer.privacyCenter")}</a></li>
          </ul>
          ${consent?.gpc && html`<p class="footer-gpc">${t("footer.gpc")}</p>`}
        </section>
        <section>
          <h2 id="language-heading">${t("lang.label")}</h2>
          <${LanguageSwitch} />
        </section>
      </div>
      <p class="footer-note">${t("footer.about")}</p>
    </div>
  </footer>`;
}

/** Loads the island runtime only on pages that rendered an island; others ship no JavaScript. */
function IslandScripts() {
  const { islands } = usePage();
  return islands.size > 0 ? html`<script type="module" src=${assets.hydrate}></script>` : null;
}

export function Layout({ title, description, section, children }: LayoutProps) {
  const { t, locale, banner, notice, consent } = usePage();
  return html`<html lang=${locale}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>${title} · ${t("site.name")}</title>
      <meta name="description" content=${description ?? t("site.description")} />
      <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
      <link rel="stylesheet" href=${assets.styles} />
    </head>
    <body>
      <a class="skip-link" href="#main">${t("nav.skip")}</a>
      ${banner && html`<${ConsentBanner} copy=${banner.copy} hash=${banner.hash} subject=${banner.subject} />`}
      ${notice && consent && html`<${PolicyNotice} state=${consent} />`}
      <${SiteHeader} section=${section} />
      <main id="main" tabindex="-1">
        <div class="wrap">${children}</div>
      </main>
      <${SiteFooter} />
      <${IslandScripts} />
    </body>
  </html>`;
}
