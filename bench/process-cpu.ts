/**
 * CPU time spent by a local server's processes (Linux /proc): the `wrangler dev` started with
 * `--port <port>` and everything it started (its workerd processes). On a shared machine a route's
 * requests per second swing with whatever else runs; the CPU its server spends per request does not.
 */
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const ticksPerSecond = 100;

type Proc = { pid: number; parent: number; args: string[]; ticks: number };

function processes(): Proc[] {
  const found: Proc[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name (field 2) may hold spaces: the fields after it start after its closing parenthesis.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      found.push({ pid: Number(entry), parent: Number(fields[1]), args, ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended while being read.
    }
  }
  return found;
}

/** The processes of the server started with `--port <port>`, its children included. */
export function serverProcesses(port: number): number[] {
  const all = processes();
  const pids = new Set(all.filter((proc) => proc.args.some((arg, index) => arg === "--port" && proc.args[index + 1] === String(port))).map((proc) => proc.pid));
  for (let grown = true; grown; ) {
    grown = false;
    for (const proc of all) {
      if (!pids.has(proc.parent) || pids.has(proc.pid)) continue;
      pids.add(proc.pid);
      grown = true;
    }
  }
  return [...pids];
}

/** CPU seconds (user and system) `pids` have spent so far; ended processes count 0. */
export function cpuSeconds(pids: number[]): number {
  const wanted = new Set(pids);
  return processes().reduce((total, proc) => total + (wanted.has(proc.pid) ? proc.ticks : 0), 0) / ticksPerSecond;
}
