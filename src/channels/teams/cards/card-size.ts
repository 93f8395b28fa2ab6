import type { Lang } from "../../../core/knowledge/article";
import { texts } from "../../../core/messages/texts";
import { textBlock, type AdaptiveCard, type CardElement, type TextBlock } from "./adaptive-card";
import { cutText, escapeCardText } from "./card-text";

/** Teams refuses a message over about 28 KB, envelope included (HTTP 413, "message too large"). */
export const TEAMS_MESSAGE_LIMIT_BYTES = 28 * 1024;
/** What the card itself may take, leaving room for the activity around it (ids, service URL, channel data). */
export const CARD_BUDGET_BYTES = TEAMS_MESSAGE_LIMIT_BYTES - 3 * 1024;

const SHORTEST_CUT = 120;

export function cardBytes(card: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(card), "utf8");
}

/**
 * Makes a card fit in a Teams message: the longest texts (an article, a quoted message, a long answer) are halved
 * until it fits, and a line says that the text was cut. A card that still does not fit keeps only its first lines.
 */
export function fitCard(card: AdaptiveCard, lang: Lang, budget = CARD_BUDGET_BYTES): AdaptiveCard {
  if (cardBytes(card) <= budget) return card;
  const fitted: AdaptiveCard = structuredClone(card);
  const notice = textBlock(escapeCardText(texts(lang).cutForChat), { isSubtle: true, size: "Small" });
  fitted.body.push(notice);
  for (let round = 0; round < 200 && cardBytes(fitted) > budget; round++) {
    const longest = longestText(fitted.body);
    if (!longest || longest.length <= SHORTEST_CUT) break;
    longest.shorten(Math.max(SHORTEST_CUT, Math.floor(longest.length / 2)));
  }
  if (cardBytes(fitted) <= budget) return fitted;
  // Hundreds of short pieces (a huge form, many facts): keep the beginning, which says what the message is.
  const head = fitted.body.slice(0, 2).map((element) => (element.type === "TextBlock" ? element : textBlock("…")));
  return { ...fitted, body: [...head, notice], actions: (fitted.actions ?? []).slice(0, 6) };
}

interface CuttableText {
  length: number;
  shorten(max: number): void;
}

/** The longest text of the card, wherever it is (TextBlocks, facts, nested containers). */
function longestText(elements: CardElement[]): CuttableText | null {
  const candidates: CuttableText[] = [];
  const visit = (items: CardElement[]) => {
    for (const element of items) {
      if (element.type === "TextBlock") candidates.push(textOf(element));
      else if (element.type === "FactSet") {
        for (const fact of element.facts) {
          candidates.push({ length: fact.value.length, shorten: (max) => (fact.value = cutText(fact.value, max)) });
        }
      } else if (element.type === "Container") visit(element.items);
    }
  };
  visit(elements);
  return candidates.reduce<CuttableText | null>((best, c) => (best === null || c.length > best.length ? c : best), null);
}

function textOf(block: TextBlock): CuttableText {
  return { length: block.text.length, shorten: (max) => (block.text = cutText(block.text, max)) };
}
