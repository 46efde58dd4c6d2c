import { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";

/** Identity verification, asked only where a feature needs it (filled in with the identity feature). */
export const identityRoutes = new Hono<AppEnv>();
