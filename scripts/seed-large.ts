/**
 * A local state with a large generated catalogue (default 100,000 products, English and Chinese) for
 * `npm run bench:search`, in its own folder (scripts/lib/large-state.ts). Does nothing when the state
 * already holds that catalogue made from the current migrations and seeds; otherwise (or with
 * --rebuild) builds it from nothing.
 *   npm run seed:large [-- --products 100000 --rebuild]
 */
import { parseArgs } from "node:util";
import { buildLargeState, largeState, largeStateReady } from "./lib/large-state.ts";

const { values } = parseArgs({ options: { products: { type: "string", default: "100000" }, rebuild: { type: "boolean", default: false } } });
const products = Number(values.products);
if (!Number.isInteger(products) || products < 1) throw new Error("--products must be a whole number above 0");

if (!values.rebuild && largeStateReady(products)) console.log(`${largeState} already holds the catalogue of ${products.toLocaleString("en")} products.`);
else await buildLargeState(products);
