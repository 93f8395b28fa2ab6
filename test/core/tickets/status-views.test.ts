import { expect } from "chai";
import type { MessageView } from "../../../src/core/messages/message-view";
import type { Ticket } from "../../../src/store/entities/Ticket";
import { openPasswordTicket } from "../../support/desk-scenarios";
import { alice, ben, bruno, dmOf, openTestDesk, type TestDesk } from "../../support/test-desk";

describe("status and ticket N: the desk drawn again on request", () => {
  let t: TestDesk;
  let ticket: Ticket;
  beforeEach(async () => {
    t = await openTestDesk();
    ticket = await openPasswordTicket(t);
  });
  afterEach(async () => t.close());

  const command = async (sender: typeof alice, name: string, args = ""): Promise<MessageView> => {
    const outcome = await t.desk.runCommand(sender, dmOf(sender.id), name, args);
    if (outcome.kind !== "view") throw new Error(`expected a view, got ${outcome.kind}`);
    return outcome.view;
  };

  it("shows an agent the queue, not their own (empty) list of requests", async () => {
    const view = await command(bruno, "status");
    expect(view.text).to.include("File d'attente : tickets non attribués").and.include(`#${ticket.id} · ${ticket.title}`);
    expect(view.footer).to.equal("Écrivez «\u00a0ticket N\u00a0» pour afficher le ticket N avec ses boutons.");
  });

  it("shows a requester their own tickets", async () => {
    const view = await command(alice, "status");
    expect(view.text).to.include("Vos tickets ouverts").and.include(`#${ticket.id} · ${ticket.title}`);
    expect(view.text).not.to.include("File d'attente");
  });

  it("draws the triage card again for an agent, with the buttons that fit the ticket now", async () => {
    const card = await command(bruno, "ticket", String(ticket.id));
    expect(card.kind).to.equal("ticket_card");
    expect(card.actions?.map((a) => a.action)).to.include("ticket.claim");
  });

  it("gives a requester the confirm and reopen buttons of their resolved ticket", async () => {
    await t.desk.pressButton({ sender: bruno, action: "ticket.claim", value: String(ticket.id) });
    await t.desk.submitForm({ sender: bruno, form: "resolve", context: String(ticket.id), values: { resolution: "fait" }, place: dmOf("bruno") });
    const view = await command(alice, "ticket", `#${ticket.id}`);
    expect(view.actions?.map((a) => a.action)).to.deep.equal(["ticket.close", "ticket.reopen"]);
  });

  it("says a ticket of someone else does not exist", async () => {
    const view = await command(ben, "ticket", String(ticket.id));
    expect(view).to.deep.equal({ kind: "notice", lang: "en", text: `Ticket #${ticket.id} not found.` });
  });

  it("reads « ticket N » typed in a chat as the command", async () => {
    t.sender.clear();
    await t.desk.receiveMessage({ sender: bruno, place: dmOf("bruno"), text: `ticket ${ticket.id}` });
    await t.flush();
    expect(t.sender.last("dm:bruno").kind).to.equal("ticket_card");
  });
});
