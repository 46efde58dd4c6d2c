import {
  getCountries,
  getCountryCallingCode,
  isSupportedCountry,
  ParseError,
  parsePhoneNumberFromString,
  parsePhoneNumberWithError,
  type PhoneNumber,
} from "libphonenumber-js/max";

/**
 * Members' phone numbers, which receive SMS one-time codes, so only mobile numbers are accepted.
 *
 * libphonenumber-js with its `max` metadata (≈50 kB gzip in the Worker bundle): its `getType()` tells a
 * landline from a number that does not exist, so a member who types an office number is told it must be a
 * mobile. The `mobile` metadata (≈34 kB) accepts exactly the same numbers, but with the library's documented
 * API it cannot make that distinction (a landline and a mistyped mobile both just fail `isValid()`).
 */
export type PhoneProblem = "invalid" | "not_mobile" | "unknown_country";

export const defaultPhoneCountry = "CN";

// Where a numbering plan cannot tell mobiles from landlines (the US, Canada) the type is
// FIXED_LINE_OR_MOBILE; refusing it would refuse every North American member.
const smsTypes: ReadonlySet<string> = new Set(["MOBILE", "FIXED_LINE_OR_MOBILE"]);

// The library's extract mode (which reads "(+86) 138…") skips letters and reads "ext. 12" as an extension,
// so letters are refused before it sees them: digits and the punctuation people type between them only.
const typedCharacters = /^[\p{Nd}\s+()\p{Pd}./]*$/u;
const maxTypedLength = 40;

type ParsedPhone = { ok: true; e164: string; country: string } | { ok: false; problem: PhoneProblem };

/** Parses a number typed with a chosen country (spaces, dashes, brackets allowed; a number typed with +country code wins over the chosen country). */
export function parsePhone(country: string, typed: string): ParsedPhone {
  // NFKC turns full-width digits, "＋" and "（）" from Chinese keyboards into their ASCII forms.
  const text = typed.normalize("NFKC").trim();
  if (text === "" || text.length > maxTypedLength || !typedCharacters.test(text)) return refuse("invalid");

  const chosen = country.toUpperCase();
  let phone: PhoneNumber;
  try {
    // Without a country we know, only a number typed with its +code can be read (INVALID_COUNTRY otherwise).
    phone = parsePhoneNumberWithError(text, isSupportedCountry(chosen) ? { defaultCountry: chosen } : {});
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    return refuse(error.message === "INVALID_COUNTRY" ? "unknown_country" : "invalid");
  }

  if (phone.ext !== undefined || !phone.isValid()) return refuse("invalid");
  const type = phone.getType();
  if (type === undefined || !smsTypes.has(type)) return refuse("not_mobile");
  // Non-geographic numbers (+800, +881 satellite phones…) belong to no country in the select.
  if (phone.country === undefined) return refuse("unknown_country");
  return { ok: true, e164: phone.number, country: phone.country };
}

function refuse(problem: PhoneProblem): ParsedPhone {
  return { ok: false, problem };
}

/** Shown to the member: country code, then only the last 4 digits, e.g. "+86 ••• •••• 8001". */
export function maskPhone(e164: string): string {
  const phone = parsePhoneNumberFromString(e164);
  // A stored value the library cannot read still must not be shown in full.
  if (!phone) return `••• ${e164.replace(/\D/g, "").slice(-4)}`;
  const callingCode = `+${phone.countryCallingCode}`;
  // The international format keeps the country's digit grouping, which members recognise.
  const national = phone.formatInternational().slice(callingCode.length).trim();
  let shown = 4;
  const masked = [...national]
    .reverse()
    .map((char) => (/\d/.test(char) ? (shown-- > 0 ? char : "•") : char))
    .reverse()
    .join("");
  return `${callingCode} ${masked}`;
}

const countriesByLocale = new Map<string, { code: string; name: string; dial: string }[]>();

/**
 * Countries for the country select, sorted by their name in `locale` ("en" | "zh-CN") via Intl.DisplayNames
 * (Intl.Collator for sorting), each with its calling code, e.g. { code: "CN", name: "China", dial: "+86" }.
 * Cached per locale; each call returns a fresh array, so callers may reorder it.
 */
export function phoneCountries(locale: "en" | "zh-CN"): { code: string; name: string; dial: string }[] {
  let countries = countriesByLocale.get(locale);
  if (!countries) {
    const names = new Intl.DisplayNames([locale], { type: "region", fallback: "code" });
    const collator = new Intl.Collator(locale);
    countries = getCountries()
      .map((code) => ({ code, name: names.of(code) ?? code, dial: `+${getCountryCallingCode(code)}` }))
      .sort((a, b) => collator.compare(a.name, b.name));
    countriesByLocale.set(locale, countries);
  }
  return countries.map((country) => ({ ...country }));
}

/** National significant number digits, for "password must not contain your phone" checks. */
export function nationalDigits(e164: string): string {
  // All digits when unreadable: a longer string only makes the password check stricter.
  return parsePhoneNumberFromString(e164)?.nationalNumber ?? e164.replace(/\D/g, "");
}
