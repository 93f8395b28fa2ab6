import type { DeskConfig, PersonConfig } from "../../config/desk-config-schema";

/**
 * The managers a level-1 team answers to (001: « la hiérarchie … s'implique en cas de difficulté »): those who list
 * the team under `manages`, and those who list no team (they answer for every team).
 */
export function teamManagers(config: DeskConfig, team: string): PersonConfig[] {
  return config.people.filter((p) => p.role === "manager" && (p.manages.length === 0 || p.manages.includes(team)));
}
