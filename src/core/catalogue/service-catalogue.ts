import type { DeskConfig, FormFieldConfig, RequestTypeConfig } from "../../config/desk-config-schema";
import { localize } from "../../config/localized-text";
import { DateTime } from "luxon";
import type { Lang } from "../knowledge/article";
import { isIsoDate } from "../sla/civil-date";
import type { FormFieldView, FormView, MessageView } from "../messages/message-view";
import { texts } from "../messages/texts";

/**
 * The catalogue as a list of buttons, one per request type offered to the person's profile (all of them when it is
 * unknown), plus a free "report a problem".
 */
export function catalogueView(config: DeskConfig, lang: Lang, profile: string | null): MessageView {
  const t = texts(lang);
  return {
    kind: "list",
    lang,
    title: t.requestListTitle,
    text: t.requestListIntro,
    actions: [
      ...config.requestTypes
        .filter((r) => offeredTo(r, profile))
        .map((r) => ({ action: "request.start" as const, label: localize(r.label, lang).slice(0, 70), value: r.id })),
      { action: "request.start" as const, label: t.incidentTitle, value: "incident" },
    ],
  };
}

/**
 * Whether a service is offered to people of this profile: a service for some profiles only is not offered to
 * others; someone whose profile is unknown (not in the directory, no site profile) sees every service.
 */
export function offeredTo(type: Pick<RequestTypeConfig, "profiles">, profile: string | null): boolean {
  return type.profiles === undefined || profile === null || type.profiles.includes(profile);
}

export function findRequestType(config: DeskConfig, id: string): RequestTypeConfig | undefined {
  return config.requestTypes.find((r) => r.id === id);
}

/**
 * The form of a request type: every field asked at once, so that no back-and-forth is needed. `today` (the desk's
 * date, YYYY-MM-DD) is the earliest answer of a date that must not be in the past.
 */
export function requestForm(type: RequestTypeConfig, lang: Lang, today: string): FormView {
  const t = texts(lang);
  return {
    form: "request",
    context: type.id,
    lang,
    title: localize(type.label, lang),
    intro: type.description ? localize(type.description, lang) : undefined,
    submitLabel: t.submit,
    fields: type.fields.map((f) => fieldView(f, lang, today)),
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

function fieldView(field: FormFieldConfig, lang: Lang, today: string): FormFieldView {
  // A date is asked with its format in sight, before the answer, whatever the configuration's hint says.
  const hint = field.hint ? localize(field.hint, lang) : undefined;
  return {
    id: field.id,
    label: localize(field.label, lang),
    type: field.type,
    required: field.required,
    options: field.options?.map((o) => ({ value: o.value, label: localize(o.label, lang) })),
    hint: field.type === "date" ? [texts(lang).dateFormat, hint].filter(Boolean).join(" · ") : hint,
    maxLength: field.maxLength,
    pattern: field.pattern,
    ...(field.type === "date" && field.future ? { min: today } : {}),
  };
}

/** The desk's date (YYYY-MM-DD in its time zone), for forms whose dates must not be in the past. */
export function deskToday(now: Date, zone: string): string {
  return DateTime.fromJSDate(now, { zone }).toISODate() ?? now.toISOString().slice(0, 10);
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
    const error = answerError(field, value, lang);
    if (error) errors[field.id] = error;
    else clean[field.id] = value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values: clean };
}

/**
 * What is wrong with one answer (already trimmed and not empty), or null. Channels that ask one field at a time
 * (the console) check each answer as it is typed; the desk checks them all again when the form is sent.
 */
export function answerError(field: FormFieldView, value: string, lang: Lang): string | null {
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
      if (!isIsoDate(value)) return t.badDate;
      // Dates written YYYY-MM-DD compare as text.
      if (field.min !== undefined && value < field.min) return t.dateFrom(field.min);
      break;
    default:
      break;
  }
  if (field.pattern && !new RegExp(field.pattern).test(value)) return t.patternField(field.hint ?? field.pattern);
  return null;
}
