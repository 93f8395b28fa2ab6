/**
 * Slack's documented Block Kit limits, written out again for the tests (not imported from the renderer, so a wrong
 * constant there cannot hide itself): https://docs.slack.dev/reference/block-kit/blocks
 */
const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  actionId: 255,
  blockId: 255,
  value: 255,
  buttonText: 75,
  modalTitle: 24,
  modalButton: 24,
  label: 2000,
  hint: 2000,
  options: 100,
  optionText: 75,
  optionValue: 150,
  privateMetadata: 3000,
  inputText: 3000,
};

type Json = Record<string, unknown>;

/** Every limit a message's blocks break, as sentences; empty when the payload is within Slack's limits. */
export function messageProblems(blocks: unknown): string[] {
  if (!Array.isArray(blocks)) return ["blocks is not an array"];
  const problems: string[] = [];
  if (blocks.length > LIMITS.messageBlocks) problems.push(`${blocks.length} blocks in a message (max ${LIMITS.messageBlocks})`);
  problems.push(...blockProblems(blocks as Json[]));
  return problems;
}

/** The same for a modal or Home tab view. */
export function viewProblems(view: Json): string[] {
  const problems: string[] = [];
  const blocks = (view.blocks ?? []) as Json[];
  if (blocks.length > LIMITS.viewBlocks) problems.push(`${blocks.length} blocks in a view (max ${LIMITS.viewBlocks})`);
  if (view.type === "modal") {
    const text = (key: string) => ((view[key] as Json | undefined)?.text as string | undefined) ?? "";
    if (text("title").length > LIMITS.modalTitle) problems.push(`modal title of ${text("title").length} characters`);
    if (text("submit").length > LIMITS.modalButton) problems.push(`submit label of ${text("submit").length} characters`);
    if (text("close").length > LIMITS.modalButton) problems.push(`close label of ${text("close").length} characters`);
    if (String(view.private_metadata ?? "").length > LIMITS.privateMetadata) problems.push("private_metadata too long");
  }
  problems.push(...blockProblems(blocks));
  return problems;
}

function blockProblems(blocks: Json[]): string[] {
  const problems: string[] = [];
  const actionIds = new Set<string>();
  blocks.forEach((block, i) => {
    const at = `block ${i} (${String(block.type)})`;
    const text = (block.text as Json | undefined)?.text as string | undefined;
    if (typeof block.block_id === "string" && block.block_id.length > LIMITS.blockId) problems.push(`${at}: block_id too long`);
    switch (block.type) {
      case "section": {
        if (text !== undefined && text.length > LIMITS.sectionText) problems.push(`${at}: text of ${text.length} characters`);
        const fields = (block.fields ?? []) as Json[];
        if (fields.length > LIMITS.sectionFields) problems.push(`${at}: ${fields.length} fields`);
        for (const field of fields) if (String(field.text).length > LIMITS.fieldText) problems.push(`${at}: a field of ${String(field.text).length} characters`);
        if (block.accessory) problems.push(...elementProblems(block.accessory as Json, at, actionIds));
        break;
      }
      case "header":
        if ((text ?? "").length > LIMITS.headerText) problems.push(`${at}: header of ${(text ?? "").length} characters`);
        break;
      case "context": {
        const elements = (block.elements ?? []) as Json[];
        if (elements.length > LIMITS.contextElements) problems.push(`${at}: ${elements.length} elements`);
        for (const e of elements) if (String(e.text).length > LIMITS.sectionText) problems.push(`${at}: context text too long`);
        break;
      }
      case "actions": {
        const elements = (block.elements ?? []) as Json[];
        if (elements.length > LIMITS.actionsElements) problems.push(`${at}: ${elements.length} elements`);
        for (const e of elements) problems.push(...elementProblems(e, at, actionIds));
        break;
      }
      case "input": {
        const label = String((block.label as Json | undefined)?.text ?? "");
        if (label.length > LIMITS.label) problems.push(`${at}: label too long`);
        const hint = String((block.hint as Json | undefined)?.text ?? "");
        if (hint.length > LIMITS.hint) problems.push(`${at}: hint too long`);
        problems.push(...elementProblems(block.element as Json, at, new Set()));
        break;
      }
      case "divider":
        break;
      default:
        problems.push(`${at}: unexpected block type`);
    }
  });
  return problems;
}

function elementProblems(element: Json, at: string, actionIds: Set<string>): string[] {
  const problems: string[] = [];
  const actionId = String(element.action_id ?? "");
  if (actionId.length > LIMITS.actionId) problems.push(`${at}: action_id of ${actionId.length} characters`);
  if (element.type === "button") {
    if (actionIds.has(actionId)) problems.push(`${at}: action_id ${actionId} used twice`);
    actionIds.add(actionId);
    const label = String((element.text as Json).text);
    if (label.length > LIMITS.buttonText) problems.push(`${at}: button text of ${label.length} characters`);
    if (String(element.value ?? "").length > LIMITS.value) problems.push(`${at}: button value of ${String(element.value).length} characters`);
  }
  if (element.type === "static_select") {
    const options = (element.options ?? []) as Json[];
    if (options.length > LIMITS.options) problems.push(`${at}: ${options.length} options`);
    for (const option of options) {
      if (String((option.text as Json).text).length > LIMITS.optionText) problems.push(`${at}: option text too long`);
      if (String(option.value).length > LIMITS.optionValue) problems.push(`${at}: option value too long`);
    }
  }
  if (element.type === "plain_text_input") {
    const max = Number(element.max_length ?? LIMITS.inputText);
    if (max > LIMITS.inputText) problems.push(`${at}: max_length above ${LIMITS.inputText}`);
    if (String(element.initial_value ?? "").length > max) problems.push(`${at}: initial value longer than max_length`);
  }
  return problems;
}
