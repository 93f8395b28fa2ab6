import { PassThrough } from "node:stream";
import type { CommandIo } from "../../src/commands/kb-search";

/** In-memory standard streams for a command, and what it wrote to them. */
export function captureIo(): CommandIo & { out(): string; err(): string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
  stderr.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")));
  return { stdin: new PassThrough(), stdout, stderr, out: () => out, err: () => err };
}
