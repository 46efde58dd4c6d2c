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

/**
 * Security headers on every response the Worker makes. The CSP allows only the shop's own scripts and
 * styles (no inline code at all: island props travel in data attributes), so an injected `<script>`
 * cannot run.
 */
export const securityHeaders = (options: SecurityHeadersOptions = {}) =>
  createMiddleware<AppEnv>(async (c, next) => {
    await next();
    const connect = ["'self'", ...(options.connectSources?.(c) ?? [])].join(" ");
    const media = ["'self'", "blob:", ...(options.mediaSources?.(c) ?? [])].join(" ");
    const headers = c.res.headers;
    headers.set(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        `media-src ${media}`,
        `connect-src ${connect}`,
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join("; "),
    );
    headers.set("Strict-Transport-Security", `max-age=${options.hstsMaxAge ?? 63072000}; includeSubDomains`);
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Cross-Origin-Opener-Policy", "same-origin");
    headers.set(
      "Permissions-Policy",
      "camera=(self), microphone=(self), geolocation=(), payment=(self), usb=(), interest-cohort=()",
    );
  });
