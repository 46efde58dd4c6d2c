/**
 * Writes worker/features/accounts/password-blocklist.ts from public lists of common and breached
 * passwords (one per line; hashcat's `$HEX[…]` lines are decoded, lines that are not UTF-8 skipped):
 *   node scripts/build-password-blocklist.ts --stems <ranked list> [--stem-count 10000] \
 *     --source "<where the lists came from, and their licence>"… [--notice <licence file>]… <lists…>
 * Entries are kept as the policy looks them up: NFKC, lower-cased, 15 to 128 code points (anything
 * shorter or longer is refused by length anyway). Stems are the most common shorter passwords of the
 * ranked list, refused when merely padded with digits or punctuation. The generated module names its
 * sources and how many entries each list added.
 *
 * The checked-in module was built from SecLists release 2022.2 (github.com/danielmiessler/SecLists,
 * commit 4eb2868) and Pwdb-Public (github.com/ignis-sec/Pwdb-Public, commit 9b53917), both MIT, checked
 * out side by side as SecLists/ and Pwdb-Public/ (S=SecLists/Passwords, L=$S/Leaked-Databases):
 *   node scripts/build-password-blocklist.ts --stems $S/Common-Credentials/10-million-password-list-top-10000.txt \
 *     --source "…" --source "…" --notice SecLists/LICENSE --notice Pwdb-Public/LICENSE \
 *     $S/Common-Credentials/10-million-password-list-top-100000.txt Pwdb-Public/wordlists/ignis-100K.txt \
 *     $S/Common-Credentials/100k-most-used-passwords-NCSC.txt $S/darkweb2017-top10000.txt $L/rockyou-75.txt \
 *     $L/Ashley-Madison.txt $L/phpbb.txt $L/myspace.txt $L/hotmail.txt $L/muslimMatch.txt $L/Lizard-Squad.txt \
 *     $L/faithwriters.txt $L/tuscl.txt $L/youporn2012.txt $L/carders.cc.txt $L/porn-unknown.txt $L/izmy.txt \
 *     $S/Honeypot-Captures/multiplesources-passwords-fabian-fingerle.de.txt $S/mssql-passwords-nansh0u-guardicore.txt
 * (the two --source texts are the first lines of the generated module).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";

const output = new URL("../worker/features/accounts/password-blocklist.ts", import.meta.url);
const { values, positionals: lists } = parseArgs({
  allowPositionals: true,
  options: {
    stems: { type: "string" },
    "stem-count": { type: "string", default: "10000" },
    source: { type: "string", multiple: true, default: [] },
    notice: { type: "string", multiple: true, default: [] },
  },
});
const stemCount = Number(values["stem-count"]);
if (!values.stems || lists.length === 0 || values.source.length === 0 || !Number.isInteger(stemCount)) {
  console.error("Usage: build-password-blocklist.ts --stems <ranked list> --source <text>… [--notice <file>]… <lists…>");
  process.exit(1);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
// Mojibake and binary noise in the dumps: nobody can type these, so they only cost bytes.
const unusable = /[\p{Cc}\p{Cs}\uFFFD]|ï¿½/u;

// Line by line: a dump with a stray invalid byte sequence loses that line, not the whole file.
function readLines(path: string): string[] {
  const bytes = readFileSync(path);
  const lines: string[] = [];
  for (let start = 0; start < bytes.length; ) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline === -1 ? bytes.length : newline;
    try {
      lines.push(utf8.decode(bytes.subarray(start, end)).replace(/\r$/, ""));
    } catch {
      // Not UTF-8: skipped.
    }
    start = end + 1;
  }
  return lines;
}

function decodeHex(line: string): string | null {
  const hex = /^\$HEX\[([0-9a-fA-F]*)\]$/.exec(line)?.[1];
  if (hex === undefined) return line;
  try {
    return utf8.decode(Uint8Array.from(hex.match(/../g) ?? [], (byte) => parseInt(byte, 16)));
  } catch {
    return null;
  }
}

// Must match how password-policy.ts looks entries up (the unit test checks every entry).
function key(line: string): { text: string; length: number } | null {
  const decoded = decodeHex(line);
  if (decoded === null || decoded === "" || unusable.test(decoded)) return null;
  const text = decoded.normalize("NFKC").toLowerCase();
  return { text, length: [...text].length };
}

const passwords = new Set<string>();
const counts: string[] = [];
for (const path of lists) {
  const before = passwords.size;
  for (const line of readLines(path)) {
    const entry = key(line);
    if (entry && entry.length >= 15 && entry.length <= 128) passwords.add(entry.text);
  }
  counts.push(`  ${path}: ${passwords.size - before}`);
}

const stems = new Set<string>();
for (const line of readLines(values.stems).slice(0, stemCount)) {
  const entry = key(line);
  // Digits and punctuation alone are what padding strips, so a stem needs a letter.
  if (entry && entry.length >= 4 && entry.length < 15 && /\p{L}/u.test(entry.text)) stems.add(entry.text);
}

// One entry per line in a template literal: readable diffs, and only one string to parse at load.
function block(entries: Set<string>): string {
  const lines = [...entries].sort().map((entry) => entry.replace(/\\|`|\$\{/g, (match) => `\\${match}`));
  return `\`\n${lines.join("\n")}\n\``;
}

const comment = (text: string) => text.trimEnd().split("\n").map((line) => `//${line ? ` ${line}` : ""}`).join("\n");
const notices = values.notice.map((path) => comment(readFileSync(path, "utf8")));
const module = `${comment(
  [
    "Generated by scripts/build-password-blocklist.ts — do not edit; rebuild it instead.",
    "",
    ...values.source,
    "",
    `Passwords (${passwords.size}, 15–128 code points, NFKC, lower-cased), new ones per list:`,
    ...counts,
    `Stems (${stems.size}): of the ${stemCount} most common in ${values.stems}, those of 4–14 code points with a letter.`,
    "",
    "The sources' licences follow.",
  ].join("\n"),
)}
//
${notices.join("\n//\n")}

/** Common and breached passwords of 15+ code points, NFKC and lower-cased, one per line. */
export const breachedPasswords = ${block(passwords)};

/** The most common shorter passwords, one per line: refused when merely padded to length. */
export const commonStems = ${block(stems)};
`;
writeFileSync(output, module);
console.log(`Wrote ${passwords.size} passwords and ${stems.size} stems (${Buffer.byteLength(module)} bytes).`);
