import type { DeskConfig, FormFieldConfig, RequestTypeConfig } from "../../config/desk-config-schema";
import { localize } from "../../config/localized-text";
import type { Lang } from "../knowledge/article";
import type { FormFieldView, FormView, MessageView } from "../messages/message-view";
import { texts } from "../messages/texts";

/** The catalogue as a list of buttons, one per request type, plus a free "report a problem". */
export function catalogueView(config: DeskConfig, lang: Lang): MessageView {
  const t = texts(lang);
  return {
    kind: "list",
    lang,
    title: t.requestListTitle,
    text: t.requestListIntro,
    actions: [
      ...config.requestTypes.map((r) => ({ action: "request.start" as const, label: localize(r.label, lang).slice(0, 70), value: r.id })),
      { action: "request.start" as const, label: t.incidentTitle, value: "incident" },
    ],
  };
}

export function findRequestType(config: DeskConfig, id: string): RequestTypeConfig | undefined {
  return config.requestTypes.find((r) => r.id === id);
}

/** The form of a request type: every field asked at once, so that no back-and-forth is needed. */
export function requestForm(type: RequestTypeConfig, lang: Lang): FormView {
  const t = texts(lang);
  return {
    form: "request",
    context: type.id,
    lang,
    title: localize(type.label, lang),
    intro: type.description ? localize(type.description, lang) : undefined,
    submitLabel: t.submit,
    fields: type.fields.map((f) => fieldView(f, lang)),
  };
}

/** A free description, for a problem that fits no request type (and for "create a ticket from this message"). */
export function incidentForm(lang: Lang, initial = ""): FormView {
  const t = texts(lang);
  return {
    form: "incident",
    context: "incident",
    lang,
    title: t.incidentTitle,
    submitLabel: t.submit,
    fields: [{ id: "description", label: t.incidentDescription, type: "textarea", required: true, maxLength: 3000, initial }],
  };
}

function fieldView(field: FormFieldConfig, lang: Lang): FormFieldView {
  return {
    id: field.id,
    label: localize(field.label, lang),
    type: field.type,
    required: field.required,
    options: field.options?.map((o) => ({ value: o.value, label: localize(o.label, lang) })),
    hint: field.hint ? localize(field.hint, lang) : undefined,
    maxLength: field.maxLength,
    pattern: field.pattern,
  };
}

/** Checks answers against the form's fields; returns the clean answers or the errors per field. */
export function validateForm(
  fields: FormFieldView[],
  values: Record<string, unknown>,
  lang: Lang,
): { ok: true; values: Record<string, string> } | { ok: false; errors: Record<string, string> } {
  const t = texts(lang);
  const clean: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const raw = values[field.id];
    const value = typeof raw === "string" || typeof raw === "number" ? String(raw).trim() : "";
    if (value === "") {
      if (field.required) errors[field.id] = t.requiredField;
      continue;
    }
    const error = fieldError(field, value, lang);
    if (error) errors[field.id] = error;
    else clean[field.id] = value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values: clean };
}

function fieldError(field: FormFieldView, value: string, lang: Lang): string | null {
  const t = texts(lang);
  if (field.maxLength !== undefined && value.length > field.maxLength) return t.tooLong(field.maxLength);
  switch (field.type) {
    case "select":
      if (!field.options?.some((o) => o.value === value)) return t.badOption;
      break;
    case "email":
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return t.badEmail;
      break;
    case "number":
      if (!/^-?\d+(\.\d+)?$/.test(value)) return t.badNumber;
      break;
    case "date":
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) return t.badDate;
      break;
    default:
      break;
  }
  if (field.pattern && !new RegExp(field.pattern).test(value)) return t.patternField(field.hint ?? field.pattern);
  return null;
}
