import { z } from "zod";
import { ACTION_IDS, type ActionId, type FormFieldView, type FormId, type FormView } from "../../../core/messages/message-view";
import { LANGUAGE_CODE } from "../../../core/messages/languages";

/**
 * What a guichet card sends back when a button is pressed: the same object arrives as `action.data` of an
 * `adaptiveCard/action` invoke (Universal Actions) or as the `value` of a message (the `Action.Submit` fallback),
 * with the card's inputs merged in beside it. It is client data: it names what was pressed and nothing in it is
 * trusted. Roles and answers are checked by the desk; `src` only redraws a post of the same conversation; a form's
 * copy of itself (`view`) is only used to draw the form again for the person who sent it.
 */
export type CardActionData =
  | { guichet: 1; verb: ActionId; value: string; src?: number }
  | { guichet: 1; verb: "form.submit" | "form.cancel"; form: FormId; context: string; view: FormView; src?: number }
  | { guichet: 1; verb: "ticket.reply"; ticketId: number; src?: number };

/** Prefix of form input ids, so that a field id never collides with a key of the action data. */
export const FORM_INPUT_PREFIX = "field.";
/** Id of the text input of a requester's "Reply" box. */
export const REPLY_INPUT_ID = "reply.text";

const src = z.number().int().positive().optional();
const shortText = z.string().max(2000);

const formFieldSchema = z.object({
  id: z.string().max(100),
  label: shortText,
  type: z.enum(["text", "textarea", "select", "date", "number", "email"]),
  required: z.boolean(),
  options: z.array(z.object({ value: shortText, label: shortText })).max(100).optional(),
  hint: shortText.optional(),
  maxLength: z.number().int().positive().optional(),
  initial: shortText.optional(),
  pattern: shortText.optional(),
}) satisfies z.ZodType<FormFieldView>;

const formViewSchema = z.object({
  form: z.string().regex(/^[a-z][a-z_-]*$/),
  context: z.string().max(300),
  lang: z.string().regex(LANGUAGE_CODE),
  title: shortText,
  submitLabel: shortText,
  intro: shortText.optional(),
  fields: z.array(formFieldSchema).max(50),
});

const cardActionSchema = z.union([
  z.object({ guichet: z.literal(1), verb: z.enum(ACTION_IDS as [ActionId, ...ActionId[]]), value: z.string().max(300), src }),
  z.object({
    guichet: z.literal(1),
    verb: z.enum(["form.submit", "form.cancel"]),
    form: z.string().regex(/^[a-z][a-z_-]*$/),
    context: z.string().max(300),
    view: formViewSchema,
    src,
  }),
  z.object({ guichet: z.literal(1), verb: z.literal("ticket.reply"), ticketId: z.number().int().positive(), src }),
]);

/** The guichet action in a card's data, or null for anything else (another app's card, a forged or stale payload). */
export function parseCardAction(data: unknown): CardActionData | null {
  const parsed = cardActionSchema.safeParse(data);
  return parsed.success ? (parsed.data as CardActionData) : null;
}

/** The answers of a form card, by field id, from the data Teams sent back. */
export function formAnswers(data: unknown): Record<string, string> {
  const answers: Record<string, string> = {};
  if (typeof data !== "object" || data === null) return answers;
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (!key.startsWith(FORM_INPUT_PREFIX)) continue;
    if (typeof value === "string" || typeof value === "number") answers[key.slice(FORM_INPUT_PREFIX.length)] = String(value);
  }
  return answers;
}

/** The text typed in a "Reply" box. */
export function replyText(data: unknown): string {
  const value = typeof data === "object" && data !== null ? (data as Record<string, unknown>)[REPLY_INPUT_ID] : undefined;
  return typeof value === "string" ? value : "";
}
