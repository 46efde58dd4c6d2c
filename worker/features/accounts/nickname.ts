/**
 * Member names, shown publicly in live chat. `normalizeNickname` gives what is stored and shown,
 * `nicknameProblem` whether it may be used, `nicknameKey` what must be unique (and what reserved words and
 * staff or host names are compared on, so look-alike spellings cannot slip past).
 */
export const nicknameLimits = { min: 2, max: 20 } as const; // in grapheme clusters (Intl.Segmenter) after normalisation

export type NicknameProblem = "too_short" | "too_long" | "characters" | "reserved";

/**
 * Words only the shop's staff and brand may use, matched anywhere in a nickname's key (so spacing,
 * case, look-alike letters and traditional characters do not get around them).
 */
export const reservedNicknameWords = [
  "admin",
  "administrator",
  "moderator",
  "staff",
  "support",
  "official",
  "system",
  "lantern",
  "service",
  "customer service",
  "customer care",
  "helpdesk",
  "客服",
  "官方",
  "管理员",
  "管理",
  "灯笼",
  "系统",
  "客户服务",
  "官方客服",
  "售后", // after-sales: the usual disguise of refund scams
  "工作人员",
  "店长",
  "掌柜",
] as const;

// Ordinary words that happen to contain a reserved one; they are taken out of a key before the check.
const harmlessWords = ["badminton"];

/** NFKC, trimmed, inner whitespace runs collapsed to one space. What is stored and shown. */
export function normalizeNickname(raw: string): string {
  // NFKC folds full-width letters and the ideographic space of Chinese keyboards to their plain forms.
  return raw.normalize("NFKC").trim().replace(/\s+/gu, " ");
}

/**
 * Letters that look alike are given one spelling in keys, applied after lower-casing. Digits and symbols
 * read as letters (0 o, 1 l, 3 e, 4 a, 5 s, 7 t, @ a, $ s); i, ı and 1 all become l, since "I", "l" and "1"
 * are indistinguishable in many fonts; Greek and Cyrillic letters drawn like Latin capitals become those
 * Latin letters (lower-cased); traditional forms of the characters in reserved words become simplified.
 * After this, "rn" becomes "m". Latin, Greek and Cyrillic accents are dropped before all of it.
 */
const lookAlikes: Readonly<Record<string, string>> = {
  "0": "o",
  "1": "l",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "@": "a",
  $: "s",
  i: "l",
  ı: "l",
  // Greek, by their capitals: Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ
  α: "a",
  β: "b",
  ε: "e",
  ζ: "z",
  η: "h",
  ι: "l",
  κ: "k",
  μ: "m",
  ν: "n",
  ο: "o",
  ρ: "p",
  τ: "t",
  υ: "y",
  χ: "x",
  // Cyrillic, by their capitals: А В Е К М Н О Р С Т У Х І Ј Ѕ
  а: "a",
  в: "b",
  е: "e",
  к: "k",
  м: "m",
  н: "h",
  о: "o",
  р: "p",
  с: "c",
  т: "t",
  у: "y",
  х: "x",
  і: "l",
  ј: "j",
  ѕ: "s",
  員: "员",
  統: "统",
  燈: "灯",
  籠: "笼",
  戶: "户",
  務: "务",
};

/**
 * The uniqueness key: the normalised nickname, lower-cased, with everything but letters, marks and digits
 * removed (spaces, `_ - . ·`, and invisible characters) and look-alikes folded as documented on
 * `lookAlikes`, so "Master Lin", "master_lin" and "Mast3r L1n" share one key.
 */
export function nicknameKey(nickname: string): string {
  const lowered = normalizeNickname(nickname)
    // Accents on Latin, Greek and Cyrillic letters only: marks in other scripts (Devanagari vowel signs,
    // Thai tones) tell different names apart.
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/gu, "")
    .normalize("NFC")
    .toLowerCase();
  let key = "";
  for (const char of lowered) {
    const folded = lookAlikes[char] ?? char;
    if (/^[\p{L}\p{M}\p{N}]$/u.test(folded) && !/\p{Default_Ignorable_Code_Point}/u.test(folded)) key += folded;
  }
  return key.replaceAll("rn", "m");
}

const reservedKeys = reservedNicknameWords.map(nicknameKey);
const harmlessKeys = harmlessWords.map(nicknameKey);

const allowedCharacters = /^[\p{L}\p{M}\p{Nd}_\-.· ]+$/u;
// Letters and marks that draw nothing (Hangul fillers count as letters, variation selectors as marks),
// and the enclosing marks that turn a digit into an emoji keycap.
const invisibleOrEmoji = /[\p{Default_Ignorable_Code_Point}\p{Me}]/u;
const startsWell = /^[\p{L}\p{Nd}]/u;
const endsWell = /[\p{L}\p{Nd}]\p{M}*$/u;
// A link in a public chat name is advertising; ":" and "/" are refused already, so only domains remain.
const looksLikeDomain =
  /(?:^|[^\p{L}\p{N}])www\.|[\p{L}\p{N}]\.(?:com|net|org|info|biz|io|co|me|cc|tv|xyz|top|vip|shop|store|site|online|app|link|club|live|cn|hk|tw|mo|uk|us|ru|jp|kr|to|ly|gg|tk)(?![\p{L}\p{N}])/iu;
// Stacked combining marks ("Zalgo" text) spill over neighbouring chat lines; real scripts need few per cluster.
const maxMarksPerGrapheme = 4;

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** The first problem with a normalised nickname, or null. */
export function nicknameProblem(nickname: string): NicknameProblem | null {
  if (nickname !== "" && !hasAllowedCharacters(nickname)) return "characters";
  const length = countGraphemes(nickname, nicknameLimits.max + 1);
  if (length < nicknameLimits.min) return "too_short";
  if (length > nicknameLimits.max) return "too_long";
  let key = nicknameKey(nickname);
  for (const harmless of harmlessKeys) key = key.replaceAll(harmless, " ");
  if (reservedKeys.some((reserved) => key.includes(reserved))) return "reserved";
  return null;
}

function hasAllowedCharacters(nickname: string): boolean {
  if (!allowedCharacters.test(nickname) || invisibleOrEmoji.test(nickname)) return false;
  if (!startsWell.test(nickname) || !endsWell.test(nickname) || nickname.includes("  ")) return false;
  if (looksLikeDomain.test(nickname)) return false;
  for (const { segment } of graphemes.segment(nickname)) {
    if ((segment.match(/\p{M}/gu)?.length ?? 0) > maxMarksPerGrapheme) return false;
  }
  return true;
}

// Stops counting at `limit`, so an overlong paste is not segmented to the end.
function countGraphemes(text: string, limit: number): number {
  let count = 0;
  for (const _ of graphemes.segment(text)) {
    if (++count >= limit) break;
  }
  return count;
}

// Keys shorter than this match too many names by accident (a host "Li" is inside "bella"), so they must
// match the whole key; a Chinese, Japanese or Korean character counts twice, as two of them make a name.
const minContainedWeight = 3;
const wideCharacter = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}]/u;

/**
 * True when `key` (a nicknameKey) contains `otherKey` — used to stop impersonating staff and hosts' names.
 * Short keys (under three letters or two CJK characters) must equal `key` instead.
 */
export function impersonates(key: string, otherKey: string): boolean {
  if (otherKey === "") return false;
  let weight = 0;
  for (const char of otherKey) weight += wideCharacter.test(char) ? 2 : 1;
  return weight >= minContainedWeight ? key.includes(otherKey) : key === otherKey;
}
