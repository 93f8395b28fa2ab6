import {
  ActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type TurnContext,
} from "botbuilder";
import type { Desk } from "../../core/desk";
import type { Lang } from "../../core/knowledge/article";
import { logger } from "../../logger";
import { eventIdOf, isAddressedToBot, kindOf, messageText, placeOf, senderOf } from "./activity-facts";
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from "./cards/adaptive-card";
import { parseCardAction } from "./cards/card-action-data";
import { cardActivity } from "./card-activity";
import { formCard } from "./cards/form-card";
import { messageCard, noticeCard } from "./cards/message-card";
import type { CardActionHandler, CardReply } from "./CardActionHandler";
import type { ConversationReferences } from "./conversation-references";
import { sendPrivately } from "./private-message";
import type { ConnectorOperations } from "./TeamsAdapter";

/**
 * The Teams bot: every activity is turned into a Desk call. Messages (personal chat, @mentions, replies in ticket
 * threads), card presses (Universal Actions, or `Action.Submit` messages from older clients), and installs, whose
 * conversation references are kept for proactive posts. Direct answers (a form, a refusal) go back in the turn;
 * everything else the desk says goes through the outbox.
 */
export class GuichetTeamsBot extends ActivityHandler {
  constructor(
    private readonly desk: Desk,
    private readonly references: ConversationReferences,
    private readonly actions: CardActionHandler,
    private readonly defaultLang: Lang,
    /** The turn's Bot Connector client, to open a 1:1 chat with someone who pressed in a channel. */
    private readonly connectorOf: (context: TurnContext) => ConnectorOperations,
  ) {
    super();
    this.onTurn(async (context, next) => {
      await this.references.remember(context.activity);
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      await this.welcome(context);
      await next();
    });
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const press = parseCardAction(activity.value);
    if (press) {
      await this.answerSubmit(context, await this.actions.run(activity, press, activity.value));
      return;
    }
    const text = messageText(activity);
    if (text === "") return;
    const outcome = await this.desk.receiveMessage({
      eventId: eventIdOf(activity),
      sender: senderOf(activity),
      place: placeOf(activity),
      text,
      addressed: isAddressedToBot(activity),
    });
    if (outcome.kind === "form") await context.sendActivity(cardActivity(formCard(outcome.form)));
    else if (outcome.kind === "refused") await context.sendActivity(cardActivity(noticeCard(outcome.message, this.langOf(context))));
    // A reply in the triage thread, marked as an internal note: the agents of the channel see that it stayed with them.
    else if (outcome.kind === "noted") await context.sendActivity(cardActivity(noticeCard(outcome.notice, this.langOf(context))));
  }

  /** Universal Actions: the answer is the card that replaces the pressed one, for the presser (or a short message). */
  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const press = parseCardAction(invokeValue.action.data);
    if (!press) {
      logger.warn({ event: "teams.unknown_card_action", verb: invokeValue.action.verb });
      return { statusCode: 400, type: "application/vnd.microsoft.error", value: { code: "BadRequest", message: "unknown action" } };
    }
    const reply = await this.actions.run(context.activity, press, invokeValue.action.data);
    if (reply.kind === "card") return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: reply.card as unknown as Record<string, unknown> };
    // A plain message is shown to the presser alone, above the card, which stays as it was.
    return { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: reply.text as unknown as Record<string, unknown> };
  }

  /**
   * `Action.Submit` (clients without Universal Actions): there is no card in the answer, so a redrawn card
   * updates the pressed message for everyone, and forms and messages are posted as replies.
   */
  private async answerSubmit(context: TurnContext, reply: CardReply): Promise<void> {
    if (reply.kind === "message") {
      // A refusal or a confirmation is for the person who pressed: never a reply the whole channel reads.
      await sendPrivately(context, this.connectorOf(context), cardActivity(noticeCard(reply.text, reply.lang)));
      return;
    }
    if (reply.purpose === "form" || !context.activity.replyToId) {
      await context.sendActivity(cardActivity(reply.card));
      return;
    }
    await context.updateActivity({ ...cardActivity(reply.card), id: context.activity.replyToId });
  }

  /** The bot was added to a personal chat: it says what it does, in the desk's words. */
  private async welcome(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const botAdded = (activity.membersAdded ?? []).some((member) => member.id === activity.recipient.id);
    if (!botAdded || kindOf(activity) !== "personal" || !activity.from) return;
    const outcome = await this.desk.runCommand(senderOf(activity), placeOf(activity), "help", "");
    const card: AdaptiveCard = outcome.kind === "view" ? messageCard(outcome.view, { surface: "personal" }) : formCard(outcome.form);
    await context.sendActivity(cardActivity(card));
  }

  private langOf(context: TurnContext): Lang {
    return senderOf(context.activity).locale ?? this.defaultLang;
  }
}
