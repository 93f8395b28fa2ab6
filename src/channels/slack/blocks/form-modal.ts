import type { types } from "@slack/bolt";
import type { FormFieldView, FormId, FormView } from "../../../core/messages/message-view";
import { texts } from "../../../core/messages/texts";
import { FORM_CALLBACK_ID } from "../action-ids";
import { escapeMrkdwn } from "../escape-mrkdwn";
import { BLOCK_LIMITS, cutMrkdwn, cutPlain } from "./block-limits";
import { actionBlocks, section, sections } from "./message-blocks";

type KnownBlock = types.KnownBlock;

/** Where a ticket created by the form is answered: the thread the form was opened from, when there is one. */
export interface FormPlace {
  conversation: string;
  thread: string | null;
}

/** What the modal carries back to the submission (Slack returns `private_metadata` unchanged). */
export interface FormMetadata {
  form: FormId;
  context: string;
  place: FormPlace | null;
}

/** Every input has one element, under this action id; the block id is the field's id. */
const VALUE_ACTION = "value";

/** A desk form as a Slack modal. */
export function renderFormModal(form: FormView, place: FormPlace | null): types.ModalView {
  const t = texts(form.lang);
  const blocks: KnownBlock[] = [];
  if (form.intro) blocks.push(...sections(escapeMrkdwn(form.intro)));
  for (const field of form.fields) blocks.push(inputBlock(field));
  const metadata: FormMetadata = { form: form.form, context: form.context, place };
  return {
    type: "modal",
    callback_id: FORM_CALLBACK_ID,
    private_metadata: JSON.stringify(metadata),
    title: plain(cutPlain(form.title, BLOCK_LIMITS.modalTitle)),
    submit: plain(cutPlain(form.submitLabel, BLOCK_LIMITS.modalButton)),
    close: plain(cutPlain(t.cancel, BLOCK_LIMITS.modalButton)),
    blocks: blocks.slice(0, BLOCK_LIMITS.blocksPerHomeOrModal),
  };
}

function inputBlock(field: FormFieldView): KnownBlock {
  return {
    type: "input",
    block_id: field.id.slice(0, BLOCK_LIMITS.blockId),
    optional: !field.required,
    label: plain(cutPlain(field.label, BLOCK_LIMITS.inputLabel)),
    ...(field.hint ? { hint: plain(cutPlain(field.hint, BLOCK_LIMITS.inputHint)) } : {}),
    element: inputElement(field),
  };
}

function inputElement(field: FormFieldView): types.InputBlock["element"] {
  const maxLength = Math.min(field.maxLength ?? BLOCK_LIMITS.inputText, BLOCK_LIMITS.inputText);
  // Slack refuses the whole modal when an initial value breaks the element's own rules.
  const initial = field.initial?.slice(0, maxLength) || undefined;
  switch (field.type) {
    case "select": {
      const options = (field.options ?? []).slice(0, BLOCK_LIMITS.selectOptions).map((o) => ({
        text: plain(cutPlain(o.label, BLOCK_LIMITS.optionText)),
        value: o.value.slice(0, BLOCK_LIMITS.optionValue),
      }));
      const initialOption = options.find((o) => o.value === field.initial);
      return { type: "static_select", action_id: VALUE_ACTION, options, ...(initialOption ? { initial_option: initialOption } : {}) };
    }
    case "date":
      return { type: "datepicker", action_id: VALUE_ACTION, ...(initial && /^\d{4}-\d{2}-\d{2}$/.test(initial) ? { initial_date: initial } : {}) };
    case "number":
      return { type: "number_input", action_id: VALUE_ACTION, is_decimal_allowed: true, ...(initial && /^-?\d+(\.\d+)?$/.test(initial) ? { initial_value: initial } : {}) };
    case "email":
      return { type: "email_text_input", action_id: VALUE_ACTION, ...(initial ? { initial_value: initial } : {}) };
    default:
      return {
        type: "plain_text_input",
        action_id: VALUE_ACTION,
        multiline: field.type === "textarea",
        max_length: maxLength,
        ...(initial ? { initial_value: initial } : {}),
      };
  }
}

/** The answers of a submitted modal, by field id, as the desk's `submitForm` takes them. */
export function readFormValues(state: { values: Record<string, Record<string, { value?: string | null; selected_date?: string | null; selected_option?: { value: string } | null }>> }): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(state.values)) {
    const answer = actions[VALUE_ACTION];
    if (!answer) continue;
    const value = answer.value ?? answer.selected_date ?? answer.selected_option?.value ?? null;
    if (value !== null && value !== undefined) values[blockId] = value;
  }
  return values;
}

/** Reads back the metadata this app wrote; anything else is refused. */
export function readFormMetadata(text: string): FormMetadata | null {
  try {
    const parsed = JSON.parse(text) as Partial<FormMetadata>;
    // Which forms exist is the desk's business: it refuses one it does not know.
    if (!parsed || typeof parsed.form !== "string" || typeof parsed.context !== "string") return null;
    const place = parsed.place;
    const validPlace = place && typeof place.conversation === "string" && (place.thread === null || typeof place.thread === "string");
    return { form: parsed.form as FormId, context: parsed.context, place: validPlace ? place : null };
  } catch {
    return null;
  }
}

/**
 * A form the desk asked for after a typed message ("new mailing-list" in a DM): a message event has no trigger id,
 * so a modal cannot open; a button opens it instead.
 */
export function formLauncherBlocks(form: FormView): { text: string; blocks: KnownBlock[] } {
  const value = form.form === "request" ? form.context : "incident";
  const intro = form.intro ? `\n${escapeMrkdwn(form.intro)}` : "";
  return {
    text: escapeMrkdwn(form.title),
    blocks: [
      section(cutMrkdwn(`*${escapeMrkdwn(form.title)}*${intro}`, BLOCK_LIMITS.sectionText)),
      ...actionBlocks([{ action: "request.start", label: form.title, value, style: "primary" }]),
    ],
  };
}

function plain(text: string): types.PlainTextElement {
  return { type: "plain_text", text, emoji: false };
}
