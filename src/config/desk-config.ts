import { readFileSync } from "node:fs";
import path from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { yamlLineOf } from "../core/messages/message-file";
import { ConfigError, PACKAGE_ROOT } from "./env";
import { deskConfigSchema, type DeskConfig } from "./desk-config-schema";

/** The desk configuration shipped with guichet, used when GUICHET_DESK_CONFIG is not set. */
export const DEFAULT_DESK_CONFIG_FILE = path.join(PACKAGE_ROOT, "src", "config", "desk.default.yaml");

/** Reads and validates a desk configuration file; errors name the file, the line and the field. */
export function loadDeskConfig(file: string = DEFAULT_DESK_CONFIG_FILE): DeskConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(`Cannot read the desk configuration ${file}: ${(error as Error).message}`);
  }
  return parseDeskConfig(text, file);
}

export function parseDeskConfig(text: string, file: string): DeskConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((e) => `  ${file}:${lineCounter.linePos(e.pos[0]).line}: ${e.message.split("\n")[0]}`);
    throw new ConfigError(`The desk configuration is not valid YAML:\n${lines.join("\n")}`);
  }
  const parsed = deskConfigSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const where = issue.path.join(".") || "(top level)";
      return `  ${file}:${yamlLineOf(doc, lineCounter, issue.path)}: ${where}: ${issue.message}`;
    });
    throw new ConfigError(`The desk configuration has errors:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
