import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createGuichet, type Guichet, type GuichetOptions } from "../../src/app";
import { DEFAULT_DESK_CONFIG_FILE, loadDeskConfig, parseDeskConfig } from "../../src/config/desk-config";
import type { DeskConfig } from "../../src/config/desk-config-schema";
import type { ExternalSecrets } from "../../src/config/env";
import type { Desk } from "../../src/core/desk";
import type { PlatformUser } from "../../src/core/people/platform-user";
import { RecordingSender } from "./recording-sender";

/** Tuesday 24 November 2026, 10:00 in Paris: inside working hours. */
export const TUESDAY_10AM = new Date("2026-11-24T09:00:00Z");

/** A small knowledge base written for the tests, so that results do not move when kb/ grows. */
export function writeTestKnowledgeBase(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "guichet-kb-"));
  const articles: Record<string, string> = {
    "fr-mot-de-passe-oublie.md": [
      "---",
      "title: Mot de passe oublié ou expiré",
      "lang: fr",
      "category: accounts",
      "tags: [mot de passe, compte, réinitialisation]",
      "questions:",
      "  - j'ai oublié mon mot de passe",
      "  - mon mot de passe a expiré",
      "---",
      "Réinitialisez votre mot de passe sur https://compte.univ-exemple.fr avec votre adresse de secours.",
    ].join("\n"),
    "en-forgotten-password.md": [
      "---",
      "title: Forgotten or expired password",
      "lang: en",
      "category: accounts",
      "tags: [password, account, reset]",
      "questions:",
      "  - I forgot my password",
      "  - my password expired",
      "---",
      "Reset your password at https://compte.univ-exemple.fr with your recovery address.",
    ].join("\n"),
    "fr-imprimante.md": [
      "---",
      "title: Installer une imprimante du campus",
      "lang: fr",
      "category: printing",
      "tags: [imprimante, impression, pilote]",
      "questions:",
      "  - comment installer une imprimante",
      "  - mon imprimante n'imprime plus",
      "---",
      "Ajoutez l'imprimante depuis le portail d'impression et choisissez la file Follow-Me.",
    ].join("\n"),
  };
  for (const [file, text] of Object.entries(articles)) writeFileSync(path.join(dir, file), text);
  return dir;
}

export interface TestDesk {
  guichet: Guichet;
  desk: Desk;
  sender: RecordingSender;
  clock: { now: Date };
  config: DeskConfig;
  /** Lets the outbox deliver everything queued. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** A complete desk on an in-memory SQLite (or the given store options), with a recording console channel. */
export async function openTestDesk(
  options: {
    sqliteFile?: string;
    databaseUrl?: string;
    config?: DeskConfig;
    kbDir?: string;
    externalSecrets?: ExternalSecrets;
    actionEndpoints?: GuichetOptions["actionEndpoints"];
  } = {},
): Promise<TestDesk> {
  const clock = { now: new Date(TUESDAY_10AM) };
  const config = options.config ?? loadDeskConfig();
  const guichet = await createGuichet({
    config,
    kbDir: options.kbDir ?? writeTestKnowledgeBase(),
    sqliteFile: options.sqliteFile ?? ":memory:",
    databaseUrl: options.databaseUrl,
    externalSecrets: options.externalSecrets,
    now: () => clock.now,
    actionEndpoints: options.actionEndpoints,
  });
  const sender = new RecordingSender("console");
  guichet.outbox.register(sender);
  return {
    guichet,
    desk: guichet.desk,
    sender,
    clock,
    config,
    flush: () => guichet.outbox.drain(),
    close: () => guichet.close(),
  };
}

/** Console personas of the shipped desk configuration. */
export const persona = (login: string): PlatformUser => ({ platform: "console", id: login });
export const alice = persona("alice");
export const ben = persona("ben");
export const bruno = persona("bruno");
export const lea = persona("lea");
export const nadia = persona("nadia");
export const marie = persona("marie");

export const dmOf = (login: string) => ({ platform: "console" as const, conversation: `dm:${login}` });

/** The shipped desk configuration with `yaml` added at its end (sections it does not have, e.g. externalDesks). */
export function shippedConfigWith(yaml: string): DeskConfig {
  return parseDeskConfig(`${readFileSync(DEFAULT_DESK_CONFIG_FILE, "utf8")}\n${yaml}`, "test-desk.yaml");
}
