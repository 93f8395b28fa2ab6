import { randomUUID } from "node:crypto";

/** The organisation the test desk serves. */
export const TENANT = "tenant-univ-0001";
export const BOT = { id: "28:guichet-bot", name: "guichet" };

export interface TeamsUser {
  aadObjectId: string;
  name: string;
  /** Teams' per-bot user id (29:…). */
  id?: string;
}

/** Where an activity happens: a personal chat, or a channel (optionally a thread of it, by its root id). */
export type Where =
  | { personal: TeamsUser }
  | { channel: string; root?: string; team?: string };

export interface ActivityOptions {
  id?: string;
  serviceUrl: string;
  tenant?: string;
  locale?: string;
  replyToId?: string;
}

/** The personal chat id of a user with the bot. */
export function personalChatOf(user: TeamsUser): string {
  return `a:personal-${user.aadObjectId}`;
}

function base(type: string, from: TeamsUser, where: Where, options: ActivityOptions): Record<string, unknown> {
  const conversation =
    "personal" in where
      ? { id: personalChatOf(where.personal), conversationType: "personal", tenantId: options.tenant ?? TENANT }
      : {
          id: where.root ? `${where.channel};messageid=${where.root}` : where.channel,
          conversationType: "channel",
          isGroup: true,
          tenantId: options.tenant ?? TENANT,
        };
  return {
    type,
    id: options.id ?? randomUUID(),
    timestamp: new Date().toISOString(),
    serviceUrl: options.serviceUrl,
    channelId: "msteams",
    from: { id: from.id ?? `29:${from.aadObjectId}`, aadObjectId: from.aadObjectId, name: from.name },
    recipient: BOT,
    conversation,
    locale: options.locale ?? "fr-FR",
    ...(options.replyToId ? { replyToId: options.replyToId } : {}),
    channelData: {
      tenant: { id: options.tenant ?? TENANT },
      ...("channel" in where ? { channel: { id: where.channel }, team: { id: where.team ?? "19:general-it@thread.tacv2" } } : {}),
    },
  };
}

/** A message; in a channel it @mentions the bot unless `mention: false` (a reply in a thread, heard through RSC). */
export function messageActivity(
  from: TeamsUser,
  where: Where,
  text: string,
  options: ActivityOptions & { mention?: boolean },
): Record<string, unknown> {
  const activity = base("message", from, where, options);
  const mention = "channel" in where && options.mention !== false;
  if (!mention) return { ...activity, text, textFormat: "plain" };
  const tag = `<at>${BOT.name}</at>`;
  return {
    ...activity,
    text: `${tag} ${text}`,
    textFormat: "plain",
    entities: [{ type: "mention", text: tag, mentioned: { id: BOT.id, name: BOT.name } }],
  };
}

/** A Universal Action press: an `adaptiveCard/action` invoke carrying the button's data and the card's inputs. */
export function invokeActivity(
  from: TeamsUser,
  where: Where,
  action: { verb: string; data: Record<string, unknown> },
  options: ActivityOptions & { inputs?: Record<string, unknown> },
): Record<string, unknown> {
  return {
    ...base("invoke", from, where, options),
    name: "adaptiveCard/action",
    value: { action: { type: "Action.Execute", verb: action.verb, data: { ...action.data, ...options.inputs } }, trigger: "manual" },
  };
}

/** The `Action.Submit` fallback: a message whose value is the button's data and the card's inputs. */
export function submitActivity(
  from: TeamsUser,
  where: Where,
  data: Record<string, unknown>,
  options: ActivityOptions & { inputs?: Record<string, unknown> },
): Record<string, unknown> {
  return { ...base("message", from, where, options), value: { ...data, ...options.inputs } };
}

/** The bot installed: in a personal chat (the user added it) or in a team (its General channel). */
export function installActivity(from: TeamsUser, where: Where, options: ActivityOptions): Record<string, unknown> {
  return {
    ...base("conversationUpdate", from, where, options),
    membersAdded: [{ id: BOT.id }],
    ...("channel" in where ? { channelData: { tenant: { id: options.tenant ?? TENANT }, team: { id: where.channel }, eventType: "teamMemberAdded" } } : {}),
  };
}
