import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../app-env.ts";

export type RateLimitOptions = {
  /** The Workers rate-limit binding that holds the budget (limit and period are set in wrangler.toml). */
  limiter: (env: Env) => RateLimit;
  /** Seconds a refused client is told to wait; the binding's period. */
  retryAfterSeconds: number;
  /** Whose budget a request spends; defaults to the client's address, used as a key and never stored. */
  key?: (c: Context<AppEnv>) => string;
};

const clientAddress = (c: Context<AppEnv>) => c.req.header("CF-Connecting-IP") ?? "unknown-client";

/** Refuses a request with 429 (and Retry-After) once its key has spent its budget for the period. */
export const rateLimit = (options: RateLimitOptions) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const key = `${c.req.routePath}:${(options.key ?? clientAddress)(c)}`;
    const { success } = await options.limiter(c.env).limit({ key });
    if (!success) {
      c.header("Retry-After", String(options.retryAfterSeconds));
      throw new HTTPException(429, { message: "Too many requests" });
    }
    await next();
  });
