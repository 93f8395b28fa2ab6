import { expect } from "chai";
import { DeskError } from "../../../src/core/desk-error";
import { openPasswordTicket, reload } from "../../support/desk-scenarios";
import { bruno, dmOf, openTestDesk, type TestDesk } from "../../support/test-desk";

const resolve = (t: TestDesk, id: number, resolution: string) =>
  t.desk.submitForm({ sender: bruno, form: "resolve", context: String(id), values: { resolution }, place: dmOf("bruno") });

describe("a resolution", () => {
  let t: TestDesk;
  beforeEach(async () => {
    t = await openTestDesk();
  });
  afterEach(async () => t.close());

  it("is asked for in a required field that says the requester reads it", async () => {
    const ticket = await openPasswordTicket(t);
    const outcome = await t.desk.pressButton({ sender: bruno, action: "ticket.resolve", value: String(ticket.id) });
    if (outcome.kind !== "form") throw new Error(`expected the form, got ${outcome.kind}`);
    expect(outcome.form.fields[0]).to.deep.include({ id: "resolution", required: true, hint: "Expliquez la solution : c'est ce que le demandeur lira." });
  });

  it("is refused without an answer that explains the fix, and the ticket stays open", async () => {
    const ticket = await openPasswordTicket(t);
    expect(await resolve(t, ticket.id, "   ")).to.deep.equal({ kind: "invalid", errors: { resolution: "Ce champ est obligatoire." } });
    expect((await reload(t, ticket.id)).status).to.equal("acknowledged");
  });

  it("is refused by the desk itself, whatever the channel sent", async () => {
    const ticket = await openPasswordTicket(t);
    const agent = await t.desk.person(bruno);
    const refusal = await t.guichet.store.transaction((m) => t.desk.tickets.resolve(m, agent, ticket.id, "")).catch((error: unknown) => error);
    expect(refusal).to.be.instanceOf(DeskError);
    expect((refusal as DeskError).message).to.equal("Expliquez la solution apportée : elle est envoyée au demandeur avec la résolution.");
  });

  it("reaches the requester with the answer quoted", async () => {
    const ticket = await openPasswordTicket(t);
    expect(await resolve(t, ticket.id, "Mot de passe réinitialisé depuis l'annuaire.")).to.deep.equal({ kind: "done" });
    await t.flush();
    expect(t.sender.last("dm:alice").quote).to.deep.equal({ author: "Bruno Agent", text: "Mot de passe réinitialisé depuis l'annuaire." });
  });
});
