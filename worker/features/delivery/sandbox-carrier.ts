/**
 * The sandbox carrier: an outside courier company simulated inside the repo for development and tests.
 * It keeps exactly what the shop sent it (`sandbox_shipments.label`), so a test can prove the label
 * holds nothing more than a courier needs. Its console is `/sandbox/carrier` (sandbox-routes.ts).
 */
import { desc, eq } from "drizzle-orm";
import { sandboxShipments } from "../../../db/schema/index.ts";
import { database, type Db } from "../../lib/db.ts";
import { sha256Hex } from "../../lib/hash.ts";
import type { Carrier } from "./carrier.ts";

export const sandboxCarrierName = "sandbox";

/**
 * A tracking number that follows from the shop's reference, as a real carrier's idempotency key
 * does: the same request twice is one parcel with one number.
 */
async function trackingNumberFor(reference: string): Promise<string> {
  const digits = BigInt(`0x${(await sha256Hex(`sandbox-carrier:${reference}`)).slice(0, 15)}`) % 10n ** 12n;
  return `SBX${digits.toString().padStart(12, "0")}`;
}

export function sandboxCarrier(d1: D1Database): Carrier {
  return {
    name: sandboxCarrierName,
    async createShipment(request) {
      const trackingNumber = await trackingNumberFor(request.reference);
      await database(d1)
        .insert(sandboxShipments)
        .values({ trackingNumber, label: JSON.stringify(request), createdAt: new Date() })
        .onConflictDoNothing();
      return { trackingNumber };
    },
  };
}

export type SandboxShipment = typeof sandboxShipments.$inferSelect;

export async function sandboxShipmentList(db: Db, limit = 50): Promise<SandboxShipment[]> {
  return db.select().from(sandboxShipments).orderBy(desc(sandboxShipments.createdAt)).limit(limit);
}

export async function findSandboxShipment(db: Db, trackingNumber: string): Promise<SandboxShipment | null> {
  const [row] = await db.select().from(sandboxShipments).where(eq(sandboxShipments.trackingNumber, trackingNumber)).limit(1);
  return row ?? null;
}
