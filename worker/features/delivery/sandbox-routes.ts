/**
 * The sandbox carrier's console (development only, 404 in production): the labels the shop sent it,
 * and buttons that send the shop a signed tracking event for a parcel. It plays an outside company, so
 * it needs no sign-in. The event is handed to the webhook's own handler in-process rather than posted
 * to `/webhooks/carrier` over HTTP: a Worker fetching its own hostname is not reliably routed back to
 * itself, and the handler is exactly what the route runs (signature check included).
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { html } from "htm/preact";
import * as v from "valibot";
import { trackingStatuses, type TrackingStatus } from "../../../db/schema/index.ts";
import type { AppEnv } from "../../app-env.ts";
import { formatDateTime } from "../../lib/dates.ts";
import { database } from "../../lib/db.ts";
import { newId } from "../../lib/ids.ts";
import { validate, validatePath } from "../../lib/validation.ts";
import { signWebhook } from "../../lib/webhook-signature.ts";
import { usePage } from "../../views/page-context.ts";
import { renderPage } from "../../views/render.ts";
import { developmentOnly } from "../../middleware/development-only.ts";
import { trackingNumber } from "./carrier.ts";
import { findSandboxShipment, sandboxShipmentList, type SandboxShipment } from "./sandbox-carrier.ts";
import { receiveCarrierWebhook, type TrackingWebhook } from "./webhook.ts";

function SandboxCarrierPage({ shipments, sent }: { shipments: SandboxShipment[]; sent: TrackingStatus | null }) {
  const { t, locale } = usePage();
  return html`<section>
    <h1>${t("sandbox.carrier.title")}</h1>
    <p class="notice">${t("sandbox.carrier.intro")}</p>
    ${sent && html`<p class="notice notice--ok" role="status">${t("sandbox.carrier.sent", { status: t(`delivery.status.${sent}`) })}</p>`}
    ${shipments.length === 0
      ? html`<p>${t("sandbox.carrier.empty")}</p>`
      : shipments.map(
          (shipment) => html`<article class="receipt-record" key=${shipment.trackingNumber}>
            <h2><code>${shipment.trackingNumber}</code></h2>
            <p class="muted">${t("sandbox.carrier.created", { time: formatDateTime(shipment.createdAt, locale) })}</p>
            <details>
              <summary>${t("sandbox.carrier.label")}</summary>
              <pre>${shipment.label}</pre>
            </details>
            <form class="inline-form" method="post" action=${`/sandbox/carrier/${shipment.trackingNumber}/events`}>
              <label for=${`location-${shipment.trackingNumber}`}>${t("sandbox.carrier.location")}</label>
              <input id=${`location-${shipment.trackingNumber}`} name="location" maxlength="100" />
              ${trackingStatuses.map(
                (status) => html`<button class="button--secondary" type="submit" name="status" value=${status}>${t(`delivery.status.${status}`)}</button>`,
              )}
            </form>
          </article>`,
        )}
  </section>`;
}

export const sandboxCarrierRoutes = new Hono<AppEnv>()
  .use("/sandbox/carrier", developmentOnly())
  .use("/sandbox/carrier/*", developmentOnly())
  .get("/sandbox/carrier", validate("query", v.object({ sent: v.fallback(v.optional(v.picklist(trackingStatuses)), undefined) })), async (c) => {
    const shipments = await sandboxShipmentList(database(c.env.DB));
    return renderPage(c, {
      title: c.get("t")("sandbox.carrier.title"),
      body: html`<${SandboxCarrierPage} shipments=${shipments} sent=${c.req.valid("query").sent ?? null} />`,
    });
  })
  .post(
    "/sandbox/carrier/:trackingNumber/events",
    validatePath(v.object({ trackingNumber })),
    validate("form", v.object({ status: v.picklist(trackingStatuses), location: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100)), "") })),
    async (c) => {
      const { trackingNumber: number } = c.req.valid("param");
      const form = c.req.valid("form");
      if (!(await findSandboxShipment(database(c.env.DB), number))) throw new HTTPException(404);
      const now = Date.now();
      const event: TrackingWebhook = { id: newId("cev"), trackingNumber: number, status: form.status, location: form.location || null, occurredAt: new Date(now).toISOString() };
      const body = JSON.stringify(event);
      const answer = await receiveCarrierWebhook(c.env, await signWebhook(c.env.CARRIER_WEBHOOK_SECRET, body, now), body, now);
      // The shop refusing the event is the shop's problem to show, as a carrier's dashboard would.
      if (answer.status !== 200) throw new HTTPException(answer.status);
      return c.redirect(`/sandbox/carrier?sent=${form.status}`, 303);
    },
  );
