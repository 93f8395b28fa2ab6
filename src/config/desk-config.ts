import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { yamlLineOf } from "../core/messages/message-file";
import { shippedMessages } from "../core/messages/shipped-messages";
import { ConfigError, PACKAGE_ROOT } from "./env";
import { deskConfigSchema, type DeskConfig } from "./desk-config-schema";

/** The desk configuration shipped with guichet, used when GUICHET_DESK_CONFIG is not set. */
export const DEFAULT_DESK_CONFIG_FILE = path.join(PACKAGE_ROOT, "src", "config", "desk.default.yaml");

/**
 * Reads and validates a desk configuration file; errors name the file, the line and the field. `messagesDir` is the
 * desk's GUICHET_MESSAGES_DIR, where the catalogues of the languages it adds are.
 */
export function loadDeskConfig(file: string = DEFAULT_DESK_CONFIG_FILE, messagesDir?: string): DeskConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(`Cannot read the desk configuration ${file}: ${(error as Error).message}`);
  }
  return parseDeskConfig(text, file, messagesDir);
}

export function parseDeskConfig(text: string, file: string, messagesDir?: string): DeskConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((e) => `  ${file}:${lineCounter.linePos(e.pos[0]).line}: ${e.message.split("\n")[0]}`);
    throw new ConfigError(`The desk configuration is not valid YAML:\n${lines.join("\n")}`);
  }
  const parsed = deskConfigSchema.safeParse(doc.toJS() ?? {});
  const issues = parsed.success ? languagesWithoutCatalogue(parsed.data, messagesDir) : parsed.error.issues;
  if (issues.length > 0) {
    const lines = issues.map((issue) => {
      const where = issue.path.join(".") || "(top level)";
      return `  ${file}:${yamlLineOf(doc, lineCounter, issue.path)}: ${where}: ${issue.message}`;
    });
    throw new ConfigError(`The desk configuration has errors:\n${lines.join("\n")}`);
  }
  return parsed.data as DeskConfig;
}

/**
 * Each offered language needs a catalogue: shipped, a `<code>.yaml` of the desk's messages folder, or its `messages:`
 * here. (What a desk's catalogue lacks is said in the default language and logged at start-up.)
 */
function languagesWithoutCatalogue(config: DeskConfig, messagesDir: string | undefined): Array<{ path: PropertyKey[]; message: string }> {
  const files = messagesDir && statSync(messagesDir, { throwIfNoEntry: false })?.isDirectory() ? readdirSync(messagesDir) : [];
  const found = (lang: string) => shippedMessages().has(lang) || lang in config.messages || files.includes(`${lang}.yaml`);
  return config.desk.languages.flatMap((lang, i) =>
    found(lang)
      ? []
      : [{
          path: ["desk", "languages", i],
          message: `no message catalogue for "${lang}": guichet ships ${[...shippedMessages().keys()].join(", ")}; write ${lang}.yaml in GUICHET_MESSAGES_DIR${messagesDir ? ` (${path.resolve(messagesDir)})` : ""} with the keys of src/core/messages/catalogues/en.yaml translated`,
        }],
  );
}
