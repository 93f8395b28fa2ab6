import { z } from "zod";
import type { RemoteNews } from "../../core/external-desks/external-desks";

/**
 * What another desk may POST to `/hooks/<desk>` (README, "Working with an existing helpdesk"): a follow-up for the
 * requester, a status change, the ticket solved, closed or deleted there. The ticket is named by guichet's number
 * (`ticket.id`, sent in every event) or by the desk's own id (`ticket.externalId`, as it answered the creation).
 */
export const inboundEventSchema = z
  .object({
    id: z.string().min(1).max(200),
    type: z.enum(["ticket.followup", "ticket.status_changed", "ticket.resolved", "ticket.closed", "ticket.deleted"]),
    ticket: z
      .object({ id: z.number().int().positive().optional(), externalId: z.string().min(1).max(100).optional() })
      .refine((t) => t.id !== undefined || t.externalId !== undefined, "name the ticket by id (guichet's number) or externalId"),
    status: z.enum(["new", "in_progress", "waiting", "solved", "closed"]).optional(),
    followup: z
      .object({ id: z.string().min(1).max(200).optional(), author: z.string().min(1).max(200), text: z.string().min(1).max(20_000) })
      .optional(),
    resolution: z.string().max(20_000).optional(),
  })
  .refine((e) => e.type !== "ticket.followup" || e.followup !== undefined, { message: "a ticket.followup event needs followup", path: ["followup"] })
  .refine((e) => e.type !== "ticket.status_changed" || e.status !== undefined, { message: "a ticket.status_changed event needs status", path: ["status"] });

export type InboundEvent = z.infer<typeof inboundEventSchema>;

/** An inbound event as news about the transferred ticket. */
export function newsOf(event: InboundEvent): RemoteNews {
  switch (event.type) {
    case "ticket.followup":
      return { followups: event.followup ? [{ id: event.followup.id ?? event.id, author: event.followup.author, text: event.followup.text }] : [] };
    case "ticket.status_changed":
      return { status: event.status, solution: event.resolution ?? null };
    case "ticket.resolved":
      return { status: "solved", solution: event.resolution ?? null };
    case "ticket.closed":
      return { status: "closed", solution: event.resolution ?? null };
    case "ticket.deleted":
      return { gone: true };
  }
}
