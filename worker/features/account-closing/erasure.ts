/**
 * Erasure of closed accounts (minute cron), once their grace period is over. Per member, one D1 batch:
 * orders kept for the tax records lose everything personal, their chat lines leave the show replays,
 * traces found by their phone or email go, and the member row is deleted (its ON DELETE CASCADE takes
 * sessions, cart, addresses, history, holds, claims, level, exports, guardian consents, identity, outbox
 * rows and the links to their consent subject ids; orders and coupon redemptions lose the member id
 * through ON DELETE SET NULL). The consent ledger is not touched: its records name pseudonymous subject
 * ids only, and with the links gone nothing ties those ids to the person, while the chain stays intact.
 * Their R2 objects (avatar, export archives, invoice documents, saved search photos) are deleted first,
 * so an interrupted run leaves a member still due, whom the next run finishes, rather than objects nobody
 * can find.
 */
import { decryptField, encryptField } from "../../lib/field-crypto.ts";
import { emailContext, phoneContext } from "../accounts/queries.ts";
import { sha256Hex } from "../../lib/hash.ts";
import { viewerPseudonym } from "../live/viewer-pseudonym.ts";
import { orderFieldContext } from "../orders/queries.ts";
import { openOrderStatuses } from "./queries.ts";

/** Accounts erased per run: each is a few R2 deletes and one D1 batch, and the cron comes back in a minute. */
const perRun = 5;

/** What stands in for a personal value in a NOT NULL column of a record kept for the tax records. */
export const erasedPlaceholder = "erased";

type MemberTraces = {
  id: string;
  phone_enc: string;
  phone_hash: string;
  email_enc: string | null;
  email_hash: string | null;
  avatar_key: string;
};

/** Erases up to a few accounts whose grace period ended, oldest first. Returns how many were erased. */
export async function eraseDueAccounts(env: Env, now = Date.now()): Promise<number> {
  const open = openOrderStatuses.map((status) => `'${status}'`).join(", ");
  const due = await env.DB.prepare(
    `SELECT id FROM members m WHERE closing_due_at <= ?1
       AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.member_id = m.id AND o.status IN (${open}))
     ORDER BY closing_due_at LIMIT ?2`,
  )
    .bind(now, perRun)
    .all<{ id: string }>();
  let erased = 0;
  for (const { id } of due.results) {
    if (await eraseMember(env, id, now)) erased++;
  }
  // A count only: the log never names whom.
  if (erased > 0) console.log(JSON.stringify({ event: "accounts_erased", count: erased }));
  return erased;
}

/**
 * Erases one member whose closing is due. Every statement is guarded by "still due", so a "Keep my
 * account" that lands first leaves the whole batch without effect. False when nothing was erased.
 */
