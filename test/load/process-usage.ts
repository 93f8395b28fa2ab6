import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";

/** CPU time a process has used so far (user + system, seconds), from /proc (Linux). */
export function cpuSeconds(pid: number): number {
  // Fields after the command name (which may hold spaces, hence the last ")"): utime and stime are the 12th and 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / clockTicks();
}

/** The most memory the process has held (VmHWM, MiB). */
export function peakRssMiB(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : NaN;
}

let ticks: number | null = null;
function clockTicks(): number {
  ticks ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  return ticks;
}

/** The machine's load average (1, 5, 15 minutes), printed beside every table: the machine is shared. */
export function loadAverage(): string {
  return loadavg().map((l) => l.toFixed(2)).join(" ");
}
