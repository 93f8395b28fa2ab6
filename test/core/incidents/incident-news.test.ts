import { expect } from "chai";
import { IncidentWatch } from "../../../src/core/incidents/incident-watch";
import type { Ticket } from "../../../src/store/entities/Ticket";
import { openPasswordTicket } from "../../support/desk-scenarios";
import { alice, bruno, dmOf, openTestDesk, type TestDesk } from "../../support/test-desk";
import { paris } from "../sla/calendar-fixtures";

const outage = { title: "Panne de l'authentification centrale", category: "accounts" };

// Declared on Tuesday 24 November 2026 at 10:00 in Paris: news is due within sla.majorIncidentBroadcast (24 working
// hours), by Friday 27 at 11:30.
describe("news of a major incident", () => {
  let t: TestDesk;
  let ticket: Ticket;
  beforeEach(async () => {
    t = await openTestDesk();
    ticket = await openPasswordTicket(t);
    await t.desk.declareMajorIncident(bruno, outage);
    await t.flush();
  });
  afterEach(async () => t.close());

  const remindAt = async (local: string) => {
    t.clock.now = paris(local);
    const reminded = await new IncidentWatch(t.desk.ctx, t.desk.incidents).remindStale();
    await t.flush();
    return reminded;
  };
  const update = async (local: string, news: string) => {
    t.clock.now = paris(local);
    const outcome = await t.desk.runCommand(bruno, dmOf("bruno"), "incident", `update 1 ${news}`);
    await t.flush();
    return outcome;
  };

  it("is promised in the broadcast: the next news is due within sla.majorIncidentBroadcast", async () => {
    expect(t.sender.last("announcements").text).to.match(/\nProchaines nouvelles au plus tard vendredi 27 novembre à 11:30\.$/);
    expect(t.sender.last("triage:desk").actions?.map((a) => a.action)).to.deep.equal(["incident.update", "incident.close"]);
  });

  it("goes to everyone linked, the announcements and level 1, with when the next news is due", async () => {
    t.sender.clear();
    const outcome = await update("2026-11-25T09:00", "Le prestataire remplace le serveur, retour prévu demain.");
    expect(outcome).to.deep.equal({ kind: "view", view: { kind: "notice", lang: "fr", text: "Nouvelles de l'incident majeur n°1 diffusées." } });
    const expected = "Point d'étape : Le prestataire remplace le serveur, retour prévu demain.\nProchaines nouvelles au plus tard lundi 30 novembre à 10:30.";
    const toAlice = t.sender.last("dm:alice");
    expect([toAlice.title, toAlice.text, toAlice.ticketId]).to.deep.equal(["📣 Incident majeur n°1 · Panne de l'authentification centrale", expected, ticket.id]);
    expect(t.sender.last("announcements").text).to.equal(expected);
    expect(t.sender.last("triage:desk").text).to.equal(expected);
  });

  it("is asked of the agent who declared it, once, when none was given for that long", async () => {
    expect(await remindAt("2026-11-27T11:29")).to.equal(0);
    expect(await remindAt("2026-11-27T11:30")).to.equal(1);
    expect(await remindAt("2026-11-27T16:00")).to.equal(0);
    const reminders = t.sender.viewsIn("dm:bruno").filter((v) => v.title?.startsWith("⏰"));
    expect(reminders).to.have.length(1);
    expect(reminders[0].text).to.equal(
      "Cet incident est sans nouvelles depuis 24 h ouvrées : donnez un point d'étape à tous (« incident update 1 NOUVELLES », ou le bouton ci-dessous).",
    );
    expect(reminders[0].actions?.map((a) => [a.action, a.value])).to.deep.equal([["incident.update", "1"]]);
  });

  it("resets the silence: the next reminder counts from the last news", async () => {
    await update("2026-11-26T09:00", "Toujours en cours.");
    expect(await remindAt("2026-11-27T11:30")).to.equal(0);
    // 24 working hours after Thursday 09:00: Tuesday 1 December at 10:30.
    expect(await remindAt("2026-12-01T10:30")).to.equal(1);
  });

  it("is given from the button's form by level 1 only", async () => {
    expect((await t.desk.pressButton({ sender: alice, action: "incident.update", value: "1" })).kind).to.equal("refused");
    const outcome = await t.desk.pressButton({ sender: bruno, action: "incident.update", value: "1" });
    if (outcome.kind !== "form") throw new Error(`expected the form, got ${outcome.kind}`);
    expect(await t.desk.submitForm({ sender: bruno, form: "incident_update", context: "1", values: { news: "Rétabli à 80 %." }, place: dmOf("bruno") }))
      .to.deep.equal({ kind: "done", notice: "Nouvelles de l'incident majeur n°1 diffusées." });
    await t.flush();
    expect(t.sender.last("announcements").text).to.match(/^Point d'étape : Rétabli à 80 %\./);
  });
});
