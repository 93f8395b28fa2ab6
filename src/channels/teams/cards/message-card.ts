import { MILESTONE_MARKS, STEP_MARKS, textWithReplyHint, type ActionButton, type ArticleView, type FileView, type MessageView, type MilestonesView, type PostLink, type StepsView } from "../../../core/messages/message-view";
import { fileSize } from "../../../core/files/file-size";
import { texts } from "../../../core/messages/texts";
import type { ConversationKind } from "../teams-conversations";
import { adaptiveCard, executeAction, textBlock, type AdaptiveCard, type CardAction, type CardElement, type Container } from "./adaptive-card";
import type { CardActionData } from "./card-action-data";
import { REPLY_INPUT_ID } from "./card-action-data";
import { articleCardMarkdown, escapeCardText } from "./card-text";
import { fitCard } from "./card-size";

export interface MessageCardOptions {
  /** Where the card is shown. Chats have no threads, so ticket messages there carry a "Reply" box. */
  surface: ConversationKind;
  /** Outbox id of the message: sent back with every press, so that the post can be redrawn after it. */
  src?: number;
  /** Redraw after a press: the buttons give way to this line (the button pressed, or what it did). */
  done?: string;
  /** Redraw with a line added and the buttons kept (a reply sent from the card). */
  note?: string;
}

/** Card renderers show at most five actions in a row (the Adaptive Cards host default, which Teams keeps to). */
const MAX_CARD_ACTIONS = 5;

/** Kinds of requester messages about a ticket that can be answered from the card in a chat. */
const REPLYABLE = new Set<MessageView["kind"]>(["receipt", "relay", "notice"]);

/**
 * Any view of the desk as an Adaptive Card: title, quoted words, knowledge articles (the first open, the others
 * folded under their title), text, facts, footer, then the buttons as Universal Actions.
 */
export function messageCard(view: MessageView, options: MessageCardOptions): AdaptiveCard {
  const body: CardElement[] = [];
  if (view.title) body.push(textBlock(escapeCardText(view.title), { weight: "Bolder", size: "Medium" }));
  if (view.quote) body.push(quoteContainer(view.quote));
  (view.articles ?? []).forEach((article, index) => body.push(articleContainer(article, index)));
  // Channel posts have threads; chats have none, and their ticket messages carry the Reply box instead.
  const text = textWithReplyHint(view, options.surface === "channel" ? "thread" : "button");
  if (text) body.push(textBlock(escapeCardText(text)));
  if (view.fields?.length) {
    body.push({
      type: "FactSet",
      facts: view.fields.map((f) => ({ title: escapeCardText(f.label), value: escapeCardText(f.value) })),
    });
  }
  if (view.steps?.lines.length) body.push(stepsContainer(view.steps));
  const links: CardAction[] = [];
  for (const file of view.files ?? []) {
    const shown = fileElement(file, view.lang);
    if (shown) body.push(shown);
    if (!file.contentType.startsWith("image/") && file.url) links.push({ type: "Action.OpenUrl", title: texts(view.lang).fileDownload(file.name), url: file.url });
  }
  if (view.milestones?.lines.length) body.push(milestonesContainer(view.milestones));
  if (view.footer) body.push(textBlock(escapeCardText(view.footer), { isSubtle: true, size: "Small" }));
  for (const link of (view.links ?? []).filter((l) => l.platform === "teams")) body.push(textBlock(`🔗 [${escapeCardText(link.label)}](${teamsPostUrl(link)})`));
  if (options.note) body.push(textBlock(escapeCardText(`✓ ${options.note}`), { isSubtle: true }));
  if (options.done !== undefined) body.push(textBlock(escapeCardText(`✓ ${options.done}`), { color: "Good", weight: "Bolder" }));

  // After a press the view's buttons are spent; a chat's Reply box stays, the ticket goes on.
  const buttons = [...(options.done !== undefined ? [] : (view.actions ?? []).map((button) => buttonAction(button, options.src))), ...links];
  const reply = replyBox(view, options);
  if (buttons.length + reply.length <= MAX_CARD_ACTIONS) {
    return fitCard(adaptiveCard(body, [...buttons, ...reply], { fullWidth: view.kind === "ticket_card" }), view.lang);
  }
  // A long catalogue: the buttons go in rows in the card's body, where each row may hold as many again.
  for (let i = 0; i < buttons.length; i += MAX_CARD_ACTIONS) body.push({ type: "ActionSet", actions: buttons.slice(i, i + MAX_CARD_ACTIONS) });
  return fitCard(adaptiveCard(body, reply, { fullWidth: view.kind === "ticket_card" }), view.lang);
}

/** Teams' deep link to a channel post (a ticket's card): opens the post in its channel. */
function teamsPostUrl(link: PostLink): string {
  const id = encodeURIComponent(link.messageId);
  return `https://teams.microsoft.com/l/message/${encodeURIComponent(link.conversation)}/${id}?parentMessageId=${id}`;
}

