import { describe, expect, it } from "vitest";
import { en } from "../../worker/i18n/en.ts";
import { negotiateLocale, translator } from "../../worker/i18n/index.ts";
import { zhCN } from "../../worker/i18n/zh-cn.ts";

describe("language negotiation", () => {
  it("prefers the highest-weighted language the shop speaks", () => {
    expect(negotiateLocale("fr-FR,fr;q=0.9,zh-CN;q=0.8,en;q=0.5")).toBe("zh-CN");
    expect(negotiateLocale("en-US,en;q=0.9")).toBe("en");
    expect(negotiateLocale("de;q=0.9,en;q=0.8,zh;q=0.85")).toBe("zh-CN");
  });

  it("reads any Chinese variant as Simplified Chinese and falls back to English", () => {
    expect(negotiateLocale("zh-TW")).toBe("zh-CN");
    expect(negotiateLocale("zh-Hans-SG")).toBe("zh-CN");
    expect(negotiateLocale("ja,ko;q=0.5")).toBe("en");
    expect(negotiateLocale("")).toBe("en");
    expect(negotiateLocale(undefined)).toBe("en");
    expect(negotiateLocale("zh;q=0, en;q=0.1")).toBe("en");
  });
});

describe("message catalogue", () => {
  it("has every English message in Chinese, with the same placeholders", () => {
    const placeholders = (message: unknown) => JSON.stringify(message).match(/\{\w+\}/g)?.sort() ?? [];
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(new Set(placeholders(zhCN[key])), key).toEqual(new Set(placeholders(en[key])));
    }
  });

  it("fills placeholders and picks plural forms", () => {
    const t = translator("en");
    expect(t("category.products", { count: 1 })).toBe("1 product");
    expect(t("category.products", { count: 12 })).toBe("12 products");
    expect(t("pagination.status", { page: 2, pages: 5 })).toBe("Page 2 of 5");
    expect(translator("zh-CN")("category.products", { count: 12 })).toBe("共 12 件商品");
  });
});
