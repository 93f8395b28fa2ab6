import { expect } from "chai";
import { SlaSweep } from "../../../src/core/sla/sla-sweep";
import { Ticket } from "../../../src/store/entities/Ticket";
import { reload } from "../../support/desk-scenarios";
import { alice, bruno, dmOf, marie, openTestDesk, type TestDesk } from "../../support/test-desk";
import { inParis, paris } from "../sla/calendar-fixtures";

const press = (t: TestDesk, sender: typeof alice, action: string, value: string | number) =>
  t.desk.pressButton({ sender, action, value: String(value) });

/** Alice asks for car access (a request type that a manager approves), on Tuesday 24 November 2026 at 10:00. */
async function carAccessRequest(t: TestDesk): Promise<Ticket> {
  await t.desk.submitForm({
    sender: alice, form: "request", context: "car-access", values: { campus: "luminy", plate: "AB-123-CD", until: "2027-06-30" }, place: dmOf("alice"),
  });
  await t.flush();
  return t.guichet.store.manager.findOneOrFail(Ticket, { where: { requestType: "car-access" } });
}

describe("a request waiting for approval", () => {
  let t: TestDesk;
  let request: Ticket;
  beforeEach(async () => {
    t = await openTestDesk();
    request = await carAccessRequest(t);
  });
  afterEach(async () => t.close());

  it("is sent to the approving manager in a DM, with Approve and Reject", async () => {
    const ask = t.sender.last("dm:marie");
    expect(ask.title).to.equal(`✋ Demande n°${request.id} à valider · ${request.title}`);
    expect(ask.text).to.equal("Alice Martin demande : Accès voiture à un campus. Validez-la pour que le support la traite, ou refusez-la en donnant la raison.");
    expect(ask.actions?.map((a) => [a.action, a.value])).to.deep.equal([["request.approve", String(request.id)], ["request.reject", String(request.id)]]);
    expect(t.sender.viewsIn("dm:alice").find((v) => v.kind === "receipt")?.text).to.contain(
      "Elle doit d'abord être validée par un responsable, et le délai courra à partir de la validation.",
    );
  });

  it("has its SLA clocks wait for the approval, then counted from it", async () => {
    expect((await reload(t, request.id)).slaDueAt).to.equal(null);
    t.clock.now = paris("2026-11-26T10:00");
    expect(await new SlaSweep(t.desk.ctx, t.desk.tickets).run()).to.deep.include({ reminders: 0, breaches: 0 });
    expect(await press(t, marie, "request.approve", request.id)).to.deep.equal({ kind: "done" });
    await t.flush();
    // A high-priority request: the first answer is due 4 working hours after the approval, reminded at 3.
    expect(t.sender.last("dm:alice").text).to.equal(
      "Demande validée par Marie Directrice. Vous aurez une réponse ou un calendrier de résolution au plus tard jeudi 26 novembre à 15:30.",
    );
    const approved = await reload(t, request.id);
    expect([inParis(approved.approvedAt as Date), inParis(approved.slaDueAt as Date)]).to.deep.equal(["Thu 2026-11-26 10:00 +01:00", "Thu 2026-11-26 14:30 +01:00"]);
  });

  it("asks the manager who rejects it for the reason, and gives it to the requester", async () => {
    const outcome = await press(t, marie, "request.reject", request.id);
    if (outcome.kind !== "form") throw new Error(`expected the reason's form, got ${outcome.kind}`);
    expect(outcome.form.fields.map((f) => [f.id, f.required])).to.deep.equal([["reason", true]]);
    expect(await t.desk.submitForm({ sender: marie, form: "reject", context: String(request.id), values: { reason: "" }, place: dmOf("marie") }))
      .to.deep.equal({ kind: "invalid", errors: { reason: "Ce champ est obligatoire." } });
    expect(await t.desk.submitForm({ sender: marie, form: "reject", context: String(request.id), values: { reason: "Le parking de Luminy est complet jusqu'en juin." }, place: dmOf("marie") }))
      .to.deep.equal({ kind: "done" });
    await t.flush();
    const rejected = await reload(t, request.id);
    expect([rejected.status, rejected.approval]).to.deep.equal(["closed", "rejected"]);
    const told = t.sender.last("dm:alice");
    expect(told.title).to.equal(`Demande n°${request.id} refusée`);
    expect(told.quote).to.deep.equal({ author: "Marie Directrice", text: "Le parking de Luminy est complet jusqu'en juin." });
  });

  it("refuses Reject to anyone but a manager", async () => {
    expect(await press(t, bruno, "request.reject", request.id)).to.deep.equal({ kind: "refused", message: "Seul un responsable peut valider ou refuser une demande." });
  });
});
