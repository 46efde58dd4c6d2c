import { createMiddleware } from "hono/factory";
import { getCookie } from "hono/cookie";
import type { AppEnv } from "../app-env.ts";
import { isLocale, negotiateLocale, translator } from "../i18n/index.ts";

/** Name of the cookie that remembers an explicit language choice (see features/language). */
export const languageCookie = "lang" as const;

/** Picks the request's locale: an explicit choice first, then Accept-Language, then English. */
export const i18n = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const chosen = getCookie(c, languageCookie);
    const locale = isLocale(chosen) ? chosen : negotiateLocale(c.req.header("Accept-Language"));
    c.set("locale", locale);
    c.set("t", translator(locale));
    await next();
    // Shared-cache responses (media) are the same in every language and for every visitor.
    if (/\bpublic\b/.test(c.res.headers.get("Cache-Control") ?? "")) return;
    // On the response itself: c.header() after the handler would copy the whole response, twice.
    c.res.headers.set("Content-Language", locale);
    c.res.headers.append("Vary", "Accept-Language, Cookie");
  });
