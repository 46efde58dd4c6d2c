import { en, type MessageKey, type Messages } from "./en.ts";
import { zhCN } from "./zh-cn.ts";

export const locales = ["en", "zh-CN"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "en";

const catalogues: Record<Locale, Messages> = { en, "zh-CN": zhCN };

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

/** Maps a BCP 47 tag to a supported locale: any Chinese variant reads Simplified Chinese best of what we have. */
function matchTag(tag: string): Locale | null {
  const lower = tag.trim().toLowerCase();
  if (lower === "zh" || lower.startsWith("zh-")) return "zh-CN";
  if (lower === "en" || lower.startsWith("en-")) return "en";
  return null;
}

/** Picks the best locale from an Accept-Language header, honouring q-values. */
export function negotiateLocale(acceptLanguage: string | undefined | null): Locale {
  if (!acceptLanguage) return defaultLocale;
  const ranked = acceptLanguage
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag, weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of ranked) {
    const match = matchTag(tag);
    if (match) return match;
  }
  return defaultLocale;
}

export function format(template: string, params: Params = {}): string {
  // Most messages have no placeholder: a page translates a few hundred of them.
  if (!template.includes("{")) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

const translators = new Map<Locale, Translate>();

/** The translate function of a language, made once per isolate (every request asks for one). */
export function translator(locale: Locale): Translate {
  let translate = translators.get(locale);
  if (!translate) {
    const messages = catalogues[locale];
    const plurals = new Intl.PluralRules(locale);
    translate = (key, params) => {
      const message = messages[key];
      if (typeof message === "string") return format(message, params);
      const count = Number(params?.count ?? 0);
      return format(plurals.select(count) === "one" ? message.one : message.other, params);
    };
    translators.set(locale, translate);
  }
  return translate;
}

/** Keys whose message has plural forms. */
export type PluralKey = { [K in MessageKey]: Messages[K] extends string ? never : K }[MessageKey];

/** The raw plural templates of a message, for islands that format counts in the browser. */
export function pluralForms(locale: Locale, key: PluralKey): { one: string; other: string } {
  const message = catalogues[locale][key];
  return typeof message === "string" ? { one: message, other: message } : message;
}

export type { MessageKey };
