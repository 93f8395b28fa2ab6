import type { FormFieldView, FormView } from "../../../core/messages/message-view";
import { texts } from "../../../core/messages/texts";
import { adaptiveCard, executeAction, textBlock, type AdaptiveCard, type CardElement, type CardInput } from "./adaptive-card";
import { FORM_INPUT_PREFIX, type CardActionData } from "./card-action-data";
import { escapeCardText } from "./card-text";
import { fitCard } from "./card-size";

export interface FormCardOptions {
  /** Answers to show again (after the desk found errors in them). */
  values?: Record<string, string>;
  /** The desk's message per field id, shown under the field. */
  errors?: Record<string, string>;
  /** The post the form replaced, to draw again on Cancel or after sending. */
  src?: number;
}

/**
 * A desk form (service request, escalation, resolution…) as card inputs. Teams checks required fields, lengths and
 * patterns before sending, with the desk's own messages; the desk checks everything again, and its errors come back
 * under each field with the answers kept.
 */
export function formCard(form: FormView, options: FormCardOptions = {}): AdaptiveCard {
  const t = texts(form.lang);
  const body: CardElement[] = [textBlock(escapeCardText(form.title), { weight: "Bolder", size: "Medium" })];
  if (form.intro) body.push(textBlock(escapeCardText(form.intro), { isSubtle: true }));
  for (const field of form.fields) {
    body.push(fieldInput(field, options.values?.[field.id], form.lang));
    if (field.hint && field.type !== "select") body.push(textBlock(escapeCardText(field.hint), { isSubtle: true, size: "Small", spacing: "None" }));
    const error = options.errors?.[field.id];
    if (error) body.push(textBlock(escapeCardText(error), { color: "Attention", size: "Small", spacing: "None" }));
  }
  const common = { form: form.form, context: form.context, view: form, ...(options.src ? { src: options.src } : {}) };
  const submit: CardActionData = { guichet: 1, verb: "form.submit", ...common };
  const cancel: CardActionData = { guichet: 1, verb: "form.cancel", ...common };
  return fitCard(
    adaptiveCard(body, [
      executeAction(form.submitLabel, "form.submit", submit, { style: "positive", associatedInputs: "auto" }),
      executeAction(t.cancel, "form.cancel", cancel, { associatedInputs: "none" }),
    ]),
    form.lang,
  );
}

/** A sent form, read-only: what was asked and answered, so the card cannot be sent twice by mistake. */
export function sentFormCard(form: FormView, values: Record<string, string>, notice?: string): AdaptiveCard {
  const facts = form.fields
    .filter((f) => (values[f.id] ?? "").trim() !== "")
    .map((f) => ({ title: escapeCardText(f.label), value: escapeCardText(answerLabel(f, values[f.id])) }));
  const body: CardElement[] = [textBlock(escapeCardText(`✓ ${form.title}`), { weight: "Bolder", size: "Medium", color: "Good" })];
  if (facts.length > 0) body.push({ type: "FactSet", facts });
  if (notice) body.push(textBlock(escapeCardText(notice)));
  return fitCard(adaptiveCard(body), form.lang);
}

/** A form given up: its title, struck through by the desk's "never mind". */
export function cancelledFormCard(form: FormView): AdaptiveCard {
  return adaptiveCard([
    textBlock(escapeCardText(form.title), { weight: "Bolder", isSubtle: true }),
    textBlock(escapeCardText(texts(form.lang).cancel), { isSubtle: true, size: "Small" }),
  ]);
}

function fieldInput(field: FormFieldView, value: string | undefined, lang: FormView["lang"]): CardInput {
  const t = texts(lang);
  const current = value ?? field.initial;
  // Labels and choice titles are plain text runs for the renderer: no Markdown escaping there.
  const base = {
    id: `${FORM_INPUT_PREFIX}${field.id}`,
    label: field.label,
    isRequired: field.required,
    errorMessage: field.required ? t.requiredField : undefined,
  };
  switch (field.type) {
    case "select":
      return {
        ...base,
        type: "Input.ChoiceSet",
        style: "compact",
        choices: (field.options ?? []).map((o) => ({ title: o.label, value: o.value })),
        ...(current ? { value: current } : {}),
      };
    case "date":
      return { ...base, type: "Input.Date", ...(field.min ? { min: field.min } : {}), ...(current ? { value: current } : {}) };
    case "number": {
      const number = current !== undefined && current.trim() !== "" ? Number(current) : NaN;
      return { ...base, type: "Input.Number", ...(Number.isFinite(number) ? { value: number } : {}) };
    }
    case "email":
      return {
        ...base,
        type: "Input.Text",
        style: "Email",
        regex: "^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$",
        errorMessage: t.badEmail,
        ...(field.maxLength ? { maxLength: field.maxLength } : {}),
        ...(current ? { value: current } : {}),
      };
    default:
      return {
        ...base,
        type: "Input.Text",
        isMultiline: field.type === "textarea",
        ...(field.maxLength ? { maxLength: field.maxLength } : {}),
        ...(field.pattern ? { regex: field.pattern, errorMessage: t.patternField(field.hint ?? field.pattern) } : {}),
        ...(current ? { value: current } : {}),
      };
  }
}

function answerLabel(field: FormFieldView, value: string): string {
  return field.options?.find((o) => o.value === value)?.label ?? value;
}
