import { execFile } from "node:child_process";
import { tmpdir } from "node:os";

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command line as a person types it, in `cwd`, with only PATH and HOME from this process's environment; `input`
 * is typed on its standard input, which is then closed.
 */
export function run(file: string, args: string[], options: { cwd: string; env?: Record<string, string>; shell?: boolean; input?: string }): Promise<Run> {
  return new Promise((resolve) => {
    const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir(), ...options.env };
    const child = execFile(file, args, { cwd: options.cwd, env, timeout: 60_000, shell: options.shell }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    child.stdin?.end(options.input ?? "");
  });
}
