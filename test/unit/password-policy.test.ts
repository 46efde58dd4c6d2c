import { describe, expect, it } from "vitest";
import { breachedPasswords, commonStems } from "../../worker/features/accounts/password-blocklist.ts";
import { normalizePassword, passwordLimits, passwordProblem } from "../../worker/features/accounts/password-policy.ts";

const entries = (list: string) => list.split("\n").filter((entry) => entry !== "");
const codePoints = (text: string) => [...text].length;
// Fifteen distinct letters in no order a rule would catch.
const letters = "mqzjwkxvbhfyrtu";
// An unremarkable passphrase to cut to exact lengths (140 code points).
const sentence =
  "the quiet heron waits by the reed bed while seven copper kettles hum a tune about winter plums and far mountain roads under slow grey clouds";

describe("password policy", () => {
  it("accepts a long passphrase with spaces and Chinese characters, without digits or symbols", () => {
    expect(passwordProblem("correct horse battery staple", {})).toBeNull();
    expect(passwordProblem("灯火阑珊处 那人却在 月光下的小巷", {})).toBeNull();
    expect(passwordProblem("我的密码是一只会唱歌的猫咪在月亮上跳舞", {})).toBeNull();
  });

  it("refuses 14 code points and accepts 15", () => {
    expect(passwordLimits.min).toBe(15);
    expect(passwordProblem(letters.slice(0, 14), {})).toBe("too_short");
    expect(passwordProblem(letters, {})).toBeNull();
  });

  it("accepts 64 and 128 code points and refuses 129", () => {
    expect(codePoints(sentence)).toBeGreaterThan(129);
    expect(passwordProblem(sentence.slice(0, 64), {})).toBeNull();
    expect(passwordProblem(sentence.slice(0, 128), {})).toBeNull();
    expect(passwordProblem(sentence.slice(0, 129), {})).toBe("too_long");
    expect(passwordProblem("x".repeat(100_000), {})).toBe("too_long");
  });

  it("counts pasted emoji as one character each, not as UTF-16 units", () => {
    const fourteen = "🔥🌊🌲🏔🌙⭐🐉🦊🍄🌵🎈🎸🚲🧭";
    expect(fourteen.length).toBeGreaterThan(15);
    expect(passwordProblem(fourteen, {})).toBe("too_short");
    expect(passwordProblem(`${fourteen}🪐`, {})).toBeNull();
  });

  it("ships a blocklist of thousands of real breached passwords, all long enough to matter", () => {
    const passwords = entries(breachedPasswords);
    expect(passwords.length).toBeGreaterThanOrEqual(5000);
    expect(new Set(passwords).size).toBe(passwords.length);
    // Stored exactly as the policy looks entries up, or an entry could never match.
    const unmatchable = (entry: string) => normalizePassword(entry).toLowerCase() !== entry;
    expect(passwords.filter(unmatchable)).toEqual([]);
    expect(passwords.filter((entry) => codePoints(entry) < passwordLimits.min || codePoints(entry) > passwordLimits.max)).toEqual([]);
    const stems = entries(commonStems);
    expect(stems.length).toBeGreaterThanOrEqual(5000);
    expect(stems.filter((stem) => unmatchable(stem) || codePoints(stem) >= passwordLimits.min)).toEqual([]);
  });

  it("refuses breached passwords, whatever their case or spacing", () => {
    for (const password of ["manchesterunited", "1qaz2wsx3edc4rfv", "lifeisabowlofcherries", "WorldOfWarcraft", "Manchester United"]) {
      expect(passwordProblem(password, {}), password).toBe("common");
    }
  });

  it("refuses a common short password merely padded to length", () => {
    expect(passwordProblem("Password2024!!!!", {})).toBe("common");
    expect(passwordProblem("monkey123456789", {})).toBe("common");
    expect(passwordProblem("!!!qwertyuiop!!!", {})).toBe("common");
    expect(passwordProblem("p a s s w o r d !", {})).toBe("common");
  });

  it("refuses repeated characters, repeated units and plain runs", () => {
    for (const password of [
      "zzzzzzzzzzzzzzzz",
      "abcabcabcabcabc",
      "sunshine sunshine sunshine",
      "iloveyouiloveyou",
      "aabbaabbaabbaabb",
      "bcdefghijklmnopq",
      "ponmlkjihgfedcba",
      "2345678901234567",
      "9876543210987654",
      "qwertyuiopasdfghj",
      "абвгдежзийклмно",
    ]) {
      expect(passwordProblem(password, {}), password).toBe("repetitive");
    }
    // The brief's own examples are refused too (most are on the breached list as well).
    for (const password of ["passwordpassword", "123456789012345", "qwertyuiopasdfgh", "abcdefghijklmnop"]) {
      expect(passwordProblem(password, {}), password).not.toBeNull();
    }
  });

  it("refuses a password containing the member's phone number, however it is written", () => {
    const phone = "+8613800138001";
    expect(passwordProblem("call me on 138-0013-8001 please", { phone })).toBe("contains_phone");
    expect(passwordProblem("my number is 13800138001 ok", { phone })).toBe("contains_phone");
    expect(passwordProblem("sunset over 0013 8001 hills", { phone })).toBe("contains_phone");
    expect(passwordProblem("sunset over 0013 8001 hills", { phone: "+8613912345678" })).toBeNull();
    // A short national number (Iceland) is caught whole.
    expect(passwordProblem("call 551 1234 trombone velvet", { phone: "+3545511234" })).toBe("contains_phone");
  });

  it("refuses a password containing the member's nickname, ignoring case and spaces", () => {
    expect(passwordProblem("the blue whale swims at dawn", { nickname: "BlueWhale" })).toBe("contains_nickname");
    expect(passwordProblem("月光下的小猫咪在屋顶上唱歌跳舞", { nickname: "小 猫咪" })).toBe("contains_nickname");
    // Two characters are too few to be a meaningful match.
    expect(passwordProblem("the blue whale swims at dawn", { nickname: "at" })).toBeNull();
  });

  it("refuses a password containing the shop's name", () => {
    expect(passwordProblem("i shop at Lantern every day", {})).toBe("contains_site_name");
    expect(passwordProblem("我爱灯笼商店的每一件东西啊真的", {})).toBe("contains_site_name");
  });

  it("normalises full-width characters before checking and hashing", () => {
    expect(normalizePassword("ＣＯＲＲＥＣＴ　ＨＯＲＳＥ")).toBe("CORRECT HORSE");
    expect(passwordProblem("ｍａｎｃｈｅｓｔｅｒｕｎｉｔｅｄ", {})).toBe("common");
    expect(passwordProblem("ＣＯＲＲＥＣＴ ＨＯＲＳＥ ＢＡＴＴＥＲＹ", {})).toBeNull();
    expect(passwordProblem("my number １３８００１３８００１ ok", { phone: "+8613800138001" })).toBe("contains_phone");
  });
});
