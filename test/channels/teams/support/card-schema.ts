import { createRequire } from "node:module";
import { CARD_BUDGET_BYTES, cardBytes } from "../../../../src/channels/teams/cards/card-size";
import type { AdaptiveCard } from "../../../../src/channels/teams/cards/adaptive-card";

/** The parts of the `adaptivecards` package the check uses. */
interface AdaptiveCardsModule {
  Versions: Record<string, unknown>;
  AdaptiveCard: new () => {
    parse(json: unknown, context: unknown): void;
    validateProperties(): { validationEvents: Array<{ message: string }> };
  };
  SerializationContext: new (version: unknown) => { eventCount: number; getEventAt(index: number): { message: string } };
}

// The package's ES module build (lib/) imports files without extensions, which Node cannot load; its UMD bundle can.
const AdaptiveCards = createRequire(__filename)("adaptivecards/dist/adaptivecards.js") as AdaptiveCardsModule;

/** Element and action types of Adaptive Cards up to 1.4 that guichet may use (1.5 added Table, 1.6 more). */
const ELEMENTS_1_4 = new Set(["TextBlock", "RichTextBlock", "Image", "ImageSet", "Media", "FactSet", "Container", "ColumnSet", "Column", "ActionSet", "Input.Text", "Input.Number", "Input.Date", "Input.Time", "Input.Toggle", "Input.ChoiceSet"]);
const ACTIONS_1_4 = new Set(["Action.Execute", "Action.Submit", "Action.OpenUrl", "Action.ShowCard", "Action.ToggleVisibility"]);

/**
 * What is wrong with a card, for the Adaptive Cards version it declares: the `adaptivecards` parser's errors
 * (unknown element or action types for that version, invalid property values, duplicate input ids), then guichet's
 * own rules (element types of that version, a verb and data on every Universal Action, inputs with ids, toggles
 * that name existing elements, and the Teams size budget).
 */
export function cardProblems(card: AdaptiveCard | Record<string, unknown>): string[] {
  const problems: string[] = [];
  const json = card as Record<string, unknown>;
  if (json.type !== "AdaptiveCard") problems.push(`type is ${String(json.type)}`);
  const version = String(json.version ?? "");
  const parserVersion = AdaptiveCards.Versions[`v${version.replace(".", "_")}`];
  if (!parserVersion) problems.push(`unknown version ${version}`);
  else {
    const parsed = new AdaptiveCards.AdaptiveCard();
    const context = new AdaptiveCards.SerializationContext(parserVersion);
    parsed.parse(json, context);
    for (let i = 0; i < context.eventCount; i++) problems.push(`parser: ${context.getEventAt(i).message}`);
    for (const event of parsed.validateProperties().validationEvents) problems.push(`validation: ${event.message}`);
  }

  const ids = new Set<string>();
  const targets: string[] = [];
  const visitElements = (elements: unknown, where: string) => {
    for (const [index, element] of ((elements ?? []) as Array<Record<string, unknown>>).entries()) {
      const at = `${where}[${index}]`;
      const type = String(element.type);
      if (!ELEMENTS_1_4.has(type)) problems.push(`${at}: element ${type} is not in Adaptive Cards 1.4`);
      if (typeof element.id === "string") ids.add(element.id);
      if (type.startsWith("Input.") && (typeof element.id !== "string" || element.id === "")) problems.push(`${at}: input without an id`);
      if (type === "TextBlock" && typeof element.text !== "string") problems.push(`${at}: TextBlock without text`);
      if (type === "FactSet" && !Array.isArray(element.facts)) problems.push(`${at}: FactSet without facts`);
      if (element.selectAction) visitActions([element.selectAction], `${at}.selectAction`);
      if (element.items) visitElements(element.items, `${at}.items`);
      if (element.actions) visitActions(element.actions, `${at}.actions`);
    }
  };
  const visitActions = (actions: unknown, where: string) => {
    for (const [index, action] of ((actions ?? []) as Array<Record<string, unknown>>).entries()) {
      const at = `${where}[${index}]`;
      const type = String(action.type);
      if (!ACTIONS_1_4.has(type)) problems.push(`${at}: action ${type} is not in Adaptive Cards 1.4`);
      if (type !== "Action.ToggleVisibility" && (typeof action.title !== "string" || action.title === "")) problems.push(`${at}: action without a title`);
      if (type === "Action.Execute") {
        if (typeof action.verb !== "string" || action.verb === "") problems.push(`${at}: Action.Execute without a verb`);
        if (typeof action.data !== "object" || action.data === null) problems.push(`${at}: Action.Execute without data`);
        const fallback = action.fallback as Record<string, unknown> | undefined;
        if (fallback && fallback.type !== "Action.Submit") problems.push(`${at}: fallback is not an Action.Submit`);
      }
      if (type === "Action.ShowCard") {
        const inner = action.card as Record<string, unknown> | undefined;
        if (!inner || inner.type !== "AdaptiveCard") problems.push(`${at}: ShowCard without a card`);
        else {
          visitElements(inner.body, `${at}.card.body`);
          visitActions(inner.actions, `${at}.card.actions`);
        }
      }
      if (type === "Action.ToggleVisibility") targets.push(...((action.targetElements ?? []) as string[]));
    }
  };
  visitElements(json.body, "body");
  visitActions(json.actions, "actions");
  for (const target of targets) if (!ids.has(target)) problems.push(`toggle targets a missing element ${target}`);
  const bytes = cardBytes(card as AdaptiveCard);
  if (bytes > CARD_BUDGET_BYTES) problems.push(`${bytes} bytes, over the ${CARD_BUDGET_BYTES}-byte budget`);
  return problems;
}
