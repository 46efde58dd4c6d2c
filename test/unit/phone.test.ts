import { describe, expect, it } from "vitest";
import {
  defaultPhoneCountry,
  maskPhone,
  nationalDigits,
  parsePhone,
  phoneCountries,
} from "../../worker/features/accounts/phone.ts";

describe("parsePhone", () => {
  it("accepts a Chinese mobile typed in the usual groups, stored as E.164", () => {
    expect(parsePhone("CN", "138 0013 8001")).toEqual({ ok: true, e164: "+8613800138001", country: "CN" });
  });

  it("accepts the separators people type, full-width digits and the +86 or 0086 they add themselves", () => {
    for (const typed of [
      "138-0013-8001",
      "(138) 0013 8001",
      "138.0013.8001",
      "１３８ ００１３ ８００１",
      "+86 138 0013 8001",
      "(+86) 138-0013-8001",
      "0086 13800138001",
    ]) {
      expect(parsePhone("CN", typed), typed).toEqual({ ok: true, e164: "+8613800138001", country: "CN" });
    }
  });

  it("reads a number typed with +44 as British, whatever country was chosen", () => {
    expect(parsePhone("CN", "+44 7400 123456")).toEqual({ ok: true, e164: "+447400123456", country: "GB" });
  });

  it("refuses a UK number from the range Ofcom keeps for films and TV (+44 7700 900xxx)", () => {
    expect(parsePhone("CN", "+44 7700 900123")).toEqual({ ok: false, problem: "invalid" });
  });

  it("refuses a Chinese landline or service number as not a mobile, so no code is sent to it", () => {
    expect(parsePhone("CN", "010 6552 9988")).toEqual({ ok: false, problem: "not_mobile" });
    expect(parsePhone("CN", "400 810 8888")).toEqual({ ok: false, problem: "not_mobile" });
  });

  it("accepts North American numbers, whose plan does not tell mobiles from landlines", () => {
    expect(parsePhone("US", "(201) 555-0123")).toEqual({ ok: true, e164: "+12015550123", country: "US" });
  });

  it("refuses letters instead of skipping them", () => {
    for (const typed of ["138 0013 800a", "1-800-FLOWERS", "13800138001 ext. 12", "tel:+8613800138001"]) {
      expect(parsePhone("CN", typed), typed).toEqual({ ok: false, problem: "invalid" });
    }
  });

  it("refuses a mobile with a digit missing or empty input as invalid", () => {
    expect(parsePhone("CN", "138 0013 800")).toEqual({ ok: false, problem: "invalid" });
    expect(parsePhone("CN", "   ")).toEqual({ ok: false, problem: "invalid" });
  });

  it("refuses an unknown country calling code, or an unknown chosen country without one", () => {
    expect(parsePhone("CN", "+999 1234 5678")).toEqual({ ok: false, problem: "unknown_country" });
    expect(parsePhone("ZZ", "138 0013 8001")).toEqual({ ok: false, problem: "unknown_country" });
    expect(parsePhone("ZZ", "+86 138 0013 8001")).toEqual({ ok: true, e164: "+8613800138001", country: "CN" });
  });

  it("refuses satellite numbers, which belong to no country", () => {
    expect(parsePhone("CN", "+881 6 1234 5678")).toEqual({ ok: false, problem: "unknown_country" });
  });
});

describe("maskPhone", () => {
  it("shows the country code and only the last 4 digits", () => {
    expect(maskPhone("+8613800138001")).toBe("+86 ••• •••• 8001");
    expect(maskPhone("+447400123456")).toBe("+44 •••• ••3456");
  });

  it("never shows more than the last 4 digits of a value it cannot read", () => {
    expect(maskPhone("+99912345678")).toBe("••• 5678");
  });
});

describe("nationalDigits", () => {
  it("gives the number without its country code, for the password check", () => {
    expect(nationalDigits("+8613800138001")).toBe("13800138001");
    expect(nationalDigits("+447400123456")).toBe("7400123456");
  });
});

describe("phoneCountries", () => {
  it("lists 中国 with +86 in Chinese, sorted by Chinese collation", () => {
    const countries = phoneCountries("zh-CN");
    expect(countries.find((country) => country.code === "CN")).toEqual({ code: "CN", name: "中国", dial: "+86" });
    const collator = new Intl.Collator("zh-CN");
    const names = countries.map((country) => country.name);
    expect(names).toEqual([...names].sort(collator.compare));
    expect(countries.length).toBeGreaterThan(200);
  });

  it("lists China with +86 in English, and the default country is in the list", () => {
    const countries = phoneCountries("en");
    expect(countries.find((country) => country.code === "CN")).toEqual({ code: "CN", name: "China", dial: "+86" });
    expect(countries.some((country) => country.code === defaultPhoneCountry)).toBe(true);
    expect(countries[0]?.name).toBe("Afghanistan");
  });

  it("is not disturbed by a caller reordering the list it was given", () => {
    phoneCountries("en").reverse();
    expect(phoneCountries("en")[0]?.name).toBe("Afghanistan");
  });
});
