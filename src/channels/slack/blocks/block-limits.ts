/**
 * Block Kit's documented limits. Slack refuses a whole message (`invalid_blocks`) when one of them is exceeded, and
 * a refused message is a message lost, so every renderer cuts to these numbers before posting.
 * https://docs.slack.dev/reference/block-kit/blocks
 */
export const BLOCK_LIMITS = {
  blocksPerMessage: 50,
  blocksPerHomeOrModal: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  actionId: 255,
  blockId: 255,
  /** Slack allows 2000 for a button value; ours are ids, and 255 keeps every id and value under one rule. */
  buttonValue: 255,
  buttonText: 75,
  modalTitle: 24,
  modalButton: 24,
  inputLabel: 2000,
  inputHint: 2000,
  inputText: 3000,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  privateMetadata: 3000,
  /** The notification text of a message: Slack truncates it at 40 000; nobody reads that far in a notification. */
  fallbackText: 3000,
} as const;

/** Cuts plain text to `max` characters, ending with "…" when it was longer. */
export function cutPlain(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * Cuts escaped mrkdwn to `max` characters without breaking an entity (`&amp;`, `&lt;`, `&gt;`), a link (`<url|label>`)
 * or a surrogate pair, ending with `suffix`.
 */
export function cutMrkdwn(text: string, max: number, suffix = "…"): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - suffix.length);
  const lastAmp = text.lastIndexOf("&", end);
  if (lastAmp >= 0 && lastAmp > end - 5 && text.indexOf(";", lastAmp) >= end) end = lastAmp;
  const lastOpen = text.lastIndexOf("<", end);
  if (lastOpen >= 0 && text.indexOf(">", lastOpen) >= end) end = lastOpen;
  if (end > 0 && /[\uD800-\uDBFF]/.test(text[end - 1])) end -= 1;
  return `${text.slice(0, end)}${suffix}`;
}

/**
 * Splits escaped mrkdwn into pieces of at most `max` characters, at line ends when it can, so that a long text fills
 * several sections instead of being refused.
 */
export function splitMrkdwn(text: string, max: number): string[] {
  const pieces: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    const candidate = current === "" ? line : `${current}\n${line}`;
    if (candidate.length <= max) {
      current = candidate;
      continue;
    }
    if (current !== "") pieces.push(current);
    current = line;
    while (current.length > max) {
      // A single token longer than a section (never seen, but it must not loop) is cut where it stands.
      const head = cutMrkdwn(current, max, "") || current.slice(0, max);
      pieces.push(head);
      current = current.slice(head.length);
    }
  }
  if (current !== "" || pieces.length === 0) pieces.push(current);
  return pieces;
}
