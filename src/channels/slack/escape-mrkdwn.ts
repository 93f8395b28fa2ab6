/**
 * Slack's mrkdwn treats `<…>` as markup: `<!channel>` notifies a whole channel, `<@U123>` mentions someone,
 * `<https://evil|https://bank>` shows one address and opens another. Every string the desk gives a channel is plain
 * text, including words people wrote, so everything shown as mrkdwn goes through `escapeMrkdwn` first: Slack
 * documents `&`, `<` and `>` as the three characters to escape, and with them escaped no markup survives.
 */
export function escapeMrkdwn(text: string): string {
  return (
    text
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      // Bare "@channel" is not a mention without `link_names`, which we never set; the zero-width space makes sure
      // a later change of parse mode cannot turn a requester's words into a broadcast either.
      .replace(/@(channel|here|everyone)\b/gi, "@\u200b$1")
  );
}

/**
 * Knowledge-base articles are Markdown written by the desk; Slack reads mrkdwn, which differs: `*bold*` instead of
 * `**bold**`, `_italic_`, `<url|label>` links, no headings and no list syntax. The article text is escaped first
 * (an article may say "<10 users"), then its Markdown turned into mrkdwn. Fenced code is kept as it is.
 */
export function markdownToMrkdwn(markdown: string): string {
  let inFence = false;
  return markdown
    .split("\n")
    .map((line) => {
      if (/^\s*```/.test(line)) {
        inFence = !inFence;
        return "```";
      }
      if (inFence) return escapeMrkdwn(line);
      return markdownLine(escapeMrkdwn(line));
    })
    .join("\n");
}

// Control characters never occur in articles: they mark bold spans while single stars are read as italics.
const BOLD = "\u0001";

function markdownLine(line: string): string {
  const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
  if (heading) return `*${inline(heading[1]).replace(new RegExp(BOLD, "g"), "")}*`;
  const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
  if (bullet) return `${bullet[1]}• ${inline(bullet[2])}`.replace(new RegExp(BOLD, "g"), "*");
  return inline(line).replace(new RegExp(BOLD, "g"), "*");
}

function inline(text: string): string {
  // Code spans first, so that nothing inside them is read as emphasis or links.
  const parts = text.split(/(`[^`]*`)/);
  return parts
    .map((part) => {
      if (part.startsWith("`") && part.endsWith("`") && part.length > 1) return part;
      return part
        .replace(/!?\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g, (_m, label: string, url: string) => link(url, label))
        .replace(/\*\*(.+?)\*\*/g, `${BOLD}$1${BOLD}`)
        .replace(/__(.+?)__/g, `${BOLD}$1${BOLD}`)
        .replace(/(^|[^*\w])\*(?!\s)([^*]+?)\*(?!\w)/g, "$1_$2_")
        .replace(/~~(.+?)~~/g, "~$1~");
    })
    .join("");
}

/** A link from an article: only web and mail addresses; the label may not close the link early. */
function link(url: string, label: string): string {
  if (!/^(https?:|mailto:)/i.test(url)) return label || url;
  const safeUrl = url.replace(/\|/g, "%7C");
  const safeLabel = label.replace(/\|/g, "¦");
  return safeLabel && safeLabel !== safeUrl ? `<${safeUrl}|${safeLabel}>` : `<${safeUrl}>`;
}
