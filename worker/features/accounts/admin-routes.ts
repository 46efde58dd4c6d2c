/**
 * Administrators manage who may do what: the member list (public names and masked contact details only)
 * and role changes. Guarded by `requireRole`, the one place roles are checked.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { html } from "htm/preact";
import { desc, eq } from "drizzle-orm";
import * as v from "valibot";
import { memberRoles, members } from "../../../db/schema/index.ts";
import type { AppEnv } from "../../app-env.ts";
import type { MessageKey } from "../../i18n/index.ts";
import { database } from "../../lib/db.ts";
import { formatDate } from "../../lib/dates.ts";
import { decryptField } from "../../lib/field-crypto.ts";
import { validate, validatePath } from "../../lib/validation.ts";
import { mediaUrl } from "../../views/media.ts";
import { usePage } from "../../views/page-context.ts";
import { renderPage } from "../../views/render.ts";
import { requireRole } from "./middleware.ts";
import { maskPhone } from "./phone.ts";
import { phoneContext } from "./queries.ts";
import { revokeOtherSessions } from "./sessions.ts";

type Row = { id: string; nickname: string; role: (typeof memberRoles)[number]; avatarKey: string; phone: string; createdAt: Date };

function MembersPage({ rows, self }: { rows: Row[]; self: string }) {
  const { t, locale } = usePage();
  return html`<section>
    <h1>${t("admin.members.title")}</h1>
    <p class="muted">${t("admin.members.intro")}</p>
    <div class="table-scroll">
      <table class="records-table">
        <thead>
          <tr>
            <th scope="col">${t("form.nickname.label")}</th>
            <th scope="col">${t("form.phone.label")}</th>
            <th scope="col">${t("admin.members.joined")}</th>
            <th scope="col">${t("admin.members.role")}</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (row) => html`<tr key=${row.id}>
              <td><img class="avatar" src=${mediaUrl(row.avatarKey)} alt="" width="24" height="24" /> ${row.nickname}</td>
              <td>${row.phone}</td>
              <td>${formatDate(row.createdAt, locale)}</td>
              <td>
                ${row.id === self
                  ? t(`role.${row.role}` as MessageKey)
                  : html`<form class="inline-form" method="post" action=${`/admin/members/${row.id}/role`}>
                      <label class="visually-hidden" for=${`role-${row.id}`}>${t("admin.members.roleFor", { name: row.nickname })}</label>
                      <select id=${`role-${row.id}`} name="role">
                        ${memberRoles.map((role) => html`<option value=${role} selected=${role === row.role}>${t(`role.${role}` as MessageKey)}</option>`)}
                      </select>
                      <button class="button--secondary" type="submit">${t("admin.members.save")}</button>
                    </form>`}
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </section>`;
}

export const adminRoutes = new Hono<AppEnv>()
  .use("/admin/*", requireRole("admin"))
  .get("/admin/members", async (c) => {
    const db = database(c.env.DB);
    const found = await db.select().from(members).orderBy(desc(members.createdAt)).limit(200);
    const rows = await Promise.all(
      found.map(async (row) => ({
        id: row.id,
        nickname: row.nickname,
        role: row.role,
        avatarKey: row.avatarKey,
        phone: maskPhone(await decryptField(c.env.FIELD_KEY, row.phoneEnc, phoneContext(row.id))),
        createdAt: row.createdAt,
      })),
    );
    return renderPage(c, { title: c.get("t")("admin.members.title"), body: html`<${MembersPage} rows=${rows} self=${c.get("member")!.id} />` });
  })
  .post(
    "/admin/members/:id/role",
    validatePath(v.object({ id: v.pipe(v.string(), v.regex(/^mbr_[0-9a-z]{16}$/)) })),
    validate("form", v.object({ role: v.picklist(memberRoles) })),
    async (c) => {
      const { id } = c.req.valid("param");
      // An administrator cannot demote themselves and leave the shop without one.
      if (id === c.get("member")!.id) throw new HTTPException(409, { message: "Ask another administrator." });
      const db = database(c.env.DB);
      const changed = await db.update(members).set({ role: c.req.valid("form").role }).where(eq(members.id, id)).returning({ id: members.id });
      if (changed.length === 0) throw new HTTPException(404);
      // New rights (or fewer) apply from the member's next sign-in: end their sessions.
      await revokeOtherSessions(db, id, null);
      return c.redirect("/admin/members", 303);
    },
  );
