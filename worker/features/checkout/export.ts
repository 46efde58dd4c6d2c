/** The address book in a member's data export, decrypted: the member typed every entry themselves. */
import type { Exporter } from "../data-export/exporter.ts";
import { memberAddresses } from "./queries.ts";

export const addressesExporter: Exporter = {
  name: "addresses",
  async export(db, env, member) {
    const saved = await memberAddresses(db, env.FIELD_KEY, member.id);
    return saved.map(({ id: _id, ...address }) => address);
  },
};
