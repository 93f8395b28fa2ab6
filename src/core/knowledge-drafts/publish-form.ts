import type { Article, Lang } from "../knowledge/article";
import type { FormView } from "../messages/message-view";
import { texts } from "../messages/texts";
import type { DraftEdit } from "./draft-article-file";

/**
 * The form a manager publishes a draft through, prefilled with the draft: an answer saved from a
 * ticket is often one raw sentence, so it is read and edited (title, questions, answer) before
 * anyone is offered it.
 */
export function publishDraftForm(draft: Article, lang: Lang): FormView {
  const t = texts(lang);
  return {
    form: "publish_draft",
    context: draft.id,
    lang,
    title: t.publishFormTitle,
    intro: t.publishFormIntro,
    submitLabel: t.publish,
    fields: [
      { id: "title", label: t.draftTitle, type: "text", required: true, maxLength: 150, initial: draft.title },
      { id: "questions", label: t.publishQuestions, type: "textarea", required: true, maxLength: 1500, initial: draft.questions.join("\n") },
      { id: "body", label: t.publishBody, type: "textarea", required: true, maxLength: 3000, initial: draft.body },
    ],
  };
}

/** The edit from the form's checked values: one question per non-empty line. */
export function draftEditOf(values: Record<string, string>): DraftEdit {
  return {
    title: values.title.trim(),
    questions: [...new Set(values.questions.split(/\r?\n/).map((q) => q.trim()).filter((q) => q !== ""))],
    body: values.body.trim(),
  };
}
