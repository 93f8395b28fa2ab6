import { readFileSync } from "node:fs";
import { parse, stringify } from "yaml";
import { DEFAULT_DESK_CONFIG_FILE, parseDeskConfig } from "../../src/config/desk-config";
import type { DeskConfig } from "../../src/config/desk-config-schema";

/** The shipped desk configuration as a plain object, the way a site edits its copy. */
export type ConfigDocument = { requestTypes: Array<Record<string, unknown>>; people: Array<Record<string, unknown>> } & Record<string, unknown>;

/** The shipped desk configuration with `edit` applied to its YAML, validated like a site's file. */
export function shippedConfigWith(edit: (doc: ConfigDocument) => void): DeskConfig {
  const doc = parse(readFileSync(DEFAULT_DESK_CONFIG_FILE, "utf8")) as ConfigDocument;
  edit(doc);
  return parseDeskConfig(stringify(doc), "desk.yaml");
}

/** A self-service action of the catalogue, as the desk configuration's comments show it. */
export const UNLOCK_ACCOUNT = {
  id: "unlock-account",
  label: { fr: "Débloquer mon compte", en: "Unlock my account" },
  category: "accounts",
  fields: [{ id: "login", label: { fr: "Identifiant", en: "Login" } }],
  action: { confirm: { fr: "Débloquer le compte {login} ?", en: "Unlock the account {login}?" }, timeoutSeconds: 1 },
};
