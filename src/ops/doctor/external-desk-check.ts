import type { DeskConfig } from "../../config/desk-config-schema";
import { externalVariable, readExternalSecrets } from "../../config/env";
import { buildDeskConnectors } from "../../connectors";
import { fail, ok, skip, type Check } from "./check";

/**
 * One line per other desk of the configuration: its variables are set, and its system accepts them (a GLPI session
 * opened and killed, Zammad's token user read). A webhook desk is not called (that would post an event).
 */
export async function externalDeskChecks(config: DeskConfig, env: NodeJS.ProcessEnv, now: () => Date = () => new Date()): Promise<Check[]> {
  if (config.externalDesks.length === 0 && config.webhooks.length === 0) return [];
  let secrets;
  try {
    secrets = readExternalSecrets(config, env);
  } catch (error) {
    const [, ...lines] = (error as Error).message.split("\n");
    return lines.map((line) => fail(`other desks: ${line.trim()}`, "set the variable in .env (see .env.example, \"Other desks\")"));
  }
  const connectors = buildDeskConnectors(config, secrets, now);
  const checks: Check[] = [];
  for (const desk of config.externalDesks) {
    const connector = connectors.get(desk.id);
    if (!connector?.probe) {
      checks.push(skip(`desk ${desk.id} (${desk.connector}): not called from here (a webhook receives events only); it calls back on POST /hooks/${desk.id}`));
      continue;
    }
    try {
      checks.push(ok(`desk ${desk.id} (${desk.connector}): ${await connector.probe()}`));
    } catch (error) {
      checks.push(fail(`desk ${desk.id} (${desk.connector}): ${(error as Error).message}`,
        `check ${externalVariable("DESK", desk.id, "URL")} and the credentials in ${externalVariable("DESK", desk.id, "*")}; transfers wait in the outbox meanwhile`));
    }
  }
  for (const hook of config.webhooks) checks.push(ok(`webhook ${hook.id}: URL and secret set (events: ${hook.events.join(", ")})`));
  return checks;
}
