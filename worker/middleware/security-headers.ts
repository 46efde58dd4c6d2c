import { createMiddleware } from "hono/factory";
import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";

export type SecurityHeadersOptions = {
  /** Extra origins pages may open connections to (the live rooms' WebSocket origin). */
  connectSources?: (c: Context<AppEnv>) => string[];
  /** Extra origins video may play from (Cloudflare Stream's HLS, where the browser plays it itself). */
  mediaSources?: (c: Context<AppEnv>) => string[];
  /** Seconds browsers should remember to use HTTPS only. */
  hstsMaxAge?: number;
};

function headerValues(connectSources: string[], mediaSources: string[], hstsMaxAge: number): [string, string][] {
  return [
    [
      "Content-Security-Policy",
      [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        `media-src ${["'self'", "blob:", ...mediaSources].join(" ")}`,
        `connect-src ${["'self'", ...connectSources].join(" ")}`,
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join("; "),
    ],
    ["Strict-Transport-Security", `max-age=${hstsMaxAge}; includeSubDomains`],
    ["X-Content-Type-Options", "nosniff"],
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
    ["X-Frame-Options", "DENY"],
    ["Cross-Origin-Opener-Policy", "same-origin"],
    ["Permissions-Policy", "camera=(self), microphone=(self), geolocation=(), payment=(self), usb=(), interest-cohort=()"],
  ];
}

/**
 * Security headers on every response the Worker makes. The CSP allows only the shop's own scripts and
 * styles (no inline code at all: island props travel in data attributes), so an injected `<script>`
 * cannot run. The values are built once per isolate and set of sources, not per response.
 */
export const securityHeaders = (options: SecurityHeadersOptions = {}) => {
  let built: { key: string; values: [string, string][] } | null = null;
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    const connect = options.connectSources?.(c) ?? [];
    const media = options.mediaSources?.(c) ?? [];
    const key = `${connect.join(" ")}\n${media.join(" ")}`;
    if (built?.key !== key) built = { key, values: headerValues(connect, media, options.hstsMaxAge ?? 63072000) };
    const headers = c.res.headers;
    for (const [name, value] of built.values) headers.set(name, value);
  });
};
