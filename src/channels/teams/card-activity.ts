import type { Activity } from "botbuilder";
import type { MessageView } from "../../core/messages/message-view";
import { cardAttachment, type AdaptiveCard } from "./cards/adaptive-card";
import { cutText, escapeCardText } from "./cards/card-text";

/** Notifications and the chat list show this much of a message's summary. */
const SUMMARY_CHARS = 120;

/**
 * The message that carries a card; `summary` is what notifications and the chat list show instead of "Card". It
 * often quotes people (a ticket's title is the requester's first line), so it is escaped like the card's text: no
 * spoofed link or mention in a notification either.
 */
export function cardActivity(card: AdaptiveCard, view?: MessageView): Partial<Activity> {
  const first = (view?.title ?? view?.text ?? "").split("\n")[0].trim();
  const summary = first ? cutText(escapeCardText(first), SUMMARY_CHARS) : "";
  return { type: "message", attachments: [cardAttachment(card)], ...(summary ? { summary } : {}) };
}
