/**
 * "Recently viewed" for guests, kept only in the visitor's own browser (the `lantern_recent` cookie) and
 * only when they allow personalisation. Non-personalised mode (the default) records and shows nothing.
 */
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import type { AppEnv } from "../../app-env.ts";
import { setRegisteredCookie } from "../consent/cookie-jar.ts";

const cookie = "lantern_recent";
const keep = 8;
const slug = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function recentlyViewed(c: Context<AppEnv>): string[] {
  if (!c.var.consent.decisions.personalization.storage) return [];
  const value = getCookie(c, cookie) ?? "";
  return [...new Set(value.split(".").filter((part) => slug.test(part) && part.length <= 80))].slice(0, keep);
}

export function rememberProductView(c: Context<AppEnv>, productSlug: string): void {
  if (!c.var.consent.decisions.personalization.storage) return;
  const slugs = [productSlug, ...recentlyViewed(c).filter((other) => other !== productSlug)].slice(0, keep);
  setRegisteredCookie(c, cookie, slugs.join("."));
}
