import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env.ts";

const incoming = /^[A-Za-z0-9-]{8,64}$/;

/**
 * Gives every request an id, echoed as `X-Request-Id` and quoted on error pages, so a shopper's report
 * can be matched to the logs. A well-formed id from a trusted edge (`cf-ray`) is reused.
 */
export const requestId = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const ray = c.req.header("cf-ray");
    const id = ray && incoming.test(ray) ? ray : crypto.randomUUID();
    c.set("requestId", id);
    c.header("X-Request-Id", id);
    await next();
  });
