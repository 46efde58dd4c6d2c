/**
 * The browser tier drives Debian's chromium. Installs it with apt-get when it is missing (as CI's fresh
 * machine needs); never downloads a browser from anywhere else.
 */
import { existsSync } from "node:fs";
import { execFileSync } from "node:child_process";

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function ensureChromium(): void {
  if (existsSync(chromiumPath)) return;
  console.log("chromium is missing: installing Debian's chromium package…");
  const asRoot = process.getuid?.() === 0 ? [] : ["sudo"];
  const apt = (...args: string[]) => {
    const [command, ...rest] = [...asRoot, "apt-get", ...args];
    execFileSync(command!, rest, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  };
  apt("update", "-qq");
  apt("install", "-y", "-qq", "--no-install-recommends", "chromium", "fonts-wqy-zenhei");
  if (!existsSync(chromiumPath)) throw new Error(`chromium still missing at ${chromiumPath}`);
}

if (import.meta.main) ensureChromium();
