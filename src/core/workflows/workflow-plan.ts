import { placeholders, type ApprovalStepConfig, type DeskConfig, type SubRequestConfig, type WorkflowStepConfig } from "../../config/desk-config-schema";
import { localize } from "../../config/localized-text";
import type { WorkflowStep, WorkflowStepKind } from "../../store/entities/WorkflowStep";
import type { Lang } from "../knowledge/article";
import { texts } from "../messages/texts";

/** A step as the configuration plans it: written once when the request is opened. */
export interface PlannedStep {
  position: number;
  stepKey: string;
  kind: WorkflowStepKind;
  definition: ApprovalStepConfig | SubRequestConfig;
}

/** The steps of a workflow, numbered by position: the sub-requests of one position go at once. */
export function plannedSteps(workflow: readonly WorkflowStepConfig[]): PlannedStep[] {
  return workflow.flatMap((step, position): PlannedStep[] =>
    "approval" in step
      ? [{ position, stepKey: `approval-${position}`, kind: "approval", definition: step.approval }]
      : step.subRequests.map((sub) => ({ position, stepKey: sub.id, kind: "sub_request", definition: sub })),
  );
}

export function approvalOf(step: Pick<WorkflowStep, "kind" | "definition">): ApprovalStepConfig {
  if (step.kind !== "approval") throw new Error("not an approval step");
  return step.definition as ApprovalStepConfig;
}

export function subRequestOf(step: Pick<WorkflowStep, "kind" | "definition">): SubRequestConfig {
  if (step.kind !== "sub_request") throw new Error("not a sub-request step");
  return step.definition as SubRequestConfig;
}

/** What a step is called: its label, or for an approval without one, who approves it. */
export function stepLabel(config: DeskConfig, step: Pick<WorkflowStep, "kind" | "definition">, lang: Lang): string {
  if (step.kind === "sub_request") return localize(subRequestOf(step).label, lang);
  const approval = approvalOf(step);
  if (approval.label) return localize(approval.label, lang);
  const by = texts(lang).workflow.approvalBy;
  if (approval.group) {
    const group = config.expertGroups.find((g) => g.id === approval.group);
    return by.group(group ? localize(group.label, lang) : approval.group);
  }
  return approval.requesterManager ? by.requesterManager : by.role;
}

/** A sub-request's title: its `title` with `{field}` replaced by the parent's answers, or its label. */
export function subRequestTitle(definition: SubRequestConfig, answers: Record<string, string>, lang: Lang): string {
  const template = localize(definition.title ?? definition.label, lang);
  const title = placeholders(template).reduce((text, name) => text.replaceAll(`{${name}}`, answers[name] ?? ""), template);
  return title.replace(/\s+/g, " ").trim().slice(0, 200);
}

/** The parent's answers a sub-request carries, in its order, unanswered optional ones left out. */
export function subRequestAnswers(definition: SubRequestConfig, answers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(definition.fields.flatMap((id) => (answers[id] ? [[id, answers[id]]] : [])));
}
