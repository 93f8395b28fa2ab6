import type { types } from "@slack/bolt";
import { MILESTONE_MARKS, STEP_MARKS, textWithReplyHint, type ActionButton, type ArticleView, type MessageView, type MilestonesView, type StepsView } from "../../../core/messages/message-view";
import { texts } from "../../../core/messages/texts";
import { logger } from "../../../logger";
import { buttonActionId } from "../action-ids";
import { escapeMrkdwn, markdownToMrkdwn } from "../escape-mrkdwn";
import { BLOCK_LIMITS, cutMrkdwn, cutPlain, splitMrkdwn } from "./block-limits";

type KnownBlock = types.KnownBlock;

/** What `chat.postMessage` and `chat.update` take: blocks, and the text of the notification. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** An article is a suggestion, not the whole page: its first lines, like the console's. */
const ARTICLE_CHARS = 1200;
/** A long text fills up to four sections; beyond that it is cut, with a notice saying so. */
const TEXT_BUDGET = 4 * BLOCK_LIMITS.sectionText;
/** Kinds whose title names a ticket and heads the post (the triage card, the experts' post). */
const HEADED_KINDS = new Set<MessageView["kind"]>(["ticket_card", "expert_request"]);

/** A link to a Slack post, its permalink asked of Slack when the message is sent (the workspace's own address). */
export interface ResolvedLink {
  label: string;
  url: string;
}

/**
 * Draws a desk view as Block Kit, within Slack's limits, with every person's words escaped. `links` are the view's
 * links to Slack posts, with their permalinks.
 */
export function renderMessage(view: MessageView, links: ResolvedLink[] = []): SlackMessage {
  let cut = false;
  const budgeted = (mrkdwn: string): string => {
    if (mrkdwn.length <= TEXT_BUDGET) return mrkdwn;
    cut = true;
    return cutMrkdwn(mrkdwn, TEXT_BUDGET);
  };

  const content: KnownBlock[] = [];
  if (view.title) content.push(titleBlock(view.title, HEADED_KINDS.has(view.kind)));
  if (view.quote) content.push(...quoteBlocks(view.quote, budgeted));
  for (const article of view.articles ?? []) content.push(articleBlock(article));
  // In Slack every message about a ticket is in a thread (a ticket's first post starts one): people answer there.
  const text = textWithReplyHint(view, "thread");
  if (text) content.push(...sections(budgeted(escapeMrkdwn(text))));
  if (view.fields?.length) content.push(...fieldBlocks(view.fields));
  if (view.milestones?.lines.length) content.push(...milestoneBlocks(view.milestones));
  if (view.steps?.lines.length) content.push(...stepBlocks(view.steps));

  const tail: KnownBlock[] = [...actionBlocks(view.actions ?? [])];
  if (view.footer) tail.push(contextBlock(escapeMrkdwn(view.footer)));
  for (const link of links) tail.push(contextBlock(`🔗 <${link.url}|${escapeMrkdwn(link.label)}>`));

  const room = BLOCK_LIMITS.blocksPerMessage - tail.length - 1;
  if (content.length > room) {
    content.length = room;
    cut = true;
  }
  if (cut) content.push(contextBlock(escapeMrkdwn(texts(view.lang).cutForChat)));
  return { text: fallbackText(view), blocks: [...content, ...tail] };
}

function titleBlock(title: string, asHeader: boolean): KnownBlock {
  if (asHeader) return { type: "header", text: { type: "plain_text", text: cutPlain(title, BLOCK_LIMITS.headerText), emoji: false } };
  return section(`*${cutMrkdwn(escapeMrkdwn(title), BLOCK_LIMITS.sectionText - 2)}*`);
}

/** Someone's words, as a quote under their name. Their own `>` is escaped, so they cannot end the quote early. */
function quoteBlocks(quote: { author: string; text: string }, budgeted: (mrkdwn: string) => string): KnownBlock[] {
  const quoted = escapeMrkdwn(quote.text).split("\n").map((line) => `>${line}`).join("\n");
  const body = `*${escapeMrkdwn(quote.author)}*\n${budgeted(quoted)}`;
  // A piece that starts inside a long line continues the quote.
  return splitMrkdwn(body, BLOCK_LIMITS.sectionText - 1).map((piece, i) => section(i === 0 || piece.startsWith(">") ? piece : `>${piece}`));
}

