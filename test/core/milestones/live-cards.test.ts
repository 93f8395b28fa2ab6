import { expect } from "chai";
import type { Delivery } from "../../../src/core/outbox/channel-sender";
import { SlaSweep } from "../../../src/core/sla/sla-sweep";
import type { Ticket } from "../../../src/store/entities/Ticket";
import { renderView } from "../../../src/channels/console/render-text";
import { openPasswordTicket, reload } from "../../support/desk-scenarios";
import { bruno, openTestDesk, type TestDesk } from "../../support/test-desk";
import { paris } from "../sla/calendar-fixtures";

const cardUpdates = (t: TestDesk, conversation: string): Delivery[] =>
  t.sender.deliveries.filter((d) => d.operation === "update" && d.conversation === conversation);

async function sweepAt(t: TestDesk, local: string): Promise<void> {
  t.clock.now = paris(local);
  await new SlaSweep(t.desk.ctx, t.desk.tickets).run();
  await t.flush();
}

const milestoneOf = (delivery: Delivery | undefined, start: string) => delivery?.view.milestones?.lines.find((l) => l.text.startsWith(start));

// The password ticket: opened Tuesday 24 November 2026 at 10:00 in Paris; first answer due at 15:30 (reminder 14:30).
describe("live milestones on the ticket's posts", () => {
  let t: TestDesk;
  let ticket: Ticket;
  beforeEach(async () => {
    t = await openTestDesk();
    ticket = await openPasswordTicket(t);
  });
  afterEach(async () => t.close());

  it("draws the commitments on the triage card as posted, with when it was drawn (console)", () => {
    const card = t.sender.deliveries.find((d) => d.conversation === "triage:desk" && d.view.kind === "ticket_card");
    const drawn = renderView(card!.view, () => 1);
    expect(drawn).to.include.members([
      "  ✅ Accusé de réception envoyé mardi 24 novembre à 10:00",
      "  ⏳ Première réponse : dans 4 h ouvrées, au plus tard mardi 24 novembre à 15:30",
      "  (État au mardi 24 novembre à 10:00)",
    ]);
  });

  it("is redrawn in place by the sweep when a commitment turns near, then overdue, and not in between", async () => {
    t.sender.clear();
    await sweepAt(t, "2026-11-24T14:30");
    const [near] = cardUpdates(t, "triage:desk");
    expect(near.messageId).to.match(/^msg-\d+$/);
    expect(milestoneOf(near, "Première réponse")).to.deep.equal({ state: "near", text: "Première réponse : dans 1 h ouvrée, au plus tard mardi 24 novembre à 15:30" });
    expect(near.view.milestones?.asOf).to.equal("État au mardi 24 novembre à 14:30");

    await sweepAt(t, "2026-11-24T14:45");
    await sweepAt(t, "2026-11-24T15:10");
    expect(cardUpdates(t, "triage:desk")).to.have.length(1);

    await sweepAt(t, "2026-11-24T15:30");
    const updates = cardUpdates(t, "triage:desk");
    expect(updates).to.have.length(2);
    expect(updates[1].messageId).to.equal(near.messageId);
    expect(milestoneOf(updates[1], "Première réponse")?.state).to.equal("overdue");
  });

  it("shows a paused resolution clock with why and since when, once the agent waits for the requester", async () => {
    t.clock.now = paris("2026-11-24T14:05");
    await t.desk.pressButton({ sender: bruno, action: "ticket.claim", value: String(ticket.id) });
    await t.desk.pressButton({ sender: bruno, action: "ticket.wait", value: String(ticket.id) });
    await t.flush();
    const last = cardUpdates(t, "triage:desk").at(-1);
    expect(milestoneOf(last, "Pris en charge")?.text).to.equal("Pris en charge par Bruno Agent mardi 24 novembre à 14:05");
    expect(milestoneOf(last, "Résolution")).to.deep.equal({ state: "paused", text: "Résolution : en pause, en attente du demandeur depuis mardi 24 novembre à 14:05" });
  });

  it("shows the experts the same commitments, level 1's owner and the note, updated in place", async () => {
    t.clock.now = paris("2026-11-24T11:00");
    await t.desk.pressButton({ sender: bruno, action: "ticket.claim", value: String(ticket.id) });
    await t.desk.submitForm({ sender: bruno, form: "escalate", context: String(ticket.id), values: { group: "identity", note: "compte bloqué côté annuaire" }, place: { platform: "console", conversation: "triage:desk" } });
    await t.flush();
    const post = t.sender.deliveries.find((d) => d.conversation === "experts:identity" && d.operation === "post");
    expect(post?.view.fields).to.deep.include.members([
      { label: "Note de l'agent", value: "compte bloqué côté annuaire" },
      { label: "Niveau 1", value: "Bruno Agent" },
    ]);
    expect(milestoneOf(post, "Résolution")?.text).to.equal("Résolution : dans 21 h 30 ouvrées, au plus tard vendredi 27 novembre à 10:00");

    // The first answer falls due at 15:30 (the escalation gave none): the experts' post turns with the card.
    await sweepAt(t, "2026-11-24T15:30");
    const updated = t.sender.deliveries.filter((d) => d.conversation === "experts:identity" && d.operation === "update").at(-1);
    expect(updated?.messageId).to.equal(`msg-${post?.outboxId}`);
    expect(milestoneOf(updated, "Première réponse")?.state).to.equal("overdue");
    expect(updated?.view.fields).to.deep.include({ label: "Note de l'agent", value: "compte bloqué côté annuaire" });
    expect(updated?.view.text).to.equal(post?.view.text);
  });

  it("names no owner yet on an automatic escalation of a ticket nobody took", async () => {
    await sweepAt(t, "2026-11-25T10:00");
    expect((await reload(t, ticket.id)).status).to.equal("escalated");
    const post = t.sender.deliveries.find((d) => d.conversation === "experts:identity" && d.operation === "post");
    expect(post?.view.fields).to.deep.include({ label: "Niveau 1", value: "personne pour l’instant" });
    expect(post?.view.text).to.match(/^Le niveau 1 n'a pas résolu ce ticket en 1 jour ouvré/);
  });
});
