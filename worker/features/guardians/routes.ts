import { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";

/** A guardian's consent for a member under the age of consent (filled in with the minors feature). */
export const guardianRoutes = new Hono<AppEnv>();
