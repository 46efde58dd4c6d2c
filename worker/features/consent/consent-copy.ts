/**
 * The exact words a visitor is shown when asked for consent (banner or settings page), as data. The views
 * render this structure and consent records store the SHA-256 of its canonical text, so "what the
 * person saw" is provable: the text itself is kept once per hash in `consent_texts`.
 */
import type { Locale, Translate } from "../../i18n/index.ts";
import { sha256Hex } from "../../lib/hash.ts";
import { formatDate } from "../../lib/dates.ts";
import { categoriesToAsk, gpcCategories, type ConsentState } from "./consent-state.ts";
import { cookieRegistry, optionalCategoriesInUse, type CookieCategory, type OptionalCategory } from "./cookie-registry.ts";

export type ConsentSurface = "banner" | "settings" | "center";

export type CategoryCopy = { category: CookieCategory; name: string; description: string; alwaysOn: boolean; cookies: string[] };

export type ConsentCopy = {
  surface: ConsentSurface;
  locale: Locale;
  policyVersion: number;
  heading: string;
  text: string;
  changes: { version: number; date: string; summary: string }[];
  categories: CategoryCopy[];
  gpcNote: string | null;
  buttons: string[];
};

function categoryCopy(t: Translate, category: CookieCategory): CategoryCopy {
  return {
    category,
    name: t(`consent.category.${category}.name`),
    description: t(`consent.category.${category}.description`),
    alwaysOn: category === "necessary",
    cookies: cookieRegistry.filter((entry) => entry.category === category).map((entry) => entry.name),
  };
}

/** The privacy centre's personalisation switch: one category, one button. */
function centerCopy(t: Translate, locale: Locale, state: ConsentState): ConsentCopy {
  const personalized = state.decisions.personalization.storage;
  return {
    surface: "center",
    locale,
    policyVersion: state.policyVersion,
    heading: t("center.personalization"),
    text: personalized ? t("center.personalization.on") : t("center.personalization.off"),
    changes: [],
    categories: [categoryCopy(t, "personalization")],
    gpcNote: state.gpc ? t("consent.gpc.overrideNote") : null,
    buttons: [personalized ? t("center.personalization.turnOff") : t("center.personalization.turnOn")],
  };
}

export function consentCopy(t: Translate, locale: Locale, state: ConsentState, surface: ConsentSurface): ConsentCopy {
  if (surface === "center") return centerCopy(t, locale, state);
  const asked = surface === "banner" ? categoriesToAsk(state) : optionalCategoriesInUse();
  const reconsent = state.status === "reconsent";
  const heading =
    surface === "settings"
      ? t("settings.title")
      : reconsent
        ? t("consent.reconsent.heading")
        : state.status === "expired"
          ? t("consent.expired.heading")
          : t("consent.heading");
  const text =
    surface === "settings"
      ? t("settings.intro")
      : reconsent
        ? t("consent.reconsent.text", { version: state.policyVersion })
        : state.status === "expired"
          ? t("consent.expired.text")
          : t("consent.text");
  const gpcApplies = state.gpc && optionalCategoriesInUse().some((category) => gpcCategories.includes(category));
  return {
    surface,
    locale,
    policyVersion: state.policyVersion,
    heading,
    text,
    changes: reconsent
      ? state.unseenChanges.map((change) => ({
          version: change.version,
          date: formatDate(change.effectiveAt, locale),
          summary: change.summary[locale] ?? "",
        }))
      : [],
    categories: [categoryCopy(t, "necessary"), ...asked.map((category) => categoryCopy(t, category))],
    gpcNote: gpcApplies ? (surface === "banner" ? t("consent.gpc.honoured") : t("consent.gpc.overrideNote")) : null,
    buttons:
      surface === "banner"
        ? [t("consent.acceptAll"), t("consent.rejectAll"), t("consent.choose"), t("consent.save")]
        : [t("consent.save"), t("consent.acceptAll"), t("consent.withdraw")],
  };
}

/** One line per thing shown, in display order: the text that is hashed and kept. */
export function canonicalText(copy: ConsentCopy): string {
  return [
    `surface: ${copy.surface}`,
    `locale: ${copy.locale}`,
    `policy: ${copy.policyVersion}`,
    copy.heading,
    copy.text,
    ...copy.changes.map((change) => `change ${change.version} (${change.date}): ${change.summary}`),
    ...copy.categories.map(
      (category) => `category ${category.category}: ${category.name}: ${category.description}${category.alwaysOn ? " [always on]" : ""} [${category.cookies.join(", ")}]`,
    ),
    ...(copy.gpcNote ? [copy.gpcNote] : []),
    ...copy.buttons.map((button) => `button: ${button}`),
  ].join("\n");
}

/**
 * Hashes of the copies shown, by their text: a handful per isolate (surfaces × languages × versions ×
 * states). The hashes, not their promises: a request does not wait on another's work.
 */
const hashes = new Map<string, string>();

export async function copyHash(copy: ConsentCopy): Promise<string> {
  const text = canonicalText(copy);
  const known = hashes.get(text);
  if (known) return known;
  const hash = await sha256Hex(text);
  if (hashes.size >= 256) hashes.clear();
  hashes.set(text, hash);
  return hash;
}

/** The question asked before an explicit yes overrides the browser's Global Privacy Control signal. */
export type GpcOverrideCopy = { title: string; text: string; yes: string; no: string };

export function gpcOverrideCopy(t: Translate, requested: Record<OptionalCategory, boolean>): GpcOverrideCopy {
  const names = gpcCategories.filter((category) => requested[category]).map((category) => t(`consent.category.${category}.name`));
  return {
    title: t("consent.gpc.confirm.title"),
    text: t("consent.gpc.confirm.text", { categories: names.join(", ") }),
    yes: t("consent.gpc.confirm.yes"),
    no: t("consent.gpc.confirm.no"),
  };
}

export function gpcOverrideText(copy: GpcOverrideCopy): string {
  return [`surface: gpc-override`, copy.title, copy.text, `button: ${copy.yes}`, `button: ${copy.no}`].join("\n");
}
