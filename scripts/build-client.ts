/**
 * Builds the client: islands (ESM, code-split so each page loads only its islands) and the stylesheet,
 * with content-hashed names, plus `manifest.json` that the worker reads to link them.
 *   node scripts/build-client.ts [--watch]
 */
import * as esbuild from "esbuild";
import { cp, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { watch: { type: "boolean", default: false } } });
const outdir = "dist/client";
const entries = { hydrate: "client/hydrate.ts", styles: "client/styles.css" };

/** Hashed files never change, so browsers may keep them for a year. */
const headers = `/assets/*
  Cache-Control: public, max-age=31536000, immutable
  X-Content-Type-Options: nosniff
`;

const writeManifest: esbuild.Plugin = {
  name: "manifest",
  setup(build) {
    build.onEnd(async (result) => {
      if (!result.metafile) return;
      const manifest: Record<string, string> = {};
      for (const [file, output] of Object.entries(result.metafile.outputs)) {
        if (!output.entryPoint) continue;
        const name = Object.entries(entries).find(([, source]) => source === output.entryPoint)?.[0];
        if (name && !file.endsWith(".map")) manifest[name] = `/${path.relative(outdir, file)}`;
      }
      await writeFile(`${outdir}/manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
      console.log(`client built: ${Object.values(manifest).join(", ")}`);
    });
  },
};

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
await cp("client/public", outdir, { recursive: true });
await writeFile(`${outdir}/_headers`, headers);
await writeFile(`${outdir}/.assetsignore`, "manifest.json\n");

const options: esbuild.BuildOptions = {
  entryPoints: entries,
  outdir: `${outdir}/assets`,
  entryNames: "[name]-[hash]",
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  minify: true,
  target: ["es2022"],
  metafile: true,
  legalComments: "none",
  logLevel: "warning",
  plugins: [writeManifest],
};

if (values.watch) {
  const context = await esbuild.context(options);
  await context.watch();
} else {
  await esbuild.build(options);
}
