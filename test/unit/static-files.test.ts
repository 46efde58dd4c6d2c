import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/** The paths wrangler.toml sends to the Worker first: `run_worker_first`'s patterns. */
function workerFirstPatterns(config = "wrangler.toml"): string[] {
  const line = /^run_worker_first = (\[.*\])$/m.exec(readFileSync(config, "utf8"))?.[1];
  if (!line) throw new Error(`${config} has no run_worker_first list`);
  return JSON.parse(line) as string[];
}

/** Whether a request for `path` reaches the static files: it matches a "!" pattern (the last matching pattern wins, as with globs). */
function servedAsFile(path: string, patterns: string[]): boolean {
  const matches = (glob: string) => new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", ".*")}$`).test(path);
  return patterns.some((pattern) => pattern.startsWith("!") && matches(pattern.slice(1)));
}

describe("static files", () => {
  it("reach the browser: every file of client/public and the built assets are served as files, pages go to the Worker", () => {
    const patterns = workerFirstPatterns();
    for (const file of readdirSync("client/public")) expect(servedAsFile(`/${file}`, patterns), file).toBe(true);
    expect(servedAsFile("/assets/styles-ABC123.css", patterns)).toBe(true);
    for (const page of ["/", "/p/honey-glass-teapot", "/api/health", "/media/products/x.png", "/assets"]) expect(servedAsFile(page, patterns), page).toBe(false);
  });

  it("are routed the same way in the benchmark that measures what their routing costs", () => {
    expect(workerFirstPatterns("bench/hello-assets-wrangler.toml")).toEqual(workerFirstPatterns());
  });
});