function articleBlock(article: ArticleView): KnownBlock {
  const title = `*${escapeMrkdwn(article.title)}*`;
  const body = cutMrkdwn(markdownToMrkdwn(article.body.trim()), ARTICLE_CHARS);
  return section(cutMrkdwn(`${title}\n${body}`, BLOCK_LIMITS.sectionText));
}

function fieldBlocks(fields: Array<{ label: string; value: string }>): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  for (let i = 0; i < fields.length; i += BLOCK_LIMITS.sectionFields) {
    blocks.push({
      type: "section",
      fields: fields.slice(i, i + BLOCK_LIMITS.sectionFields).map((f) => ({
        type: "mrkdwn" as const,
        text: cutMrkdwn(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, BLOCK_LIMITS.fieldText),
      })),
    });
  }
  return blocks;
}

/** The ticket's commitments, a line each behind its mark, and when the post was drawn. */
function milestoneBlocks(milestones: MilestonesView): KnownBlock[] {
  const blocks = [section(cutMrkdwn(milestoneMrkdwn(milestones), BLOCK_LIMITS.sectionText))];
  if (milestones.asOf) blocks.push(contextBlock(escapeMrkdwn(milestones.asOf)));
  return blocks;
}

/** The commitments' lines, each behind its mark, escaped. */
export function milestoneMrkdwn(milestones: MilestonesView): string {
  return milestones.lines.map((line) => `${MILESTONE_MARKS[line.state]} ${escapeMrkdwn(line.text)}`).join("\n");
}

/** A workflow request's steps: one line each under their title, every line escaped. */
function stepBlocks(steps: StepsView): KnownBlock[] {
  const lines = steps.lines.map((line) => `${STEP_MARKS[line.state]} ${escapeMrkdwn(line.text)}`);
  return sections(cutMrkdwn(`*${escapeMrkdwn(steps.title)}*\n${lines.join("\n")}`, 2 * BLOCK_LIMITS.sectionText));
}

export function actionBlocks(actions: ActionButton[]): KnownBlock[] {
  const buttons = actions.flatMap((action, index) => {
    const button = buttonElement(action, index);
    return button ? [button] : [];
  });
  const blocks: KnownBlock[] = [];
  for (let i = 0; i < buttons.length; i += BLOCK_LIMITS.actionsElements) {
    blocks.push({ type: "actions", elements: buttons.slice(i, i + BLOCK_LIMITS.actionsElements) });
  }
  return blocks;
}

export function buttonElement(action: ActionButton, index: number): types.Button | null {
  // The value is an id the desk reads back: cutting it would change its meaning, so a button that cannot carry it
  // is left out (and logged) rather than sent wrong.
  if (action.value.length > BLOCK_LIMITS.buttonValue) {
    logger.warn({ event: "slack.button_dropped", action: action.action, length: action.value.length });
    return null;
  }
  return {
    type: "button",
    action_id: buttonActionId(action.action, index),
    text: { type: "plain_text", text: cutPlain(action.label, BLOCK_LIMITS.buttonText), emoji: false },
    value: action.value,
    ...(action.style ? { style: action.style } : {}),
  };
}

/** Sections for escaped mrkdwn of any length (within the budget applied before). */
export function sections(mrkdwn: string): KnownBlock[] {
  return splitMrkdwn(mrkdwn, BLOCK_LIMITS.sectionText).map(section);
}

export function section(mrkdwn: string): KnownBlock {
  return { type: "section", text: { type: "mrkdwn", text: mrkdwn } };
}

export function contextBlock(mrkdwn: string): KnownBlock {
  return { type: "context", elements: [{ type: "mrkdwn", text: cutMrkdwn(mrkdwn, BLOCK_LIMITS.contextText) }] };
}

/** The notification text: the first thing the view says. */
function fallbackText(view: MessageView): string {
  const first = view.title ?? view.text ?? (view.quote ? `${view.quote.author}: ${view.quote.text}` : undefined) ?? view.articles?.[0]?.title ?? "";
  return cutMrkdwn(escapeMrkdwn(first), BLOCK_LIMITS.fallbackText);
}
