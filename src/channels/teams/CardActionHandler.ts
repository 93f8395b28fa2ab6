import type { Activity } from "botbuilder";
import type { Desk } from "../../core/desk";
import type { Lang } from "../../core/knowledge/article";
import type { MessageView } from "../../core/messages/message-view";
import { cardPlaceOf, eventIdOf, kindOf, placeOf, senderOf } from "./activity-facts";
import type { AdaptiveCard } from "./cards/adaptive-card";
import { formAnswers, replyText, type CardActionData } from "./cards/card-action-data";
import { cutText } from "./cards/card-text";
import { cancelledFormCard, formCard, sentFormCard } from "./cards/form-card";
import { messageCard } from "./cards/message-card";

/**
 * What the person who pressed should see: a card in place of the one they pressed (a form to fill, the ticket card
 * as it is now, the message with its buttons spent), or a short message when there is no card to draw.
 */
export type CardReply =
  | { kind: "card"; card: AdaptiveCard; purpose: "form" | "redraw" }
  | { kind: "message"; text: string; lang: Lang };

/**
 * Card presses, from Universal Actions (`adaptiveCard/action` invokes) and from the `Action.Submit` fallback alike:
 * the press becomes a Desk call (which checks the role and de-duplicates the activity id), and its outcome becomes
 * the card to show.
 */
export class CardActionHandler {
  constructor(
    private readonly desk: Desk,
    private readonly defaultLang: Lang,
  ) {}

  /** `raw` is the action data as Teams sent it, with the card's inputs merged in. */
  async run(activity: Activity, data: CardActionData, raw: unknown): Promise<CardReply> {
    const sender = senderOf(activity);
    const eventId = eventIdOf(activity);
    const lang = sender.locale ?? this.defaultLang;
    switch (data.verb) {
      case "form.submit": {
        const values = formAnswers(raw);
        const outcome = await this.desk.submitForm({ eventId, sender, form: data.form, context: data.context, values, place: placeOf(activity) });
        switch (outcome.kind) {
          case "invalid":
            return form(formCard(data.view, { values, errors: outcome.errors, src: data.src }));
          case "form":
            return form(formCard(outcome.form, { src: data.src }));
          case "refused":
            return message(outcome.message, lang);
          default: {
            const notice = outcome.kind === "done" ? outcome.notice : undefined;
            return (await this.ticketCard(activity, notice)) ?? redraw(sentFormCard(data.view, values, notice));
          }
        }
      }
      case "form.cancel":
        return (await this.ticketCard(activity)) ?? (await this.sentView(activity, data.src)) ?? redraw(cancelledFormCard(data.view));
      case "ticket.reply": {
        const text = replyText(raw).trim();
        if (text === "") return (await this.sentView(activity, data.src)) ?? message("…", lang);
        const outcome = await this.desk.replyOnTicket(sender, data.ticketId, text, eventId);
        if (outcome.kind === "refused") return message(outcome.message, lang);
        if (outcome.kind === "noted") return (await this.sentView(activity, data.src, { note: outcome.notice })) ?? message(outcome.notice, lang);
        const echo = `« ${cutText(text, 200)} »`;
        return (await this.sentView(activity, data.src, { note: echo })) ?? message(`✓ ${echo}`, lang);
      }
      default: {
        const outcome = await this.desk.pressButton({ eventId, sender, action: data.verb, value: data.value });
        switch (outcome.kind) {
          case "form":
            return form(formCard(outcome.form, { src: data.src }));
          case "refused":
            return message(outcome.message, lang);
          case "invalid":
            return message(Object.values(outcome.errors).join("\n"), lang);
          default: {
            const notice = outcome.kind === "done" ? outcome.notice : undefined;
            const pressed = (view: MessageView) => notice ?? view.actions?.find((a) => a.action === data.verb && a.value === data.value)?.label ?? "";
            return (
              (await this.ticketCard(activity, notice)) ??
              (await this.sentView(activity, data.src, { done: pressed })) ??
              message(`✓ ${notice ?? ""}`.trim(), lang)
            );
          }
        }
      }
    }
  }

  /**
   * The ticket card the press was made on, as it is now (after a claim: with the agent's name, without Claim), and
   * what the press did when the desk said something about it (shown to the presser only, like the card).
   */
  private async ticketCard(activity: Activity, notice?: string): Promise<CardReply | null> {
    const view = await this.desk.ticketCardAt(cardPlaceOf(activity));
    return view ? redraw(messageCard(view, { surface: kindOf(activity), ...(notice ? { note: notice } : {}) })) : null;
  }

  /** The message the press was made on, drawn again; with `done`, its buttons give way to what was done. */
  private async sentView(
    activity: Activity,
    src: number | undefined,
    after: { done?: (view: MessageView) => string; note?: string } = {},
  ): Promise<CardReply | null> {
    if (!src) return null;
    // A message the desk wrote to this person alone is filed under their id (their direct chat), not the chat's id.
    const view =
      (await this.desk.sentView(placeOf(activity), src)) ??
      (kindOf(activity) === "personal" ? await this.desk.sentView({ platform: "teams", conversation: senderOf(activity).id }, src) : null);
    if (!view) return null;
    return redraw(messageCard(view, {
      surface: kindOf(activity),
      src,
      ...(after.done ? { done: after.done(view) } : {}),
      ...(after.note ? { note: after.note } : {}),
    }));
  }
}

function form(card: AdaptiveCard): CardReply {
  return { kind: "card", card, purpose: "form" };
}

function redraw(card: AdaptiveCard): CardReply {
  return { kind: "card", card, purpose: "redraw" };
}

function message(text: string, lang: Lang): CardReply {
  return { kind: "message", text, lang };
}
