import type { DeskConfig } from "../../config/desk-config-schema";
import { localize } from "../../config/localized-text";
import type { Ticket } from "../../store/entities/Ticket";
import type { Lang } from "../knowledge/article";
import type { FormView } from "../messages/message-view";
import { languageName, offeredLanguages } from "../messages/languages";
import { texts } from "../messages/texts";

/** Escalation asks for the expert group (the category's by default) and a note for the experts. */
export function escalateForm(config: DeskConfig, ticket: Ticket, lang: Lang): FormView {
  const t = texts(lang);
  const suggested = config.categories.find((c) => c.id === ticket.category)?.expertGroup;
  return {
    form: "escalate",
    context: String(ticket.id),
    lang,
    title: t.escalateTitle,
    submitLabel: t.escalateSubmit,
    fields: [
      {
        id: "group",
        label: t.escalateGroup,
        type: "select",
        required: true,
        options: config.expertGroups.map((g) => ({ value: g.id, label: localize(g.label, lang) })),
        initial: suggested,
      },
      { id: "note", label: t.escalateNote, type: "textarea", required: false, maxLength: 2000 },
    ],
  };
}

export function resolveForm(ticket: Ticket, lang: Lang): FormView {
  const t = texts(lang);
  return {
    form: "resolve",
    context: String(ticket.id),
    lang,
    title: t.resolveTitle,
    submitLabel: t.resolveSubmit,
    // Required on every platform, and checked again by the desk: the requester is told how it was fixed.
    fields: [{ id: "resolution", label: t.resolveText, type: "textarea", required: true, maxLength: 3000, hint: t.resolveHint }],
  };
}

/** A resolved ticket's answer as a draft article ("réponse type"), prefilled from the ticket. */
export function draftForm(config: DeskConfig, ticket: Ticket, answer: string, lang: Lang): FormView {
  const t = texts(lang);
  return {
    form: "draft",
    context: String(ticket.id),
    lang,
    title: t.draftFormTitle,
    submitLabel: t.saveDraft,
    fields: [
      { id: "title", label: t.draftTitle, type: "text", required: true, maxLength: 150, initial: ticket.title },
      { id: "question", label: t.draftQuestion, type: "textarea", required: true, maxLength: 500, initial: ticket.description.split("\n")[0].slice(0, 500) },
      { id: "answer", label: t.draftAnswer, type: "textarea", required: true, maxLength: 3000, initial: answer.slice(0, 3000) },
      {
        id: "category",
        label: t.field.category,
        type: "select",
        required: true,
        options: config.categories.map((c) => ({ value: c.id, label: localize(c.label, lang) })),
        initial: ticket.category,
      },
      {
        id: "lang",
        label: t.draftLang,
        type: "select",
        required: true,
        options: offeredLanguages().map((code) => ({ value: code, label: languageName(code) })),
        initial: ticket.lang,
      },
    ],
  };
}

export function mergeForm(ticket: Ticket, lang: Lang): FormView {
  const t = texts(lang);
  return {
    form: "merge",
    context: String(ticket.id),
    lang,
    title: t.mergeTitle,
    submitLabel: t.mergeSubmit,
    fields: [{ id: "into", label: t.mergeTarget, type: "number", required: true }],
  };
}
