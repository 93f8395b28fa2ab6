import type { EntityManager } from "typeorm";
import type { DeskConfig } from "../../config/desk-config-schema";
import type { Store } from "../../store/data-source";
import type { Platform } from "../../store/entities/PersonIdentity";
import { RegisteredPlace } from "../../store/entities/RegisteredPlace";

/** What a channel can be registered as: a team's triage channel, a group's expert channel, or a desk-wide one. */
export type PlaceRole = "triage" | "experts" | "announcements" | "management";

export interface Registration {
  role: PlaceRole;
  /** Team or expert group id; "" for announcements and management. */
  target: string;
  platform: Exclude<Platform, "console">;
  conversation: string;
}

type Places = { slack?: string; teams?: string };

/** The places of the configuration a registration may replace, by role and target. */
function placesOf(config: DeskConfig, role: string, target: string): Places | undefined {
  switch (role) {
    case "triage":
      return config.teams.find((t) => t.id === target)?.triage;
    case "experts":
      return config.expertGroups.find((g) => g.id === target)?.channel;
    case "announcements":
      return config.announcements;
    case "management":
      return config.management;
    default:
      return undefined;
  }
}

/**
 * The channels managers registered from the channels themselves, laid over the desk configuration. The desk reads
 * its places from the configuration object everywhere (triage cards, escalations, notices, digests), so a
 * registration is applied to that object: the YAML's value stays the default, and what the YAML said is kept to
 * lay the registrations again from scratch at each refresh (every instance refreshes from the database, so a
 * registration made on one reaches the others within `refreshMs`).
 */
export class PlaceRegistry {
  private readonly yaml: Array<{ places: Places; original: Places }>;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: DeskConfig,
    private readonly store: Store,
  ) {
    const all = [
      ...config.teams.map((t) => t.triage),
      ...config.expertGroups.map((g) => g.channel),
      config.announcements,
      config.management,
    ];
    this.yaml = all.map((places) => ({ places, original: { ...places } }));
  }

  /** Lays the stored registrations over the YAML's places again. */
  async refresh(): Promise<void> {
    const rows = await this.store.transaction((m) => m.find(RegisteredPlace, { order: { id: "ASC" } }));
    for (const { places, original } of this.yaml) {
      delete places.slack;
      delete places.teams;
      Object.assign(places, original);
    }
    for (const row of rows) this.apply(row);
  }

  /** Refreshes every `refreshMs` (registrations made on other instances), until `stop`. */
  start(refreshMs = 30_000): void {
    this.stop();
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Whether a role and target name a place of the configuration. */
  exists(role: PlaceRole, target: string): boolean {
    return placesOf(this.config, role, target) !== undefined;
  }

  /** The channel the configuration gives now (registration included), before `register` replaces it. */
  current(registration: Omit<Registration, "conversation">): string | undefined {
    return placesOf(this.config, registration.role, registration.target)?.[registration.platform];
  }

  /**
   * Records the registration in the caller's transaction (replacing an earlier one for the same role, target and
   * platform) and applies it at once in this process.
   */
  async register(manager: EntityManager, registration: Registration, by: { personId: number; at: Date }): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(RegisteredPlace)
      .values({ ...registration, registeredById: by.personId, registeredAt: by.at })
      .orUpdate(["conversation", "registeredById", "registeredAt"], ["role", "target", "platform"])
      .execute();
    this.apply(registration);
  }

  private apply(row: Pick<RegisteredPlace, "role" | "target" | "platform" | "conversation">): void {
    const places = placesOf(this.config, row.role, row.target);
    // A registration for a team or group since removed from the YAML is left aside.
    if (places && (row.platform === "slack" || row.platform === "teams")) places[row.platform] = row.conversation;
  }
}
