import { createMiddleware } from "hono/factory";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../app-env.ts";

/**
 * Pages that exist only in development (the dev inbox, the sandbox payment provider and carrier):
 * production answers 404 as if they were never there, and nothing they show is cached or indexed.
 */
export const developmentOnly = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (c.env.APP_ENV === "production") throw new HTTPException(404);
    await next();
    c.header("Cache-Control", "no-store");
    c.header("X-Robots-Tag", "noindex");
  });
