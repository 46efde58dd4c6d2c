import { Hono } from "hono";
import { csrf } from "hono/csrf";
import type { AppEnv } from "./app-env.ts";
import { adminRoutes } from "./features/accounts/admin-routes.ts";
import { session } from "./features/accounts/middleware.ts";
import { historyRoutes } from "./features/accounts/history-routes.ts";
import { profileRoutes } from "./features/accounts/profile-routes.ts";
import { accountsRoutes } from "./features/accounts/routes.ts";
import { consumePageViews, countPageView } from "./features/analytics/page-views.ts";
import { closingRoutes } from "./features/account-closing/routes.ts";
import { cartRoutes } from "./features/cart/routes.ts";
import { checkoutRoutes } from "./features/checkout/routes.ts";
import { couponRoutes } from "./features/coupons/routes.ts";
import { consumeExports } from "./features/data-export/queue.ts";
import { exportRoutes } from "./features/data-export/routes.ts";
import { deliveryRoutes } from "./features/delivery/routes.ts";
import { guardianRoutes } from "./features/guardians/routes.ts";
import { identityRoutes } from "./features/identity/routes.ts";
import { sandboxCarrierRoutes } from "./features/delivery/sandbox-routes.ts";
import { levelRoutes } from "./features/levels/routes.ts";
import { orderRoutes } from "./features/orders/routes.ts";
import { nightlyCron, runNightlyJobs } from "./features/orders/scheduled.ts";
import { staffOrderRoutes } from "./features/orders/staff-routes.ts";
import { paymentRoutes } from "./features/payment/routes.ts";
import { sandboxPaymentRoutes } from "./features/payment/sandbox-routes.ts";
import { catalogRoutes } from "./features/catalog/routes.ts";
import { consentRoutes } from "./features/consent/routes.ts";
import { homeRoutes } from "./features/home/routes.ts";
import { imageSearchRoutes } from "./features/image-search/routes.ts";
import { searchRoutes } from "./features/search/routes.ts";
import { languageRoutes } from "./features/language/routes.ts";
import { consumeArchive } from "./features/live/archive.ts";
import { hostRoutes } from "./features/live/host-routes.ts";
import { liveRoutes } from "./features/live/routes.ts";
import { streamOrigin, videoSettings } from "./features/live/stream-source.ts";
import { mediaRoutes } from "./features/media/routes.ts";
import { channelAdapters } from "./features/outbox/adapters.ts";
import { consumeOutbox } from "./features/outbox/outbox.ts";
import { outboxRoutes } from "./features/outbox/routes.ts";
import { runMinuteJobs } from "./features/outbox/scheduled.ts";
import { privacyRoutes } from "./features/privacy/routes.ts";
import { database } from "./lib/db.ts";
import { partyEndpoint } from "./lib/party-url.ts";
import { consent } from "./middleware/consent.ts";
import { d1Session } from "./middleware/d1-session.ts";
import { notFound, onError } from "./middleware/errors.ts";
import { i18n } from "./middleware/i18n.ts";
import { pageCache } from "./middleware/page-cache.ts";
import { requestId } from "./middleware/request-id.ts";
import { securityHeaders } from "./middleware/security-headers.ts";

const app = new Hono<AppEnv>();

app.use(requestId());
app.use(d1Session());
// Outermost after the request id, so every response below it (errors and redirects too) is enforced.
app.use(consent());
// Live video from Cloudflare Stream: hls.js fetches it and the host's WHIP broadcast posts to it.
const streamSources = (env: Env) => {
  const code = videoSettings(env).streamCustomerCode;
  return code ? [streamOrigin(code)] : [];
};
app.use(
  securityHeaders({
    connectSources: (c) => [partyEndpoint(c.env.PARTY_URL).origin, ...streamSources(c.env)],
    mediaSources: (c) => streamSources(c.env),
  }),
);
app.use(csrf());
app.use(i18n());
app.use(session());
app.use(async (c, next) => {
  await next();
  countPageView(c);
});
// Inside the page-view count (cached pages are views too), outside every route.
app.use(pageCache((request, c) => app.fetch(request, c.env, c.executionCtx)));

app.get("/api/health", (c) => c.json({ ok: true }));
app.route("/", homeRoutes);
app.route("/", catalogRoutes);
app.route("/", searchRoutes);
app.route("/", imageSearchRoutes);
app.route("/", liveRoutes);
app.route("/", hostRoutes);
app.route("/", mediaRoutes);
app.route("/", cartRoutes);
app.route("/", checkoutRoutes);
app.route("/", orderRoutes);
app.route("/", staffOrderRoutes);
app.route("/", couponRoutes);
app.route("/", paymentRoutes);
app.route("/", sandboxPaymentRoutes);
app.route("/", deliveryRoutes);
app.route("/", sandboxCarrierRoutes);
app.route("/", levelRoutes);
app.route("/", languageRoutes);
app.route("/", accountsRoutes);
app.route("/", profileRoutes);
app.route("/", historyRoutes);
app.route("/", exportRoutes);
app.route("/", closingRoutes);
app.route("/", guardianRoutes);
app.route("/", identityRoutes);
app.route("/", outboxRoutes);
app.route("/", adminRoutes);
app.route("/", privacyRoutes);
app.route("/", consentRoutes);

app.notFound(notFound);
app.onError(onError);

export default {
  fetch: app.fetch,
  async queue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
    if (batch.queue.startsWith("live-shop-analytics")) await consumePageViews(batch, env);
    else if (batch.queue.startsWith("live-shop-archive")) await consumeArchive(batch, env);
    else if (batch.queue.startsWith("live-shop-exports")) await consumeExports(batch, env);
    else if (batch.queue.startsWith("live-shop-outbox")) await consumeOutbox(batch, database(env.DB), env.FIELD_KEY, channelAdapters(env));
    else batch.retryAll();
  },
  async scheduled(controller, env, ctx): Promise<void> {
    ctx.waitUntil(controller.cron === nightlyCron ? runNightlyJobs(env) : runMinuteJobs(env));
  },
} satisfies ExportedHandler<Env>;
