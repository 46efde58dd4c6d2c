export * from "./accounts.ts";
export * from "./analytics.ts";
export * from "./catalog.ts";
export * from "./discovery.ts";
export * from "./live.ts";
export * from "./orders.ts";
export * from "./privacy.ts";
export * from "./rights.ts";