/** A short notice (a refusal, a confirmation) as a card, so that every message of the bot is escaped the same way. */
export function noticeCard(text: string, lang: MessageView["lang"]): AdaptiveCard {
  return messageCard({ kind: "notice", lang, text }, { surface: "channel" });
}

/** A workflow request's steps: their title, then one line each with its mark. */
function stepsContainer(steps: StepsView): Container {
  return {
    type: "Container",
    items: [
      textBlock(escapeCardText(steps.title), { weight: "Bolder", size: "Small" }),
      ...steps.lines.map((line) => textBlock(escapeCardText(`${STEP_MARKS[line.state]} ${line.text}`), { spacing: "Small", ...(line.state === "waiting" ? { isSubtle: true } : {}) })),
    ],
  };
}

/**
 * A file in a card: an image from guichet's address when it has one, else its small preview inline (a data: URI, within
 * Teams' 28 KB); a file Teams cannot show is named, with its link button when guichet serves it.
 */
function fileElement(file: FileView, lang: MessageView["lang"]): CardElement | null {
  if (file.contentType.startsWith("image/")) {
    const url = file.url ?? (file.preview ? `data:image/png;base64,${file.preview}` : null);
    if (url) return { type: "Image", url, size: "Stretch", ...(file.altText ? { altText: file.altText } : {}) };
  }
  if (file.url) return null;
  return textBlock(escapeCardText(texts(lang).fileNotHere(file.name, fileSize(file.bytes, lang))), { isSubtle: true, size: "Small" });
}

/** Colours of a commitment's state, from the Adaptive Cards palette. */
const MILESTONE_COLOURS = { done: "Good", due: "Default", near: "Warning", overdue: "Attention", paused: "Default" } as const;

/** The ticket's commitments, a line each behind its mark, and when the card was drawn. */
function milestonesContainer(milestones: MilestonesView): Container {
  const items = milestones.lines.map((line, index) =>
    textBlock(escapeCardText(`${MILESTONE_MARKS[line.state]} ${line.text}`), { color: MILESTONE_COLOURS[line.state], spacing: index === 0 ? "Medium" : "None" }),
  );
  if (milestones.asOf) items.push(textBlock(escapeCardText(milestones.asOf), { isSubtle: true, size: "Small" }));
  return { type: "Container", items };
}

function quoteContainer(quote: NonNullable<MessageView["quote"]>): Container {
  return {
    type: "Container",
    style: "emphasis",
    items: [
      textBlock(escapeCardText(quote.author), { weight: "Bolder", size: "Small", isSubtle: true }),
      textBlock(escapeCardText(quote.text), { spacing: "Small" }),
    ],
  };
}

/** An article: its title toggles its body, so three articles fit in one post without a wall of text. */
function articleContainer(article: ArticleView, index: number): Container {
  const bodyId = `article-${index + 1}`;
  return {
    type: "Container",
    separator: index > 0,
    spacing: "Medium",
    items: [
      {
        type: "Container",
        selectAction: { type: "Action.ToggleVisibility", targetElements: [bodyId] },
        items: [textBlock(`📄 ${escapeCardText(article.title)}`, { weight: "Bolder", color: "Accent" })],
      },
      { type: "Container", id: bodyId, isVisible: index === 0, items: [textBlock(articleCardMarkdown(article.body), { spacing: "Small" })] },
    ],
  };
}

function buttonAction(button: ActionButton, src: number | undefined): CardAction {
  const data: CardActionData = { guichet: 1, verb: button.action, value: button.value, ...(src ? { src } : {}) };
  const style = button.style === "primary" ? "positive" : button.style === "danger" ? "destructive" : undefined;
  return executeAction(button.label, button.action, data, style ? { style, associatedInputs: "none" } : { associatedInputs: "none" });
}

/** In a chat, a message about a ticket can be answered in place: the answer goes to the ticket (`Desk.replyOnTicket`). */
function replyBox(view: MessageView, options: MessageCardOptions): CardAction[] {
  if (options.surface === "channel" || view.ticketId === undefined || !REPLYABLE.has(view.kind)) return [];
  const t = texts(view.lang);
  const data: CardActionData = { guichet: 1, verb: "ticket.reply", ticketId: view.ticketId, ...(options.src ? { src: options.src } : {}) };
  return [
    {
      type: "Action.ShowCard",
      title: t.reply,
      card: {
        type: "AdaptiveCard",
        body: [{ type: "Input.Text", id: REPLY_INPUT_ID, label: t.reply, isMultiline: true, maxLength: 3000, isRequired: true, errorMessage: t.requiredField }],
        actions: [executeAction(t.submit, "ticket.reply", data, { style: "positive", associatedInputs: "auto" })],
      },
    },
  ];
}
