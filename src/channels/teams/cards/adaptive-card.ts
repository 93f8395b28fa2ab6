/**
 * The Adaptive Card elements guichet uses, as plain data. Version 1.4 is the one that brings `Action.Execute`
 * (Universal Actions) and is rendered by every Teams client; everything below exists in 1.4 or earlier.
 */
export const ADAPTIVE_CARD_VERSION = "1.4";
export const ADAPTIVE_CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

export interface AdaptiveCard {
  type: "AdaptiveCard";
  $schema?: string;
  version?: string;
  body: CardElement[];
  actions?: CardAction[];
  fallbackText?: string;
  /** Teams extension: let a ticket card use the whole width of a channel post. */
  msteams?: { width: "Full" };
}

export type CardElement = TextBlock | FactSet | Container | ActionSet | CardInput | Image;

/** A picture, by URL: an https address Teams can fetch, or a data: URI (which counts in the 28 KB of the message). */
export interface Image {
  type: "Image";
  url: string;
  altText?: string;
  size?: "Auto" | "Stretch" | "Small" | "Medium" | "Large";
}

export interface TextBlock {
  type: "TextBlock";
  text: string;
  wrap?: boolean;
  weight?: "Default" | "Bolder" | "Lighter";
  size?: "Small" | "Default" | "Medium" | "Large";
  color?: "Default" | "Accent" | "Good" | "Warning" | "Attention";
  isSubtle?: boolean;
  spacing?: "None" | "Small" | "Default" | "Medium";
  id?: string;
  isVisible?: boolean;
}

export interface FactSet {
  type: "FactSet";
  facts: Array<{ title: string; value: string }>;
  spacing?: "None" | "Small" | "Default" | "Medium";
}

export interface Container {
  type: "Container";
  items: CardElement[];
  style?: "default" | "emphasis" | "good" | "attention" | "warning" | "accent";
  id?: string;
  isVisible?: boolean;
  spacing?: "None" | "Small" | "Default" | "Medium";
  separator?: boolean;
  selectAction?: ToggleVisibilityAction;
}

export interface ActionSet {
  type: "ActionSet";
  actions: CardAction[];
}

export type CardInput = TextInput | NumberInput | DateInput | ChoiceSetInput;

interface InputBase {
  id: string;
  label?: string;
  isRequired?: boolean;
  errorMessage?: string;
}

export interface TextInput extends InputBase {
  type: "Input.Text";
  isMultiline?: boolean;
  maxLength?: number;
  placeholder?: string;
  regex?: string;
  style?: "Text" | "Email";
  value?: string;
}

export interface NumberInput extends InputBase {
  type: "Input.Number";
  placeholder?: string;
  value?: number;
}

export interface DateInput extends InputBase {
  type: "Input.Date";
  value?: string;
  /** The earliest date the picker offers (YYYY-MM-DD). */
  min?: string;
}

export interface ChoiceSetInput extends InputBase {
  type: "Input.ChoiceSet";
  choices: Array<{ title: string; value: string }>;
  style?: "compact" | "expanded";
  value?: string;
}

export type CardAction = ExecuteAction | SubmitAction | ShowCardAction | ToggleVisibilityAction | OpenUrlAction;

/** Opens an address in the browser (a file guichet serves). */
export interface OpenUrlAction {
  type: "Action.OpenUrl";
  title: string;
  url: string;
}

export interface ExecuteAction {
  type: "Action.Execute";
  title: string;
  verb: string;
  data: Record<string, unknown>;
  style?: "default" | "positive" | "destructive";
  associatedInputs?: "auto" | "none";
  /** Clients without Universal Actions send the same data as a message (`Action.Submit`). */
  fallback?: SubmitAction;
}

export interface SubmitAction {
  type: "Action.Submit";
  title: string;
  data: Record<string, unknown>;
  style?: "default" | "positive" | "destructive";
  associatedInputs?: "auto" | "none";
}

export interface ShowCardAction {
  type: "Action.ShowCard";
  title: string;
  card: Omit<AdaptiveCard, "version" | "$schema">;
}

export interface ToggleVisibilityAction {
  type: "Action.ToggleVisibility";
  title?: string;
  targetElements: string[];
}

/** A card with its version and schema, the shape every card leaves in. */
export function adaptiveCard(body: CardElement[], actions: CardAction[] = [], options: { fullWidth?: boolean } = {}): AdaptiveCard {
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: ADAPTIVE_CARD_VERSION,
    body,
    ...(actions.length > 0 ? { actions } : {}),
    ...(options.fullWidth ? { msteams: { width: "Full" as const } } : {}),
  };
}

export function textBlock(text: string, extra: Omit<TextBlock, "type" | "text"> = {}): TextBlock {
  return { type: "TextBlock", text, wrap: true, ...extra };
}

/** A Universal Action button, with an `Action.Submit` twin for clients that predate them. */
export function executeAction(title: string, verb: string, data: Record<string, unknown>, extra: Pick<ExecuteAction, "style" | "associatedInputs"> = {}): ExecuteAction {
  return {
    type: "Action.Execute",
    title,
    verb,
    data,
    ...extra,
    fallback: { type: "Action.Submit", title, data, ...extra },
  };
}

/** The message attachment that carries a card. */
export function cardAttachment(card: AdaptiveCard): { contentType: string; content: AdaptiveCard } {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}
