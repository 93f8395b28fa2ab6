/**
 * Text for Adaptive Card TextBlocks and FactSets. Teams renders their text as a small Markdown dialect (bold, italic,
 * lists, links) and expands `{{DATE(…)}}` / `{{TIME(…)}}` functions, so people's words are escaped before they are
 * shown: nobody can make a link that says one thing and goes elsewhere, fake a list or a date, or write `<at>` tags.
 * Input labels and choice titles are plain text runs and need none of this.
 */

/** Markdown punctuation that can open a construct anywhere in a line. */
const INLINE_MARKUP = /[\\`*_[\]()<>~]/g;

/** Markers that mean something only at the start of a line: headings, quotes, list items (`-`, `+`, `1.`). */
const LINE_START_MARKUP = /^(\s*)(#|>|[-+]|\d+[.)])/gm;

const ZERO_WIDTH_SPACE = "\u200b";

/** Plain text (a person's words, a label from the configuration) as TextBlock text that shows exactly those characters. */
export function escapeCardText(text: string): string {
  const escaped = normaliseNewlines(text)
    .replace(INLINE_MARKUP, "\\$&")
    .replace(LINE_START_MARKUP, (_match, indent: string, marker: string) => `${indent}${escapeMarker(marker)}`)
    // `{{DATE(…)}}` is expanded by the card renderer before Markdown: a zero-width space between the braces stops it.
    .replace(/\{\{/g, `{${ZERO_WIDTH_SPACE}{`)
    .replace(/\}\}/g, `}${ZERO_WIDTH_SPACE}}`);
  return paragraphs(escaped);
}

/**
 * A knowledge article's Markdown (written by the desk in kb/) in the dialect Teams cards render: bold, italic, links
 * and lists pass; headings become bold lines, code fences and HTML are shown as text, images as their link.
 */
export function articleCardMarkdown(markdown: string): string {
  const lines = normaliseNewlines(markdown).split("\n");
  const out: string[] = [];
  let inFence = false;
  for (const line of lines) {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      out.push(escapeCardText(line));
      continue;
    }
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      out.push(`**${heading[1].replace(/\*\*/g, "")}**`);
      continue;
    }
    out.push(
      line
        // Images are not shown in card text: keep them as a plain link.
        .replace(/!\[([^\]]*)\]\(([^)\s]+)[^)]*\)/g, "[$1]($2)")
        // HTML is not rendered: show the brackets as text.
        .replace(/</g, "\\<")
        .replace(/\{\{/g, `{${ZERO_WIDTH_SPACE}{`),
    );
  }
  return paragraphs(out.join("\n")).trim();
}

/** Cuts plain or escaped text to `max` characters at a word, ending with an ellipsis; never leaves half an escape. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  const space = cut.lastIndexOf(" ");
  if (space > max * 0.6) cut = cut.slice(0, space);
  // A trailing backslash would escape the ellipsis; a lone high surrogate would be half a character.
  cut = cut.replace(/\\+$/, "").replace(/[\ud800-\udbff]$/, "");
  return `${cut}…`;
}

function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}

function escapeMarker(marker: string): string {
  if (/^\d/.test(marker)) return marker.replace(/([.)])$/, "\\$1");
  return `\\${marker}`;
}

/** Card renderers join single newlines into one paragraph: a line break a person typed becomes a Markdown break. */
function paragraphs(text: string): string {
  return text.replace(/\n/g, "\n\n").replace(/\n{3,}/g, "\n\n");
}
