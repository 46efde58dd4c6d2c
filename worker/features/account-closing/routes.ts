import { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";

/** Closing the account: ask, cancel within the grace period (filled in with the erasure feature). */
export const closingRoutes = new Hono<AppEnv>();
