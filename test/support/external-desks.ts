import type { ExternalSecrets } from "../../src/config/env";
import type { DeskSecrets, WebhookSecrets } from "../../src/config/env";
import { ExternalTransfer } from "../../src/store/entities/ExternalTransfer";
import { Ticket } from "../../src/store/entities/Ticket";
import type { MessageView } from "../../src/core/messages/message-view";
import { bruno, dmOf, type TestDesk } from "./test-desk";

/** Secrets as the environment would give them, for the desks and webhooks of a test. */
export function secrets(desks: Record<string, DeskSecrets>, webhooks: Record<string, WebhookSecrets> = {}): ExternalSecrets {
  return { desks: new Map(Object.entries(desks)), webhooks: new Map(Object.entries(webhooks)) };
}

/** Bruno (level 1) transfers the ticket with Transfer to…, and the outbox runs. */
export async function transfer(t: TestDesk, ticketId: number, desk: string, note = "Merci de changer la borne du bâtiment 5.") {
  const outcome = await t.desk.submitForm({ sender: bruno, form: "transfer", context: String(ticketId), values: { desk, note }, place: dmOf("bruno") });
  await t.flush();
  return outcome;
}

export async function transferOf(t: TestDesk, ticketId: number): Promise<ExternalTransfer> {
  return t.guichet.store.manager.findOneOrFail(ExternalTransfer, { where: { ticketId }, order: { id: "DESC" } });
}

export async function ticketOf(t: TestDesk, id: number): Promise<Ticket> {
  return t.guichet.store.manager.findOneOrFail(Ticket, { where: { id } });
}

/** The last ticket card drawn in the desk team's triage channel. */
export function lastCard(t: TestDesk): MessageView {
  const cards = t.sender.deliveries.filter((d) => d.conversation === "triage:desk" && d.view.kind === "ticket_card");
  if (cards.length === 0) throw new Error("no ticket card in triage:desk");
  return cards[cards.length - 1].view;
}

export function field(view: MessageView, label: string): string | undefined {
  return view.fields?.find((f) => f.label === label)?.value;
}

/** Texts delivered to Alice's direct chat since the last `clear`. */
export function toAlice(t: TestDesk): string[] {
  return t.sender.viewsIn("dm:alice").map((v) => [v.text, v.quote ? `${v.quote.author}: ${v.quote.text}` : ""].filter(Boolean).join(" | "));
}

/** Lets the scheduled reading of transferred tickets run `minutes` later, then the outbox. */
export async function pollAfter(t: TestDesk, minutes: number): Promise<number> {
  t.clock.now = new Date(t.clock.now.getTime() + minutes * 60_000);
  const read = await t.desk.externalDesks.poll();
  await t.flush();
  return read;
}
