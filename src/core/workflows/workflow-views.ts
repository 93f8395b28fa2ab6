import { In, type EntityManager } from "typeorm";
import type { DeskConfig } from "../../config/desk-config-schema";
import { localize } from "../../config/localized-text";
import { Person } from "../../store/entities/Person";
import { Ticket } from "../../store/entities/Ticket";
import type { WorkflowStep } from "../../store/entities/WorkflowStep";
import type { Lang } from "../knowledge/article";
import type { StepLineState, StepsView } from "../messages/message-view";
import { texts } from "../messages/texts";
import { stepLabel, subRequestOf } from "./workflow-plan";
import { stepOfSubRequest, stepsOfRequest, stepsRunning } from "./workflow-steps";

/**
 * What a ticket's card shows of its workflow, as its own part of the card (beside the ticket's own fields and
 * milestones): for a workflow request its steps, whether they still run, and the approval waiting for a decision;
 * for a sub-request, the request it belongs to.
 */
export interface WorkflowCardPart {
  steps?: StepsView;
  /** A step is still waiting, being decided or worked on: the request resolves itself, level 1 does not. */
  running: boolean;
  /** The approval step waiting for a decision, which the card's Approve and Reject name. */
  pendingApproval?: number;
  /** For a sub-request: its parent request, as a field of the card. */
  parent?: { label: string; value: string };
}

export async function workflowCardPart(manager: EntityManager, config: DeskConfig, ticket: Ticket, lang: Lang): Promise<WorkflowCardPart | null> {
  if (ticket.workflow) {
    const steps = await stepsOfRequest(manager, ticket.id);
    return {
      steps: await stepsView(manager, config, steps, lang),
      running: stepsRunning(steps),
      pendingApproval: steps.find((s) => s.kind === "approval" && s.state === "pending")?.id,
    };
  }
  if (ticket.parentId === null) return null;
  const parent = await manager.findOne(Ticket, { where: { id: ticket.parentId } });
  const step = await stepOfSubRequest(manager, ticket.id);
  if (!parent || !step) return null;
  const t = texts(lang).workflow;
  return { running: false, parent: { label: t.parentField, value: t.parentValue(parent.id, parent.title, stepLabel(config, step, lang)) } };
}

/** The steps as lines, numbered by position (sub-requests sent together share their number). */
export async function stepsView(manager: EntityManager, config: DeskConfig, steps: readonly WorkflowStep[], lang: Lang): Promise<StepsView> {
  const t = texts(lang).workflow;
  const childIds = steps.flatMap((s) => (s.childTicketId !== null ? [s.childTicketId] : []));
  const children = childIds.length > 0 ? await manager.find(Ticket, { where: { id: In(childIds) } }) : [];
  const personIds = new Set<number>();
  for (const step of steps) {
    if (step.decidedById !== null) personIds.add(step.decidedById);
    if (step.state === "pending") step.approverIds.forEach((id) => personIds.add(Number(id)));
  }
  for (const child of children) if (child.assigneeId !== null) personIds.add(child.assigneeId);
  const people = personIds.size > 0 ? await manager.find(Person, { where: { id: In([...personIds]) } }) : [];
  const name = (id: number | null) => people.find((p) => p.id === id)?.displayName ?? "?";

  const lines = steps.map((step) => {
    const label = stepLabel(config, step, lang);
    const line = (state: StepLineState, words: string) => ({ state, text: t.line(step.position + 1, label, words) });
    const child = children.find((c) => c.id === step.childTicketId);
    switch (step.state) {
      case "waiting":
        return line("waiting", t.waiting);
      case "pending": {
        const names = step.approverIds.map((id) => name(Number(id)));
        return line("current", names.length > 0 ? t.pending(names.join(", ")) : t.pendingNobody);
      }
      case "approved":
        return line("done", t.approvedBy(name(step.decidedById)));
      case "rejected":
        return line("stopped", t.rejectedBy(name(step.decidedById)));
      case "open":
        return line("current", child ? t.subRequest(child.id, teamLabel(config, subRequestOf(step).team, lang), texts(lang).status[child.status], child.assigneeId !== null ? name(child.assigneeId) : null) : t.waiting);
      case "done":
        return line("done", t.done(step.childTicketId ?? 0));
      case "cancelled":
        return line("stopped", t.cancelled);
    }
  });
  return { title: t.stepsTitle, lines };
}

export function teamLabel(config: DeskConfig, team: string, lang: Lang): string {
  const found = config.teams.find((t) => t.id === team);
  return found ? localize(found.label, lang) : team;
}
