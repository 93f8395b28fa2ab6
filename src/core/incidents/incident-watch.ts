import type { EntityManager } from "typeorm";
import { logger } from "../../logger";
import type { MajorIncident } from "../../store/entities/MajorIncident";
import { Person } from "../../store/entities/Person";
import type { DeskContext } from "../desk-context";
import { texts } from "../messages/texts";
import { isUniqueViolation, recordNotice } from "../notices/notice-log";
import { enqueueOutbound } from "../outbox/outbox";
import { directPlacesOf } from "../people/direct-places";
import { durationLabel } from "../sla/sla-notices";
import type { MajorIncidents } from "./major-incidents";

/**
 * Keeps major incidents talked about (001: « 24 heures pour diffuser toutes les informations utiles sur un problème
 * grave »): an open incident without news for `sla.majorIncidentBroadcast` (working time) reminds the agent who
 * declared it, in their direct chat with the bot, once per silence. Run with the SLA sweep.
 */
export class IncidentWatch {
  constructor(
    private readonly ctx: DeskContext,
    private readonly incidents: MajorIncidents,
  ) {}

  /** Sends the reminders due now; returns how many. */
  async remindStale(): Promise<number> {
    const now = this.ctx.now();
    const open = await this.incidents.openIncidents(this.ctx.store.manager);
    let reminded = 0;
    for (const incident of open) {
      const due = this.incidents.nextNewsDue(incident);
      if (due === null || due.getTime() > now.getTime()) continue;
      try {
        if (await this.ctx.store.transaction((m) => this.remind(m, incident, now))) reminded++;
      } catch (error) {
        // Another instance recorded this reminder first: it is theirs to send.
        if (!isUniqueViolation(error)) throw error;
      }
    }
    if (reminded > 0) logger.info({ event: "incident.reminders", reminded }, "reminded the declarers of silent major incidents");
    return reminded;
  }

  private async remind(manager: EntityManager, incident: MajorIncident, now: Date): Promise<boolean> {
    const since = incident.lastUpdateAt ?? incident.declaredAt;
    const key = `incident:${incident.id}:stale:${since.getTime()}`;
    if (!(await recordNotice(manager, { key, kind: "incident_stale", at: now }))) return false;
    const declarer = await manager.findOne(Person, { where: { id: incident.declaredById } });
    const lang = declarer?.locale ?? this.ctx.config.desk.defaultLocale;
    const t = texts(lang);
    const places = await directPlacesOf(manager, [incident.declaredById], this.ctx.platforms());
    await enqueueOutbound(manager, places.map((place) => ({
      platform: place.platform,
      conversation: place.conversation,
      dedupeKey: `${key}:${place.platform}:${place.conversation}`,
      view: {
        kind: "incident",
        lang,
        title: t.incidentStaleTitle(incident.id, incident.title),
        text: t.incidentStale(incident.id, durationLabel(this.ctx.config.sla.majorIncidentBroadcast, lang)),
        actions: [{ action: "incident.update", label: t.incidentUpdateButton, value: String(incident.id), style: "primary" }],
      },
    })));
    return true;
  }
}