export async function eraseMember(env: Env, memberId: string, now = Date.now()): Promise<boolean> {
  const d1 = env.DB;
  const member = await d1
    .prepare("SELECT id, phone_enc, phone_hash, email_enc, email_hash, avatar_key FROM members WHERE id = ?1 AND closing_due_at <= ?2")
    .bind(memberId, now)
    .first<MemberTraces>();
  if (!member) return false;
  const key = env.FIELD_KEY;
  const phone = await decryptField(key, member.phone_enc, phoneContext(member.id));
  const email = member.email_enc ? await decryptField(key, member.email_enc, emailContext(member.id)) : null;

  const [orderRows, documents, archives, savedPhotos, parcels, shows, unarchived, sharedAvatar] = await Promise.all([
    d1.prepare("SELECT id, invoice_wanted FROM orders WHERE member_id = ?").bind(member.id).all<{ id: string; invoice_wanted: number }>(),
    d1.prepare("SELECT i.document_key FROM invoices i JOIN orders o ON o.id = i.order_id WHERE o.member_id = ?").bind(member.id).all<{ document_key: string }>(),
    d1.prepare("SELECT object_key FROM data_exports WHERE member_id = ? AND object_key IS NOT NULL").bind(member.id).all<{ object_key: string }>(),
    d1.prepare("SELECT image_key FROM saved_image_searches WHERE member_id = ?").bind(member.id).all<{ image_key: string }>(),
    d1.prepare("SELECT s.tracking_number FROM shipments s JOIN orders o ON o.id = s.order_id WHERE o.member_id = ?").bind(member.id).all<{ tracking_number: string }>(),
    // Only shows with chat or giveaways can hold the member's pseudonym.
    d1.prepare("SELECT DISTINCT show_id FROM show_timeline WHERE viewer IS NOT NULL OR kind = 'giveaway'").all<{ show_id: string }>(),
    // Shows whose room may still hold their chat: live, or ended and not archived yet.
    d1
      .prepare("SELECT id FROM live_shows WHERE status = 'live' OR (status = 'ended' AND NOT EXISTS (SELECT 1 FROM show_stats WHERE show_id = live_shows.id))")
      .all<{ id: string }>(),
    d1.prepare("SELECT 1 FROM members WHERE avatar_key = ?1 AND id <> ?2 LIMIT 1").bind(member.avatar_key, member.id).first(),
  ]);

  // R2 first (see the module comment). An avatar another member also uses is never deleted.
  const objects = [
    ...(sharedAvatar ? [] : [member.avatar_key]),
    ...archives.results.map((row) => row.object_key),
    // Photos of saved image searches (their rows go with the member's cascade).
    ...savedPhotos.results.map((row) => row.image_key),
    // Invoice documents name the buyer (title, taxpayer id); the invoice row and number stay with the order.
    ...documents.results.map((row) => row.document_key),
  ];
  for (let start = 0; start < objects.length; start += 1000) await env.MEDIA.delete(objects.slice(start, start + 1000));

  const guard = " AND EXISTS (SELECT 1 FROM members WHERE id = ? AND closing_due_at <= ?)";
  const guarded = (sql: string, ...params: unknown[]) => d1.prepare(sql + guard).bind(...params, member.id, now);
  const sealed = (column: Parameters<typeof orderFieldContext>[0], orderId: string) => encryptField(key, erasedPlaceholder, orderFieldContext(column, orderId));

  const statements: D1PreparedStatement[] = [];
  for (const order of orderRows.results) {
    // Amounts, items, discounts, numbers, dates and statuses stay (tax and accounting); nothing that names
    // or reaches a person does. NOT NULL columns get the placeholder, encrypted as their readers expect.
    const invoice = order.invoice_wanted === 1;
    statements.push(
      guarded(
        `UPDATE orders SET recipient_enc = ?, address_enc = ?, phone_enc = ?, alt_phone_enc = NULL, note = NULL,
           invoice_title = ?, invoice_taxpayer_enc = NULL, invoice_email_enc = ?, customs_id_enc = NULL
         WHERE id = ? AND member_id = ?`,
        await sealed("recipient", order.id),
        await sealed("address", order.id),
        await sealed("phone", order.id),
        invoice ? erasedPlaceholder : null,
        invoice ? await sealed("invoice_email", order.id) : null,
        order.id,
        member.id,
      ),
    );
  }
  for (const { show_id: showId } of shows.results) {
    // Computed while the member id still exists: afterwards nothing can find these lines again.
    const pseudonym = await viewerPseudonym(key, showId, member.id);
    // Their chat lines leave the replay; a giveaway they won keeps its proof (pseudonyms only) but not their name or picture.
    statements.push(
      guarded("DELETE FROM show_timeline WHERE show_id = ? AND viewer = ?", showId, pseudonym),
      guarded(
        `UPDATE show_timeline SET payload = json_set(payload, '$.winner.name', ?, '$.winner.avatar', json('null'))
         WHERE show_id = ? AND kind = 'giveaway' AND json_extract(payload, '$.winner.id') = ?`,
        erasedPlaceholder,
        showId,
        pseudonym,
      ),
    );
  }
  for (const { id: showId } of unarchived.results) {
    // The archive of these shows leaves the member out (saveTimeline); only a hash of the pseudonym is kept.
    const pseudonymHash = await sha256Hex(await viewerPseudonym(key, showId, member.id));
    statements.push(guarded("INSERT OR IGNORE INTO erased_viewers (show_id, viewer_hash) SELECT ?, ? WHERE 1", showId, pseudonymHash));
  }
  const hashes = [member.phone_hash, member.email_hash ?? member.phone_hash];
  statements.push(
    // Codes and sign-in back-offs are found by the keyed hash of the phone or email, not by the member.
    guarded("DELETE FROM one_time_codes WHERE target_hash IN (?, ?)", ...hashes),
    guarded("DELETE FROM sign_in_failures WHERE target_hash IN (?, ?)", ...hashes),
    // Development and sandbox tables (never written in production): what the dev inbox "sent" them, and
    // the labels the sandbox carrier holds for their parcels (a real carrier is asked through its own process).
    guarded("DELETE FROM dev_inbox WHERE recipient IN (?, ?)", phone, email ?? phone),
    ...parcels.results.map((parcel) => guarded("DELETE FROM sandbox_shipments WHERE tracking_number = ?", parcel.tracking_number)),
    // The invoice row and its number stay with the order; its document is deleted above, so the row no longer points at it.
    guarded("UPDATE invoices SET document_key = '' WHERE order_id IN (SELECT id FROM orders WHERE member_id = ?)", member.id),
    // Last: the cascades and SET NULLs do the rest.
    d1.prepare("DELETE FROM members WHERE id = ? AND closing_due_at <= ?").bind(member.id, now),
  );
  const results = await d1.batch(statements);
  // D1 counts the rows the cascades removed too: any change means the member row went.
  return (results.at(-1)?.meta.changes ?? 0) > 0;
}
