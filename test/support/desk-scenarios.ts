import { Ticket } from "../../src/store/entities/Ticket";
import type { TestDesk } from "./test-desk";
import { alice, dmOf } from "./test-desk";

/** The value of the button `action` in the last message delivered to `conversation`. */
export function buttonValue(t: TestDesk, conversation: string, action: string): string {
  for (const view of [...t.sender.viewsIn(conversation)].reverse()) {
    const button = view.actions?.find((a) => a.action === action);
    if (button) return button.value;
  }
  throw new Error(`no ${action} button in ${conversation}`);
}

/** The button that turns the current conversation into a ticket: "not solved" after suggestions, else "open a ticket". */
export function ticketButton(t: TestDesk, conversation: string): { action: string; value: string } {
  const view = t.sender.last(conversation);
  const button = view.actions?.find((a) => a.action === "kb.not_solved" || a.action === "kb.open_ticket");
  if (!button) throw new Error(`no way to open a ticket in the last message to ${conversation}`);
  return button;
}

/** Alice writes, is not helped, and gets a ticket: the common start of many tests. */
export async function openPasswordTicket(t: TestDesk, text = "j'ai oublié mon mot de passe et je ne peux plus me connecter"): Promise<Ticket> {
  await t.desk.receiveMessage({ sender: alice, place: dmOf("alice"), text });
  await t.flush();
  await t.desk.pressButton({ sender: alice, ...ticketButton(t, "dm:alice") });
  await t.flush();
  return t.guichet.store.manager.findOneOrFail(Ticket, { where: {}, order: { id: "DESC" } });
}

export async function reload(t: TestDesk, id: number): Promise<Ticket> {
  return t.guichet.store.manager.findOneOrFail(Ticket, { where: { id } });
}
