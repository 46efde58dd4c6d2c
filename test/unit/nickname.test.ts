import { describe, expect, it } from "vitest";
import {
  impersonates,
  nicknameKey,
  nicknameLimits,
  nicknameProblem,
  normalizeNickname,
} from "../../worker/features/accounts/nickname.ts";

const problem = (raw: string) => nicknameProblem(normalizeNickname(raw));

describe("nicknames", () => {
  it("accepts Chinese names and names mixing scripts with a space", () => {
    expect(problem("林师傅")).toBeNull();
    expect(problem("小林 Lin")).toBeNull();
    expect(problem("Anne-Marie O.Brien")).toBeNull();
    expect(problem("José_92")).toBeNull();
    expect(problem("阿卜杜·买买提")).toBeNull();
  });

  it("refuses one character and accepts two", () => {
    expect(problem("林")).toBe("too_short");
    expect(problem("  ")).toBe("too_short");
    expect(problem("林林")).toBeNull();
  });

  it("counts what the reader sees as one character, and refuses 21", () => {
    expect(problem("a".repeat(nicknameLimits.max))).toBeNull();
    expect(problem("a".repeat(nicknameLimits.max + 1))).toBe("too_long");
    // "é" typed as e + combining accent is one character on screen.
    expect(problem("e\u0301".repeat(nicknameLimits.max))).toBeNull();
  });

  it("refuses emoji, including keycap digits", () => {
    expect(problem("小林😀")).toBe("characters");
    expect(problem("Lin 1\uFE0F\u20E3")).toBe("characters");
  });

  it("refuses zero-width joiners and invisible fillers", () => {
    expect(problem("Li\u200Dn")).toBe("characters");
    expect(problem("Li\u200Bn")).toBe("characters");
    expect(problem("\u3164\u3164")).toBe("characters");
  });

  it("refuses names that start or end with punctuation, or carry other symbols", () => {
    expect(problem("_lin")).toBe("characters");
    expect(problem("lin.")).toBe("characters");
    expect(problem("lin!")).toBe("characters");
    expect(problem("lin@shop")).toBe("characters");
  });

  it("refuses web addresses", () => {
    expect(problem("www.cheap-tea")).toBe("characters");
    expect(problem("cheaptea.com")).toBe("characters");
    expect(problem("shop.CN")).toBe("characters");
    expect(problem("Mr.Lin")).toBeNull();
  });

  it("refuses stacked accents that spill over other chat lines", () => {
    expect(problem("Li" + "\u0301".repeat(12) + "n")).toBe("characters");
  });

  it("reserves the shop's staff and brand words, however they are spelled", () => {
    expect(problem("Lantern Official")).toBe("reserved");
    expect(problem("客服小美")).toBe("reserved");
    expect(problem("adm1n")).toBe("reserved");
    expect(problem("Sup_port Team")).toBe("reserved");
    expect(problem("\u0410dmin")).toBe("reserved"); // Cyrillic А
    expect(problem("系統管理員")).toBe("reserved"); // traditional characters
    expect(problem("Lantem")).toBe("reserved"); // "rn" drawn as "m"
  });

  it("does not reserve ordinary words that merely contain a reserved one", () => {
    expect(problem("Badminton Fan")).toBeNull();
  });
});

describe("normalizeNickname", () => {
  it("turns full-width letters and the ideographic space into plain ones", () => {
    expect(normalizeNickname("Ｍａｓｔｅｒ\u3000Ｌｉｎ")).toBe("Master Lin");
  });

  it("trims and collapses runs of spaces", () => {
    expect(normalizeNickname("  小林 \t  Lin \n")).toBe("小林 Lin");
  });
});

describe("nicknameKey", () => {
  it("gives one key to names that differ only in case, separators or look-alike digits", () => {
    const key = nicknameKey("Master Lin");
    for (const name of ["master_lin", "MASTER-LIN", "Mast3r L1n", "Master.Lin", "Ｍａｓｔｅｒ　Ｌｉｎ", "MASTER LIN"]) {
      expect(nicknameKey(name), name).toBe(key);
    }
  });

  it("keeps different Chinese names apart", () => {
    expect(nicknameKey("林师傅")).not.toBe(nicknameKey("林师父"));
  });
});

describe("impersonates", () => {
  it("catches a member name built around a host's or staff member's name", () => {
    expect(impersonates(nicknameKey("Real Anna Host"), nicknameKey("Anna"))).toBe(true);
    expect(impersonates(nicknameKey("小美粉丝"), nicknameKey("小美"))).toBe(true);
    expect(impersonates(nicknameKey("Master Lin"), nicknameKey("Ken"))).toBe(false);
  });

  it("matches very short names only exactly, so a host called Li does not block Bella", () => {
    expect(impersonates(nicknameKey("Bella"), nicknameKey("Li"))).toBe(false);
    expect(impersonates(nicknameKey("L1"), nicknameKey("Li"))).toBe(true);
    expect(impersonates(nicknameKey("anything"), "")).toBe(false);
  });
});
