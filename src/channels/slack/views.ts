import { createHash } from "node:crypto";
import type { App, SlackViewMiddlewareArgs, ViewOutput, ViewSubmitAction, webApi } from "@slack/bolt";
import type { ActionOutcome } from "../../core/messages/message-view";
import type { ChatPlace } from "../../core/people/platform-user";
import { FORM_CALLBACK_ID } from "./action-ids";
import { readFormMetadata, readFormValues, type FormMetadata } from "./blocks/form-modal";
import { PROFILE_BUDGET_MS, type SlackListenerDeps } from "./listener-deps";
import { plainReply, replyPrivately, type ReplyTarget } from "./private-reply";

/**
 * The desk answers a form in milliseconds; Slack waits 3 seconds for the answer to a submission, which must carry
 * the field errors if there are any. Past this budget the modal is closed and the outcome sent as a message.
 */
const SUBMIT_BUDGET_MS = 2500;

type Ack = SlackViewMiddlewareArgs<ViewSubmitAction>["ack"];

/**
 * Modal submissions → `desk.submitForm`. Unlike buttons, the desk runs before the acknowledgement, because the answer
 * to Slack is the form's fate: field errors keep the modal open beside the fields, success closes it. The submission
 * is stored before it gets here (`SlackIngress`); handled again after a crash, its `ack` reaches nobody (Slack gave
 * up on that request), and the desk's effects happen once.
 */
export function registerViews(app: App, deps: SlackListenerDeps): void {
  app.view<ViewSubmitAction>(FORM_CALLBACK_ID, ({ ack, body, view, client }) => onSubmit(deps, client, ack, body, view));
}

async function onSubmit(deps: SlackListenerDeps, client: webApi.WebClient, ack: Ack, body: ViewSubmitAction, view: ViewOutput): Promise<void> {
  const metadata = readFormMetadata(view.private_metadata);
  if (!metadata) {
    await ack();
    return;
  }
  const userId = body.user.id;
  const values = readFormValues(view.state);
  const work = (async () => {
    const sender = await deps.profiles.user(userId, PROFILE_BUDGET_MS);
    const place = await placeFor(deps, metadata, userId);
    // A submission is identified by the modal and what was in it: a redelivery repeats both, a corrected
    // resubmission after field errors changes the values.
    const eventId = `view:${view.id}:${digest(values)}`;
    return deps.desk.submitForm({ eventId, sender, form: metadata.form, context: metadata.context, values, place });
  })();

  const outcome = await Promise.race([work, late(SUBMIT_BUDGET_MS)]).catch(async (error: unknown) => {
    await ack();
    throw error;
  });
  if (outcome === "late") {
    await ack();
    const finished = await work;
    const message = failureOf(finished, view) ?? (finished.kind === "done" ? finished.notice : undefined);
    if (message) await replyPrivately(client, await replyTarget(deps, metadata, userId), plainReply(message));
    return;
  }
  const inputs = inputBlockIds(view);
  if (outcome.kind === "invalid") {
    const errors = Object.fromEntries(Object.entries(outcome.errors).filter(([field]) => inputs.includes(field)));
    if (Object.keys(errors).length > 0) {
      await ack({ response_action: "errors", errors });
      return;
    }
  }
  const refusal = failureOf(outcome, view);
  if (refusal && inputs.length > 0) {
    // A refusal is about the whole form: Slack shows errors beside a field, so it goes beside the first one.
    await ack({ response_action: "errors", errors: { [inputs[0]]: refusal } });
    return;
  }
  await ack();
  // A confirmation ("draft saved") cannot stay in the closed modal: it goes beside the message the form came from.
  if (outcome.kind === "done" && outcome.notice) await replyPrivately(client, await replyTarget(deps, metadata, userId), plainReply(outcome.notice));
}

/** Where to tell the person what became of their form: the thread it was opened from, else their DM with the bot. */
async function replyTarget(deps: SlackListenerDeps, metadata: FormMetadata, userId: string): Promise<ReplyTarget> {
  if (metadata.place) return { user: userId, channel: metadata.place.conversation, thread: metadata.place.thread };
  return { user: userId, channel: await deps.profiles.directChannel(userId) };
}

/**
 * Where the desk answers about a ticket the form creates: the thread the form came from, or else the person's DM
 * with the bot. Forms about an existing ticket (escalate, resolve, merge) answer nowhere new.
 */
async function placeFor(deps: SlackListenerDeps, metadata: FormMetadata, userId: string): Promise<ChatPlace> {
  if (metadata.place) return { platform: "slack", conversation: metadata.place.conversation, thread: metadata.place.thread };
  if (metadata.form === "request" || metadata.form === "incident") {
    return { platform: "slack", conversation: await deps.profiles.directChannel(userId), thread: null };
  }
  return { platform: "slack", conversation: userId, thread: null };
}

/** A refusal, or the form's errors named by their fields' labels (for a message away from the modal's fields). */
function failureOf(outcome: ActionOutcome, view: ViewOutput): string | null {
  if (outcome.kind === "refused") return outcome.message;
  if (outcome.kind !== "invalid") return null;
  const labels = new Map(view.blocks.flatMap((block) => {
    const label = (block as { label?: { text?: unknown } }).label?.text;
    return block.type === "input" && typeof block.block_id === "string" && typeof label === "string" ? [[block.block_id, label] as const] : [];
  }));
  return Object.entries(outcome.errors).map(([field, error]) => (labels.has(field) ? `${labels.get(field)} — ${error}` : error)).join("\n");
}

function inputBlockIds(view: ViewOutput): string[] {
  return view.blocks.flatMap((block) => (block.type === "input" && typeof block.block_id === "string" ? [block.block_id] : []));
}

function digest(values: Record<string, string>): string {
  const sorted = Object.keys(values).sort().map((key) => [key, values[key]]);
  return createHash("sha256").update(JSON.stringify(sorted)).digest("hex").slice(0, 24);
}

function late(ms: number): Promise<"late"> {
  return new Promise((resolve) => setTimeout(() => resolve("late"), ms).unref());
}
