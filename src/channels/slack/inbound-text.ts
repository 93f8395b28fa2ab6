/**
 * What a person typed, as the desk wants it: plain text. Slack sends message text with its markup (`<@U123>`,
 * `<#C123|general>`, `<https://x|label>`, `<!here>`) and with `&`, `<`, `>` escaped. The desk stores and relays plain
 * text, and `escapeMrkdwn` makes it inert again when it is shown, so a link keeps its real address next to its label
 * (nobody can disguise one) and a broadcast becomes a harmless word.
 */
export function slackTextToPlain(text: string): string {
  return text.replace(/<([^<>]*)>/g, (_match, inner: string) => tokenToPlain(inner)).replace(/&(lt|gt|amp);/g, (_m, name: string) => {
    return name === "lt" ? "<" : name === "gt" ? ">" : "&";
  });
}

function tokenToPlain(inner: string): string {
  const [target, label] = splitOnce(inner, "|");
  if (target.startsWith("@")) return `@${label ?? target.slice(1)}`;
  if (target.startsWith("#")) return `#${label ?? target.slice(1)}`;
  if (target.startsWith("!")) {
    // <!here>, <!channel>, <!everyone>, <!subteam^S1|@team>, <!date^…|fallback>
    const name = target.slice(1).split("^")[0];
    if (["here", "channel", "everyone"].includes(name)) return `@${name}`;
    return label ?? `@${name}`;
  }
  if (target.startsWith("mailto:")) return label ?? target.slice("mailto:".length);
  if (label === undefined || label === target) return target;
  // A labelled link shows both, so the address the person would open is always visible.
  return `${label} (${target})`;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** Removes the bot's own mention from a message addressed to it ("@guichet my wifi is down" → "my wifi is down"). */
export function withoutMentionOf(botUserId: string, text: string): string {
  return text.replace(new RegExp(`<@${escapeRegExp(botUserId)}(\\|[^>]*)?>`, "g"), " ").replace(/[ \t]{2,}/g, " ").trim();
}

/** Whether a message mentions the bot (then the `app_mention` event carries it, and the `message` copy is skipped). */
export function mentions(botUserId: string, text: string): boolean {
  return new RegExp(`<@${escapeRegExp(botUserId)}(\\|[^>]*)?>`).test(text);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
