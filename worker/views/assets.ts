import manifest from "../../dist/client/manifest.json";

/** Public URLs of the built, content-hashed client files (written by scripts/build-client.ts). */
export const assets: { hydrate: string; styles: string } = manifest;
