/**
 * "Recently viewed" for guests, kept only in the visitor's own browser (the `lantern_recent` cookie) and
 * only when they allow personalisation. Non-personalised mode (the default) records and shows nothing,
 * and so is every signed-in minor's (policy §9), whatever they or their guardian chose.
 */
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import type { AppEnv } from "../../app-env.ts";
import { setRegisteredCookie } from "../consent/cookie-jar.ts";
import { personalised } from "./personalised.ts";

const cookie = "lantern_recent";
const keep = 8;
const slug = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function storedSlugs(c: Context<AppEnv>): string[] {
  const value = getCookie(c, cookie) ?? "";
  return [...new Set(value.split(".").filter((part) => slug.test(part) && part.length <= 80))].slice(0, keep);
}

export async function recentlyViewed(c: Context<AppEnv>): Promise<string[]> {
  return (await personalised(c)) ? storedSlugs(c) : [];
}

export async function rememberProductView(c: Context<AppEnv>, productSlug: string): Promise<void> {
  if (!(await personalised(c))) return;
  const slugs = [productSlug, ...storedSlugs(c).filter((other) => other !== productSlug)].slice(0, keep);
  setRegisteredCookie(c, cookie, slugs.join("."));
}
