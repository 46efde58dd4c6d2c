import { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";

/** Members ask for a copy of their data and download it (filled in with the export feature). */
export const exportRoutes = new Hono<AppEnv>();
