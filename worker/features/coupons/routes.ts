/**
 * Staff: the shop's coupons (fixed or percentage, minimum spend, validity window, per-member and total
 * limits, product or category scope). Checkout spends them through the one pricing engine; the
 * database keeps their limits (migration 0007).
 */
import { Hono, type Context } from "hono";
import { html } from "htm/preact";
import * as v from "valibot";
import type { AppEnv } from "../../app-env.ts";
import { localInputValue } from "../../lib/dates.ts";
import { database } from "../../lib/db.ts";
import { fieldErrors, type FieldErrors } from "../../lib/validation.ts";
import { renderPage } from "../../views/render.ts";
import { keptValues } from "../accounts/forms.ts";
import { requireRole } from "../accounts/middleware.ts";
import { categoriesQuery } from "../catalog/queries.ts";
import { couponForm } from "./forms.ts";
import { createCoupon, listCoupons, type CreateProblem } from "./queries.ts";
import { CouponsPage } from "./views.ts";

const problemField: Record<CreateProblem, [string, string]> = {
  code_taken: ["couponCode", "coupons.error.code_taken"],
  product_unknown: ["scopeProduct", "coupons.error.product"],
  category_unknown: ["scopeCategory", "coupons.error.category"],
};

async function render(c: Context<AppEnv>, values: Record<string, string>, errors: FieldErrors, status: 200 | 409 | 422 = 200) {
  const db = database(c.env.DB);
  const [list, categories] = await Promise.all([listCoupons(db), categoriesQuery(db, c.get("locale"))]);
  return renderPage(c, {
    title: c.get("t")("coupons.title"),
    section: "account",
    status,
    body: html`<${CouponsPage} list=${list} categories=${categories} values=${values} errors=${errors} created=${c.req.query("created") === "1"} />`,
  });
}

export const couponRoutes = new Hono<AppEnv>()
  .use("/staff/coupons", requireRole("staff"))
  .get("/staff/coupons", (c) => {
    const now = Date.now();
    return render(c, { startsAt: localInputValue(new Date(now)), endsAt: localInputValue(new Date(now + 7 * 86_400_000)) }, {});
  })
  .post("/staff/coupons", async (c) => {
    const body = (await c.req.parseBody()) as Record<string, unknown>;
    const values = keptValues(body);
    const parsed = v.safeParse(couponForm, body);
    if (!parsed.success) return render(c, values, fieldErrors(parsed.issues), 422);
    const created = await createCoupon(database(c.env.DB), parsed.output);
    if (!created.ok) {
      const [field, key] = problemField[created.problem];
      return render(c, values, { [field]: [key] }, created.problem === "code_taken" ? 409 : 422);
    }
    return c.redirect("/staff/coupons?created=1", 303);
  });
