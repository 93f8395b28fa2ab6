import type { Activity } from "botbuilder";
import { z } from "zod";

/**
 * What a Bot Framework activity must look like before the bot (and botbuilder's own dispatch) reads it. A token
 * proves that Teams sent an activity, not that its fields have the types the code expects: `text` a number, an
 * `id` that is an object or `membersAdded` that is not a list made the turn throw (500, and Teams sends it again).
 * Each field read by the bot, the card handler or botbuilder's dispatch is checked here, once; a malformed activity
 * is refused with 400 and reaches nothing.
 */
const id = z.string().min(1).max(1000);
const account = z.looseObject({ id, name: z.string().optional(), aadObjectId: z.string().optional() });

const entity = z.union([
  // botbuilder removes the bot's @mention from the text with `text.replace(mention.text, "")`.
  z.looseObject({ type: z.string().regex(/^mention$/i), mentioned: account, text: z.string().optional() }),
  z.looseObject({ type: z.string() }),
]);

/** Universal Actions (`Action.Execute`): the only invoke the bot answers. */
export const CARD_ACTION_INVOKE = "adaptiveCard/action";
const cardActionValue = z.looseObject({
  action: z.looseObject({ type: z.string(), verb: z.string().optional(), data: z.unknown().optional() }),
  trigger: z.string().optional(),
});

const activitySchema = z.looseObject({
  type: z.string().min(1),
  id: id.optional(),
  serviceUrl: z.string(),
  channelId: z.string().optional(),
  from: account,
  recipient: account,
  conversation: z.looseObject({
    id,
    conversationType: z.string().optional(),
    tenantId: z.string().optional(),
    isGroup: z.boolean().optional(),
  }),
  text: z.string().max(100_000).optional(),
  textFormat: z.string().optional(),
  locale: z.string().optional(),
  replyToId: id.optional(),
  name: z.string().optional(),
  entities: z.array(entity).optional(),
  attachments: z.array(z.looseObject({})).optional(),
  membersAdded: z.array(account).optional(),
  membersRemoved: z.array(account).optional(),
  reactionsAdded: z.array(z.looseObject({})).optional(),
  reactionsRemoved: z.array(z.looseObject({})).optional(),
  channelData: z.looseObject({
    tenant: z.looseObject({ id: z.string().optional() }).optional(),
    team: z.looseObject({ id: z.string().optional() }).optional(),
  }).optional(),
});

/** The activity, checked, or what is wrong with it (for the 400 answer and the log). */
export function readActivity(body: unknown): { activity: Activity } | { problem: string } {
  const parsed = activitySchema.safeParse(body);
  if (!parsed.success) return { problem: problemOf(parsed.error) };
  const activity = parsed.data;
  if (activity.type === "invoke") {
    // botbuilder answers any other invoke 501 Not Implemented; the bot has nothing to say to them.
    if (activity.name !== CARD_ACTION_INVOKE) return { problem: `unsupported invoke ${JSON.stringify(activity.name ?? null).slice(0, 80)}` };
    const value = cardActionValue.safeParse(activity.value);
    if (!value.success) return { problem: `invoke value: ${problemOf(value.error)}` };
  }
  return { activity: activity as unknown as Activity };
}

function problemOf(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue?.path.length ? issue.path.join(".") : "(body)";
  return `${path}: ${issue?.message ?? "invalid"}`.slice(0, 300);
}
