import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../../app-env.ts";
import { locales } from "../../i18n/index.ts";
import { validate } from "../../lib/validation.ts";
import { languageCookie } from "../../middleware/i18n.ts";
import { setRegisteredCookie } from "../consent/cookie-jar.ts";

/** Only same-site paths: never `//host` or a scheme, so the form cannot be used as an open redirect. */
export const localPath = v.pipe(v.string(), v.maxLength(2000), v.regex(/^\/(?![/\\])[^\s\\]*$/));

const languageForm = v.object({
  locale: v.picklist(locales),
  next: v.optional(v.fallback(localPath, "/"), "/"),
});

export const languageRoutes = new Hono<AppEnv>().post("/language", validate("form", languageForm), (c) => {
  const { locale, next } = c.req.valid("form");
  setRegisteredCookie(c, languageCookie, locale);
  return c.redirect(next, 303);
});
