/**
 * Text as the search index sees it. FTS5's unicode61 tokenizer splits on spaces and punctuation, which
 * Chinese does not use, so a Chinese run would be one long token and only whole runs would match. Runs of
 * Chinese (and Japanese, Korean) characters are therefore written as overlapping two-character words plus
 * the run's last character alone: 手工陶瓷 → "手工 工陶 陶瓷 瓷". Every substring of two or more characters
 * is then a phrase of consecutive words, and every single character starts some word (a prefix query).
 * Queries are segmented the same way, so nothing needs LIKE (D1 refuses patterns over 50 bytes).
 */

const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const cjkRun = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;
/** Words as unicode61 makes them: letters, marks and digits, anything else separates. */
const piece = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[\p{L}\p{M}\p{N}]+/gu;

/** Overlapping two-character words of a run, then its last character alone. */
function bigrams(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  const words: string[] = [];
  for (let i = 0; i < chars.length - 1; i++) words.push(chars[i]! + chars[i + 1]!);
  words.push(chars.at(-1)!);
  return words;
}

/** Text to store in the index: Chinese runs as overlapping pairs, everything else as it is. */
export function segment(text: string): string {
  return text.replace(cjkRun, (run) => ` ${bigrams(run).join(" ")} `);
}

/** One part of a query: a word (matched as a prefix) or a Chinese run (matched as a substring). */
export type QueryPart = { kind: "word"; text: string } | { kind: "cjk"; text: string };

/** Most parts a query is matched on; the box takes 100 characters, so this only trims pathological input. */
export const maxQueryParts = 12;

/** The distinct parts of a query, lower-cased, in order. */
export function queryParts(query: string): QueryPart[] {
  const seen = new Set<string>();
  const parts: QueryPart[] = [];
  for (const [match] of query.toLowerCase().matchAll(piece)) {
    if (seen.has(match)) continue;
    seen.add(match);
    parts.push({ kind: cjk.test(match) ? "cjk" : "word", text: match });
    if (parts.length === maxQueryParts) break;
  }
  return parts;
}

const quoted = (text: string) => `"${text.replaceAll('"', '""')}"`;

/** An FTS5 expression for one part: a word as a prefix, a Chinese run as the phrase of its pairs. */
function partExpression(part: QueryPart): string {
  if (part.kind === "word") return `${quoted(part.text)}*`;
  const chars = [...part.text];
  if (chars.length === 1) return `${quoted(part.text)}*`;
  // The pairs alone: the trailing single character is implied by the last pair.
  return quoted(bigrams(part.text).slice(0, -1).join(" "));
}

/** The FTS5 MATCH expression for a query: every part must match. Null when there is nothing to search for. */
export function matchExpression(parts: QueryPart[]): string | null {
  return parts.length === 0 ? null : parts.map(partExpression).join(" AND ");
}

/**
 * What a loose match ("some of the words") may use: words and one-character runs as prefixes, Chinese
 * runs as their pairs (a two-character run is its own pair).
 */
export function looseTerms(parts: QueryPart[]): { prefixes: string[]; pairs: string[] } {
  const prefixes = parts.filter((part) => part.kind === "word" || [...part.text].length === 1).map((part) => part.text);
  const pairs = parts.filter((part) => part.kind === "cjk" && [...part.text].length > 1).flatMap((part) => bigrams(part.text).slice(0, -1));
  return { prefixes, pairs: [...new Set(pairs)] };
}

/** An FTS5 expression matching any of the terms. */
export const anyOf = ({ prefixes, pairs }: { prefixes: string[]; pairs: string[] }): string =>
  [...prefixes.map((text) => `${quoted(text)}*`), ...pairs.map(quoted)].join(" OR ");
