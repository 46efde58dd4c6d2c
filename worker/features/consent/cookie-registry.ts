/**
 * The cookie registry: every cookie and browser-storage key the shop uses, in one typed list. The consent
 * banner's categories, the cookie table on /cookies, the policy's cookie section and the enforcement
 * middleware all read it. A cookie that is not here is never sent.
 */
import type { Locale } from "../../i18n/index.ts";

export const cookieCategories = ["necessary", "functional", "analytics", "personalization"] as const;
export type CookieCategory = (typeof cookieCategories)[number];
/** Categories a visitor may refuse. */
export type OptionalCategory = Exclude<CookieCategory, "necessary">;
export const optionalCategories = cookieCategories.filter((c): c is OptionalCategory => c !== "necessary");

export type Localized = Record<Locale, string>;

export type RegisteredCookie = {
  name: string;
  kind: "cookie" | "localStorage" | "sessionStorage";
  category: CookieCategory;
  purpose: Localized;
  /** Lifetime in seconds; null for a session cookie (or storage cleared when the tab closes). */
  maxAgeSeconds: number | null;
  /** How the lifetime reads to people, when seconds would not. */
  lifetime: Localized;
  /** Every entry is first party: the shop uses no third-party cookies at all. */
  firstParty: true;
  httpOnly: boolean;
  sameSite: "Lax" | "Strict";
  path: "/";
};

const day = 86_400;

export const cookieRegistry = [
  {
    name: "lang",
    kind: "cookie",
    category: "necessary",
    purpose: {
      en: "Remembers the language you picked with the language switch.",
      "zh-CN": "记住您通过语言切换选择的语言。",
    },
    maxAgeSeconds: 365 * day,
    lifetime: { en: "1 year", "zh-CN": "1 年" },
    firstParty: true,
    httpOnly: true,
    sameSite: "Lax",
    path: "/",
  },
  {
    name: "consent",
    kind: "cookie",
    category: "necessary",
    purpose: {
      en: "Remembers your cookie choices and the policy version you saw, so we do not ask again on every page. Signed, so it cannot be altered.",
      "zh-CN": "记住您的 Cookie 选择以及您看到的政策版本，避免每个页面都重复询问。已签名，无法被篡改。",
    },
    maxAgeSeconds: 395 * day,
    lifetime: { en: "13 months", "zh-CN": "13 个月" },
    firstParty: true,
    httpOnly: true,
    sameSite: "Lax",
    path: "/",
  },
  {
    name: "lantern_session",
    kind: "cookie",
    category: "necessary",
    purpose: {
      en: "Keeps you signed in to your account. It holds a random token, nothing about you; signing out removes it.",
      "zh-CN": "让您保持账户登录状态。其中只有一个随机令牌，不含任何关于您的信息；退出登录即删除。",
    },
    maxAgeSeconds: 30 * day,
    lifetime: { en: "30 days, or until you sign out", "zh-CN": "30 天，或直到您退出登录" },
    firstParty: true,
    httpOnly: true,
    sameSite: "Lax",
    path: "/",
  },
  {
    name: "lantern_av",
    kind: "cookie",
    category: "analytics",
    purpose: {
      en: "Holds only today's date, so our page-view counts can tell a first visit today from a repeat one. It contains no identifier.",
      "zh-CN": "只保存今天的日期，让页面浏览统计能区分今天的首次访问与重复访问。不包含任何标识符。",
    },
    maxAgeSeconds: day,
    lifetime: { en: "Until the end of the day", "zh-CN": "当天结束为止" },
    firstParty: true,
    httpOnly: true,
    sameSite: "Lax",
    path: "/",
  },
  {
    name: "lantern_recent",
    kind: "cookie",
    category: "personalization",
    purpose: {
      en: "Lists the last products you looked at, to show them again on the home page. Nothing leaves your browser except to this shop.",
      "zh-CN": "记录您最近浏览的商品，以便在首页再次展示。除本店外不会发送给任何人。",
    },
    maxAgeSeconds: 30 * day,
    lifetime: { en: "30 days", "zh-CN": "30 天" },
    firstParty: true,
    httpOnly: true,
    sameSite: "Lax",
    path: "/",
  },
  {
    name: "lantern_searches",
    kind: "localStorage",
    category: "personalization",
    purpose: {
      en: "Your recent searches, kept only in your browser and shown on the search page, where you can remove them. It is never sent to us. Members who choose to keep their search history on this device only get it by that choice.",
      "zh-CN": "您最近的搜索，只保存在您的浏览器中，并显示在搜索页面，您可以在那里删除。它从不发送给我们。选择“搜索历史仅保存在此设备”的会员，因该选择而使用它。",
    },
    maxAgeSeconds: 30 * day,
    lifetime: { en: "Each search 30 days after you last made it, or until you remove it", "zh-CN": "每条搜索在最后一次搜索 30 天后删除，或直到您删除" },
    firstParty: true,
    // Script storage: read only by the page's own script, never sent with requests.
    httpOnly: false,
    sameSite: "Lax",
    path: "/",
  },
] as const satisfies readonly RegisteredCookie[];

export type CookieName = (typeof cookieRegistry)[number]["name"];

const byName = new Map<string, RegisteredCookie>(cookieRegistry.map((entry) => [entry.name, entry]));

export function registeredCookie(name: string): RegisteredCookie | undefined {
  return byName.get(name);
}

/** Categories that have at least one entry, necessary first: the ones a visitor is asked about. */
export function categoriesInUse(): CookieCategory[] {
  return cookieCategories.filter((category) => cookieRegistry.some((entry) => entry.category === category));
}

export function optionalCategoriesInUse(): OptionalCategory[] {
  return optionalCategories.filter((category) => cookieRegistry.some((entry) => entry.category === category));
}
