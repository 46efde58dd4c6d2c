/**
 * The part of `node:crypto` the worker uses (workerd provides it with `nodejs_compat`), declared here
 * so the worker's types do not depend on @types/node, whose globals conflict with the Workers runtime.
 * Where @types/node is also loaded, these declarations shadow its `export *` and agree with it.
 */
declare module "node:crypto" {
  export type ScryptOptions = { N: number; r: number; p: number; maxmem: number };
  export function scrypt(
    password: Uint8Array,
    salt: Uint8Array,
    keylen: number,
    options: ScryptOptions,
    callback: (error: Error | null, derivedKey: Uint8Array) => void,
  ): void;
  /** Throws unless both have the same byte length. */
  export function timingSafeEqual(a: ArrayBufferView, b: ArrayBufferView): boolean;
}
