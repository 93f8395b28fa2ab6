import { fileSize } from "../../core/files/file-size";
import type { Lang } from "../../core/knowledge/article";
import { MILESTONE_MARKS, STEP_MARKS, textWithReplyHint, type ActionButton, type FormFieldView, type MessageView } from "../../core/messages/message-view";
import { texts } from "../../core/messages/texts";
import { foldText } from "../../core/text-folding";

/**
 * Terminal rendering of the core's views. Text is printed as it is: a terminal interprets no markup, but control
 * characters from a requester could move the cursor or recolour the screen, so they are removed.
 */
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "").replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "");
}

const ARTICLE_LINES = 6;

/** A view as lines; buttons are numbered by `number`, which the console remembers for the next choice. */
export function renderView(view: MessageView, number: (button: ActionButton) => number): string[] {
  const lines: string[] = [];
  if (view.title) lines.push(`** ${terminalSafe(view.title)} **`);
  if (view.quote) {
    lines.push(`  ${terminalSafe(view.quote.author)}:`);
    for (const line of terminalSafe(view.quote.text).split("\n")) lines.push(`  > ${line}`);
  }
  for (const article of view.articles ?? []) {
    lines.push(`  📄 ${terminalSafe(article.title)}`);
    const body = terminalSafe(article.body).trim().split("\n").filter((l) => l.trim() !== "");
    // A terminal page holds three articles only if each is cut to its first lines.
    for (const line of body.slice(0, ARTICLE_LINES)) lines.push(`     ${line}`);
    if (body.length > ARTICLE_LINES) lines.push("     …");
  }
  // The console has no threads: people write on a ticket with /t N.
  const text = textWithReplyHint(view, "command");
  if (text) lines.push(...terminalSafe(text).split("\n"));
  if (view.fields?.length) lines.push(`  ${view.fields.map((f) => `${terminalSafe(f.label)}: ${terminalSafe(f.value)}`).join(" · ")}`);
  for (const line of view.milestones?.lines ?? []) lines.push(`  ${MILESTONE_MARKS[line.state]} ${terminalSafe(line.text)}`);
  if (view.milestones?.asOf) lines.push(`  (${terminalSafe(view.milestones.asOf)})`);
  if (view.steps?.lines.length) {
    lines.push(`  ${terminalSafe(view.steps.title)}:`);
    for (const line of view.steps.lines) lines.push(`    ${STEP_MARKS[line.state]} ${terminalSafe(line.text)}`);
  }
  if (view.actions?.length) lines.push(`  ${view.actions.map((a) => `[${number(a)}] ${terminalSafe(a.label)}`).join("  ")}`);
  for (const file of view.files ?? []) lines.push(`  📎 ${terminalSafe(file.name)} (${fileSize(file.bytes, view.lang)})${file.url ? ` ${file.url}` : ""}`);
  if (view.footer) lines.push(`  ${terminalSafe(view.footer)}`);
  for (const link of (view.links ?? []).filter((l) => l.platform === "console")) {
    lines.push(`  → ${terminalSafe(link.label)}: [${terminalSafe(link.conversation)} › ${terminalSafe(link.messageId)}]`);
  }
  return lines;
}

/** The prompt of one form field, with what is expected before the answer (a date's format, the choices). */
export function fieldPrompt(field: FormFieldView, lang: Lang): string {
  const t = texts(lang);
  const parts = [`${terminalSafe(field.label)}${field.required ? "" : ` (${t.optionalField})`}`];
  if (field.hint) parts.push(`(${terminalSafe(field.hint)})`);
  if (field.options) parts.push(field.options.map((o, i) => `${i + 1}=${terminalSafe(o.label)}`).join(", "));
  if (field.initial) parts.push(`[${terminalSafe(field.initial)}]`);
  return `${t.fieldPrompt(parts.join(" "))} `;
}

/** A choice may be typed as its number, its value or its label (any case, any accents); other fields as typed. */
export function typedAnswer(field: FormFieldView, typed: string): string {
  const value = typed.trim();
  if (!field.options || value === "") return value;
  const folded = foldText(value);
  const chosen = /^\d+$/.test(value) ? field.options[Number(value) - 1] : field.options.find((o) => foldText(o.value) === folded || foldText(o.label) === folded);
  return chosen?.value ?? value;
}
