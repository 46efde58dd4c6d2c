import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { html } from "htm/preact";
import type { AppEnv } from "../app-env.ts";
import { defaultLocale, translator } from "../i18n/index.ts";
import { InputError } from "../lib/validation.ts";
import { UnregisteredCookieError } from "./consent.ts";
import { ErrorPage, errorTitleKey, type ErrorKind } from "../views/error-page.ts";
import { renderPage, type Page } from "../views/render.ts";

const isApi = (c: Context<AppEnv>) => new URL(c.req.url).pathname.startsWith("/api/");

/** Stable, machine-readable error codes for API clients. */
const errorCodes: Record<number, string> = {
  400: "invalid_input",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  413: "too_large",
  415: "unsupported_media_type",
  422: "invalid_input",
  429: "rate_limited",
};

const kindOf = (status: number): ErrorKind =>
  status === 404
    ? "404"
    : status === 400 || status === 422
      ? "400"
      : status === 429
        ? "429"
        : status >= 500
          ? "500"
          : "generic";

/** The Retry-After a handler set before refusing (429), in seconds, so the page can say when. */
function retryAfterSeconds(c: Context<AppEnv>): number | null {
  const value = Number(c.res.headers.get("Retry-After"));
  return Number.isFinite(value) && value > 0 ? value : null;
}

async function respond(c: Context<AppEnv>, status: number, error: string, fields?: Record<string, string[]>): Promise<Response> {
  if (isApi(c)) {
    return c.json({ error, ...(fields && { fields }), requestId: c.get("requestId") }, status as 400);
  }
  const kind = kindOf(status);
  return renderPage(c, {
    title: (c.get("t") ?? translator(defaultLocale))(errorTitleKey(kind)),
    status: status as Page["status"],
    body: html`<${ErrorPage} status=${status} kind=${kind} requestId=${c.get("requestId") ?? "-"} retryAfter=${retryAfterSeconds(c)} />`,
  });
}

/**
 * What to log about an unexpected error: its kind, the database's own message rather than the failed
 * query (whose parameters may be personal data), and the stack frames. Never the query string.
 */
function describeError(error: unknown): { error: string; stack?: string[] } {
  if (!(error instanceof Error)) return { error: "non-Error thrown" };
  const root = error.message.startsWith("Failed query:") && error.cause instanceof Error ? error.cause : error;
  const frames = (error.stack ?? "").split("\n").filter((line) => line.trimStart().startsWith("at ")).slice(0, 12);
  return { error: `${root.name}: ${root.message}`, stack: frames.map((line) => line.trim()) };
}

/**
 * The one error handler: HTTPExceptions keep their status, anything else is a 500. Browsers get a page
 * in their language, /api/* gets JSON; neither ever sees a stack trace.
 */
export const onError: ErrorHandler<AppEnv> = async (error, c) => {
  if (error instanceof UnregisteredCookieError) {
    console.error(JSON.stringify({ requestId: c.get("requestId"), error: error.message }));
    // Fail loudly, and never let the offending cookie out with the error page.
    const response = await respond(c, 500, "unregistered_cookie");
    response.headers.delete("Set-Cookie");
    return response;
  }
  if (error instanceof InputError) return respond(c, 400, "invalid_input", error.fields);
  if (error instanceof HTTPException) {
    const status = error.status;
    if (status >= 500) console.error(JSON.stringify({ requestId: c.get("requestId"), status, message: error.message }));
    return respond(c, status, errorCodes[status] ?? (status >= 500 ? "internal_error" : "error"));
  }
  console.error(
    JSON.stringify({
      requestId: c.get("requestId"),
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      ...describeError(error),
    }),
  );
  return respond(c, 500, "internal_error");
};

export const notFound: NotFoundHandler<AppEnv> = (c) => respond(c, 404, "not_found");
