import { lookupHash } from "../../lib/field-crypto.ts";

/**
 * A member's identity in one show's room: `vwr_` and 16 hex characters of a keyed hash of show and
 * member, so tabs count once and a mute survives reconnects, yet nothing links the member across shows
 * and the room never learns the account id. The stored timeline keeps it on each chat line, which is
 * how the member's own lines are found again (data export, erasure).
 */
export async function viewerPseudonym(fieldKey: string, showId: string, memberId: string): Promise<string> {
  return `vwr_${(await lookupHash(fieldKey, `viewer:${showId}`, memberId)).slice(0, 16)}`;
}
