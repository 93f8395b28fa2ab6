import type { types } from "@slack/bolt";
import type { HomeView } from "../../../core/tickets/home-view";
import { escapeMrkdwn } from "../escape-mrkdwn";
import { BLOCK_LIMITS, cutMrkdwn, cutPlain } from "./block-limits";
import { buttonElement, contextBlock, milestoneMrkdwn, section, sections } from "./message-blocks";

type KnownBlock = types.KnownBlock;

/**
 * The App Home tab: the desk's page for one person. `notice` is what the last button pressed there answered (a
 * refusal, a confirmation): the Home tab has no thread to post it in, so it shows at the top of the page.
 */
export function renderHome(home: HomeView, notice?: string): types.HomeView {
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: cutPlain(home.title, BLOCK_LIMITS.headerText), emoji: false } },
  ];
  if (notice) blocks.push(section(`⚠️ ${cutMrkdwn(escapeMrkdwn(notice), BLOCK_LIMITS.sectionText - 3)}`));
  blocks.push(contextBlock(escapeMrkdwn(home.intro)));
  let buttons = 0;
  for (const part of home.sections) {
    blocks.push({ type: "divider" }, ...sections(`*${escapeMrkdwn(part.title)}*`));
    if (part.items.length === 0) blocks.push(contextBlock(escapeMrkdwn(part.empty)));
    for (const item of part.items) {
      const text = [escapeMrkdwn(item.text), ...(item.detail ? [`_${escapeMrkdwn(item.detail)}_`] : []), ...(item.milestones?.lines.length ? [milestoneMrkdwn(item.milestones)] : [])].join("\n");
      const button = item.action ? buttonElement(item.action, buttons++) : null;
      blocks.push({ type: "section", text: { type: "mrkdwn", text: cutMrkdwn(text, BLOCK_LIMITS.sectionText) }, ...(button ? { accessory: button } : {}) });
    }
    if (part.more) blocks.push(contextBlock(escapeMrkdwn(part.more)));
  }
  // The panels (the desk's commitments, the person's preferences) always show: long lists give way to them.
  const panels = home.panels.flatMap((panel): KnownBlock[] => [
    { type: "divider" },
    section(`*${cutMrkdwn(escapeMrkdwn(panel.title), BLOCK_LIMITS.sectionText - 2)}*`),
    section(cutMrkdwn(panel.lines.map((line) => escapeMrkdwn(line)).join("\n"), BLOCK_LIMITS.sectionText)),
  ]);
  return { type: "home", blocks: [...blocks.slice(0, BLOCK_LIMITS.blocksPerHomeOrModal - panels.length), ...panels] };
}
