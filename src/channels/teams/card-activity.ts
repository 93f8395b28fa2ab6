import type { Activity } from "botbuilder";
import type { MessageView } from "../../core/messages/message-view";
import { cardAttachment, type AdaptiveCard } from "./cards/adaptive-card";

/** The message that carries a card; `summary` is what notifications and the chat list show instead of "Card". */
export function cardActivity(card: AdaptiveCard, view?: MessageView): Partial<Activity> {
  const summary = (view?.title ?? view?.text ?? "").split("\n")[0].slice(0, 120);
  return { type: "message", attachments: [cardAttachment(card)], ...(summary ? { summary } : {}) };
}
