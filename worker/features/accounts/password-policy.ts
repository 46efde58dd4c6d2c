// The metadata phone.ts already bundles (`max`), not a second copy.
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { breachedPasswords, commonStems } from "./password-blocklist.ts";

// NIST SP 800-63B rev. 4: length, and a blocklist of common, expected or context-specific values;
// no composition rules, so spaces and any script are welcome.

export const passwordLimits = { min: 15, max: 128 } as const; // counted in Unicode code points after normalisation

export type PasswordProblem =
  | "too_short"
  | "too_long"
  | "common"
  | "repetitive"
  | "contains_phone"
  | "contains_nickname"
  | "contains_site_name";

/** NFKC-normalised password: what is checked and what gets hashed. */
export function normalizePassword(password: string): string {
  return password.normalize("NFKC");
}

// Built on first use, so starting an isolate only parses the two string literals.
let blocklist: Set<string> | undefined;

function isBlocklisted(text: string): boolean {
  if (!blocklist) {
    blocklist = new Set(`${breachedPasswords}\n${commonStems}`.split("\n"));
    blocklist.delete("");
  }
  return blocklist.has(text);
}

// What is left of "Password2024!!!" once the digits and punctuation around it are gone.
const padding = /^[\p{N}\p{P}\p{S}]+|[\p{N}\p{P}\p{S}]+$/gu;

/** Lower-cased without whitespace: the form compared with words, names and runs. */
function compact(text: string): string {
  return normalizePassword(text).toLowerCase().replace(/\s+/g, "");
}

// Cyclic, so a run may wrap ("…7890123…"), and read either way round.
const runs = ["0123456789", "abcdefghijklmnopqrstuvwxyz", "1234567890qwertyuiopasdfghjklzxcvbnm"].flatMap((sequence) => {
  const cycle = sequence.repeat(Math.ceil(passwordLimits.max / sequence.length) + 1);
  return [cycle, [...cycle].reverse().join("")];
});

function isRun(chars: string[]): boolean {
  const text = chars.join("");
  if (runs.some((cycle) => cycle.includes(text))) return true;
  // Any other alphabet in code point order ("абвгдежзийклмно").
  const points = chars.map((char) => char.codePointAt(0) ?? 0);
  const step = (points[1] ?? 0) - (points[0] ?? 0);
  return Math.abs(step) === 1 && points.every((point, i) => i === 0 || point - (points[i - 1] ?? 0) === step);
}

/** Whether the text is a unit repeated at least twice ("abcabcab…"): its smallest period, via KMP. */
function isRepeated(chars: string[]): boolean {
  const border = new Array<number>(chars.length).fill(0);
  for (let i = 1, k = 0; i < chars.length; i++) {
    while (k > 0 && chars[i] !== chars[k]) k = border[k - 1] ?? 0;
    if (chars[i] === chars[k]) k++;
    border[i] = k;
  }
  return chars.length > 0 && chars.length - (border[chars.length - 1] ?? 0) <= chars.length / 2;
}

function isRepetitive(chars: string[]): boolean {
  return new Set(chars).size < 4 || isRepeated(chars) || isRun(chars);
}

/** Digit strings of the phone a password must not contain: the national number and the last 8 digits. */
function phoneDigits(phone: string): string[] {
  const digits = phone.replace(/\D/g, "");
  const national = parsePhoneNumberFromString(phone)?.nationalNumber ?? "";
  // Shorter than 6 digits, a match in a 15-character password is likely a coincidence (a year, a PIN).
  return [national, digits.length >= 8 ? digits.slice(-8) : ""].filter((part) => part.length >= 6);
}

const siteNames = ["lantern", "灯笼", "燈籠"];

/** The first problem found, or null when the password is acceptable. */
export function passwordProblem(password: string, context: { phone?: string; nickname?: string }): PasswordProblem | null {
  // Two UTF-16 units per code point at most, and NFKC composes at most four code points into one (ᾂ):
  // this much input is too long whatever it holds, and is not worth normalising.
  if (password.length > passwordLimits.max * 8) return "too_long";
  const normalized = normalizePassword(password);
  const length = [...normalized].length;
  if (length < passwordLimits.min) return "too_short";
  if (length > passwordLimits.max) return "too_long";

  const lower = normalized.toLowerCase();
  const squeezed = compact(normalized);
  const core = squeezed.replace(padding, "");
  if ([lower, squeezed, core].some(isBlocklisted)) return "common";

  const coreChars = [...core];
  // The core only counts when it is substantial: "12345aa67890123" is not a repeated "aa".
  if (isRepetitive([...squeezed]) || (coreChars.length >= 8 && isRepetitive(coreChars))) return "repetitive";

  if (context.phone) {
    const digits = normalized.replace(/\D/g, "");
    if (phoneDigits(context.phone).some((part) => digits.includes(part))) return "contains_phone";
  }
  const nickname = context.nickname ? compact(context.nickname) : "";
  if ([...nickname].length >= 3 && squeezed.includes(nickname)) return "contains_nickname";
  if (siteNames.some((name) => squeezed.includes(name))) return "contains_site_name";
  return null;
}
