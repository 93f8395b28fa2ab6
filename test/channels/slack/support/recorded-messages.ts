import type { FakeSlackApi, RecordedCall } from "./fake-slack-api";

/** A button the app drew somewhere in Slack, with what a press of it needs to say where it was. */
export interface DrawnButton {
  actionId: string;
  /** The desk action (the action id without its position suffix). */
  action: string;
  value: string;
  label: string;
  channel: string | null;
  /** The message the button is on. */
  ts: string | null;
  /** The thread that message is in, if any. */
  threadTs: string | null;
  ephemeral: boolean;
  home: boolean;
  /** Everything the message said, for assertions. */
  text: string;
}

interface Block {
  type: string;
  text?: { text: string };
  fields?: Array<{ text: string }>;
  elements?: Array<Record<string, unknown>>;
  accessory?: Record<string, unknown>;
}

/** Every button in the messages, ephemeral answers and App Home pages the app sent, oldest first. */
export function drawnButtons(api: FakeSlackApi): DrawnButton[] {
  return api.calls.flatMap((call) => buttonsOf(call));
}

/** The last drawn button with this desk action (and matching the filter), or an error naming what was there. */
export function lastButton(api: FakeSlackApi, action: string, filter: Partial<Pick<DrawnButton, "channel" | "label" | "value" | "home" | "threadTs">> = {}): DrawnButton {
  const found = drawnButtons(api)
    .reverse()
    .find((b) => b.action === action && Object.entries(filter).every(([key, value]) => b[key as keyof DrawnButton] === value));
  if (!found) {
    const seen = drawnButtons(api).map((b) => `${b.action}@${b.channel}`).join(", ");
    throw new Error(`no ${action} button ${JSON.stringify(filter)} was drawn; drawn: ${seen}`);
  }
  return found;
}

/** All the text of a message's blocks (sections, fields, contexts, headers, button labels), joined by newlines. */
export function blocksText(blocks: unknown): string {
  if (!Array.isArray(blocks)) return "";
  return (blocks as Block[])
    .flatMap((block) => [
      block.text?.text ?? "",
      ...(block.fields ?? []).map((f) => f.text),
      ...(block.elements ?? []).map((e) => String((e.text as { text?: string } | undefined)?.text ?? e.text ?? "")),
      String((block.accessory?.text as { text?: string } | undefined)?.text ?? ""),
    ])
    .filter((t) => t !== "")
    .join("\n");
}

/** Text of every message posted to `channel` (in `thread` if given), oldest first. */
export function postedTexts(api: FakeSlackApi, channel: string, thread?: string | null): string[] {
  return api.posts(channel, thread).map((args) => blocksText(args.blocks));
}

function buttonsOf(call: RecordedCall): DrawnButton[] {
  const args = call.args;
  let where: Pick<DrawnButton, "channel" | "ts" | "threadTs" | "ephemeral" | "home">;
  let blocks: unknown;
  switch (call.method) {
    case "chat.postMessage":
      where = { channel: String(args.channel), ts: String(call.result?.ts ?? ""), threadTs: (args.thread_ts as string) ?? null, ephemeral: false, home: false };
      blocks = args.blocks;
      break;
    case "chat.update":
      where = { channel: String(args.channel), ts: String(args.ts), threadTs: null, ephemeral: false, home: false };
      blocks = args.blocks;
      break;
    case "chat.postEphemeral":
      where = { channel: String(args.channel), ts: String(call.result?.message_ts ?? ""), threadTs: (args.thread_ts as string) ?? null, ephemeral: true, home: false };
      blocks = args.blocks;
      break;
    case "response_url":
      where = { channel: null, ts: null, threadTs: null, ephemeral: true, home: false };
      blocks = args.blocks;
      break;
    case "views.publish":
      where = { channel: null, ts: null, threadTs: null, ephemeral: false, home: true };
      blocks = (args.view as { blocks?: unknown }).blocks;
      break;
    default:
      return [];
  }
  const text = blocksText(blocks);
  if (!Array.isArray(blocks)) return [];
  return (blocks as Block[]).flatMap((block) => {
    const elements = [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])];
    return elements
      .filter((e) => e.type === "button")
      .map((e) => ({
        ...where,
        actionId: String(e.action_id),
        action: String(e.action_id).split("#")[0],
        value: String(e.value),
        label: String((e.text as { text: string }).text),
        text,
      }));
  });
}
