export * from "./catalog.ts";
export * from "./live.ts";
