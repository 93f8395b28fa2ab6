import { expect } from "chai";
import { TicketEvent } from "../../../src/store/entities/TicketEvent";
import { openPasswordTicket, reload } from "../../support/desk-scenarios";
import { emptyPostgres } from "../../support/test-store";
import { alice, bruno, lea, openTestDesk, type TestDesk } from "../../support/test-desk";

const press = (t: TestDesk, sender: typeof alice, value: string) => t.desk.pressButton({ sender, action: "ticket.blocking", value });
const blockingEvents = (t: TestDesk, ticketId: number) =>
  t.guichet.store.manager.find(TicketEvent, { where: { ticketId }, order: { id: "ASC" } }).then((events) =>
    events.filter((e) => e.type.startsWith("blocking")).map((e) => [e.type, e.actorId]));

describe("the blocking tag", () => {
  let t: TestDesk;
  beforeEach(async () => {
    t = await openTestDesk();
  });
  afterEach(async () => t.close());

  it("is set by an agent from the card's button, written to the audit log, and shown on the redrawn card", async () => {
    const ticket = await openPasswordTicket(t);
    const card = t.sender.last("triage:desk");
    const button = card.actions?.find((a) => a.action === "ticket.blocking");
    expect(button).to.deep.include({ label: "Marquer bloquant", value: `${ticket.id}:on` });
    expect(await press(t, bruno, button?.value as string)).to.deep.equal({ kind: "done" });
    await t.flush();
    expect((await reload(t, ticket.id)).blocking).to.equal(true);
    const agent = await t.desk.person(bruno);
    expect(await blockingEvents(t, ticket.id)).to.deep.equal([["blocking_set", agent.id]]);
    const redrawn = t.sender.deliveries.filter((d) => d.conversation === "triage:desk" && d.operation === "update").pop()?.view;
    expect(redrawn?.fields).to.deep.include({ label: "Bloquant", value: "oui, suivi en revue" });
    expect(redrawn?.actions?.find((a) => a.action === "ticket.blocking")).to.deep.include({ label: "Plus bloquant", value: `${ticket.id}:off` });
  });

  it("is taken off the same way, and a second press of a card not yet redrawn changes and logs nothing", async () => {
    const ticket = await openPasswordTicket(t);
    await press(t, bruno, `${ticket.id}:on`);
    await press(t, lea, `${ticket.id}:on`);
    await press(t, lea, `${ticket.id}:off`);
    expect((await reload(t, ticket.id)).blocking).to.equal(false);
    const [brunoId, leaId] = [(await t.desk.person(bruno)).id, (await t.desk.person(lea)).id];
    expect(await blockingEvents(t, ticket.id)).to.deep.equal([["blocking_set", brunoId], ["blocking_cleared", leaId]]);
  });

  it("is refused to a requester, and to a value that says neither on nor off", async () => {
    const ticket = await openPasswordTicket(t);
    expect(await press(t, alice, `${ticket.id}:on`)).to.deep.include({ kind: "refused" });
    expect(await press(t, bruno, `${ticket.id}:maybe`)).to.deep.include({ kind: "refused" });
    expect((await reload(t, ticket.id)).blocking).to.equal(false);
    expect(await blockingEvents(t, ticket.id)).to.deep.equal([]);
  });
});

const databases = [
  { name: "SQLite", options: {} },
  ...(process.env.TEST_DATABASE_URL ? [{ name: "PostgreSQL", options: { databaseUrl: process.env.TEST_DATABASE_URL } }] : []),
];

for (const db of databases) {
  describe(`the blocking tag pressed twice at once on ${db.name}`, () => {
    it("is set once and logged once", async () => {
      if (db.options.databaseUrl) await emptyPostgres(db.options.databaseUrl);
      const t = await openTestDesk(db.options);
      try {
        const ticket = await openPasswordTicket(t);
        const outcomes = await Promise.all([bruno, lea].map((agent) => press(t, agent, `${ticket.id}:on`)));
        expect(outcomes.map((o) => o.kind)).to.deep.equal(["done", "done"]);
        expect((await blockingEvents(t, ticket.id)).map(([type]) => type)).to.deep.equal(["blocking_set"]);
      } finally {
        await t.close();
      }
    });
  });
}
