import { In } from "typeorm";
import type { DeskConfig } from "../../config/desk-config-schema";
import { PlaceRegistry, type PlaceRole } from "../../core/places/place-registry";
import type { Store } from "../../store/data-source";
import { Person } from "../../store/entities/Person";
import { RegisteredPlace } from "../../store/entities/RegisteredPlace";
import { ok, type Check } from "./check";

/**
 * The channels managers registered (`/guichet register …`), which the running desk uses instead of the YAML's: one
 * line each, saying what they replace. They are laid over `config`, so that the checks that follow look at the
 * channels the desk really posts to.
 */
export async function registeredPlaces(store: Store, config: DeskConfig): Promise<Check[]> {
  const rows = await store.manager.find(RegisteredPlace, { order: { id: "ASC" } });
  if (rows.length === 0) return [];
  const registry = new PlaceRegistry(config, store);
  const people = new Map((await store.manager.find(Person, { where: { id: In(rows.map((r) => r.registeredById)) } })).map((p) => [p.id, p.displayName]));
  const checks = rows.map((row) => {
    const yaml = registry.current({ role: row.role as PlaceRole, target: row.target, platform: row.platform as "slack" | "teams" });
    const what = row.role === "triage" ? `triage of team ${row.target}` : row.role === "experts" ? `expert group ${row.target}` : row.role;
    const by = `${people.get(row.registeredById) ?? `person ${row.registeredById}`} on ${row.registeredAt.toISOString().slice(0, 10)}`;
    return ok(`registered channel: ${row.platform} ${row.conversation} for ${what}, by ${by} (the desk configuration says ${yaml ?? "none"})`);
  });
  await registry.refresh();
  return checks;
}
