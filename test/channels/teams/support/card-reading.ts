import type { RecordedCard } from "./fake-connector";

/** A button of a card, as Teams would send it back. */
export interface CardButton {
  type: string;
  title: string;
  verb: string;
  data: Record<string, unknown>;
}

/** Every Action.Execute of a card: rows in its body, its actions, and those inside a ShowCard (the Reply box). */
export function buttonsOf(card: Record<string, unknown>): CardButton[] {
  const found: CardButton[] = [];
  const visit = (actions: unknown) => {
    for (const action of (actions ?? []) as Array<Record<string, unknown>>) {
      if (action.type === "Action.Execute") {
        found.push({ type: "Action.Execute", title: String(action.title), verb: String(action.verb), data: action.data as Record<string, unknown> });
      }
      if (action.type === "Action.ShowCard") visit((action.card as Record<string, unknown>).actions);
    }
  };
  const visitBody = (elements: unknown) => {
    for (const element of (elements ?? []) as Array<Record<string, unknown>>) {
      if (element.type === "ActionSet") visit(element.actions);
      if (element.items) visitBody(element.items);
    }
  };
  visitBody(card.body);
  visit(card.actions);
  return found;
}

/** The button with this verb (and value, when several share it: the survey's 1–5). */
export function button(card: Record<string, unknown>, verb: string, value?: string): CardButton {
  const match = buttonsOf(card).find((b) => b.verb === verb && (value === undefined || b.data.value === value));
  if (!match) throw new Error(`no ${verb}${value ? `(${value})` : ""} button on the card: ${buttonsOf(card).map((b) => b.verb).join(", ")}`);
  return match;
}

export function verbsOf(card: Record<string, unknown>): string[] {
  return buttonsOf(card).map((b) => b.verb);
}

/** Ids of a card's inputs, in order. */
export function inputIdsOf(card: RecordedCard): string[] {
  const ids: string[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== "object" || node === null) return;
    const element = node as Record<string, unknown>;
    if (typeof element.type === "string" && element.type.startsWith("Input.")) ids.push(String(element.id));
    if ("items" in element) visit(element.items);
  };
  visit(card.body);
  return ids;
}

/**
 * The button that turns the conversation into a ticket: "not solved" under suggestions, "open a ticket" when the
 * knowledge base found nothing. Tests about what follows do not depend on what the search finds.
 */
export function ticketOpener(card: Record<string, unknown>): CardButton {
  const verbs = verbsOf(card);
  return button(card, verbs.includes("kb.not_solved") ? "kb.not_solved" : "kb.open_ticket");
}
