import { expect } from "chai";
import { texts } from "../../../src/core/messages/texts";
import { Ticket } from "../../../src/store/entities/Ticket";
import { TicketEvent } from "../../../src/store/entities/TicketEvent";
import { reload, ticketButton } from "../../support/desk-scenarios";
import { emptyPostgres } from "../../support/test-store";
import { bruno, dmOf, nadia, openTestDesk, persona, type TestDesk } from "../../support/test-desk";

/**
 * Two hand-ons of the same ticket at once (a double press of Send, two forms open): one hands it on, the other is
 * told it is done already. On PostgreSQL the two transactions really overlap, so the race is played several times.
 */
const TRIES = Number(process.env.RACE_TRIES ?? 15);

const databases = [
  { name: "SQLite", options: {} },
  ...(process.env.TEST_DATABASE_URL ? [{ name: "PostgreSQL", options: { databaseUrl: process.env.TEST_DATABASE_URL } }] : []),
];

const INFRA = "Infrastructures et centre de données";

for (const db of databases) {
  describe(`level 3: two hand-ons at once on ${db.name}`, function () {
    this.timeout(120_000);
    let t: TestDesk;
    beforeEach(async () => {
      if (db.options.databaseUrl) await emptyPostgres(db.options.databaseUrl);
      t = await openTestDesk(db.options);
    });
    afterEach(async () => t.close());

    /** A new requester's ticket, claimed by Bruno and escalated to the network experts. */
    async function escalatedTicket(login: string): Promise<Ticket> {
      const requester = persona(login);
      await t.desk.receiveMessage({ sender: requester, place: dmOf(login), text: "le VPN refuse ma connexion depuis ce matin" });
      await t.flush();
      await t.desk.pressButton({ sender: requester, ...ticketButton(t, `dm:${login}`) });
      const person = await t.desk.person(requester);
      const ticket = await t.guichet.store.manager.findOneByOrFail(Ticket, { requesterId: person.id });
      await t.desk.pressButton({ sender: bruno, action: "ticket.claim", value: String(ticket.id) });
      await t.desk.submitForm({ sender: bruno, form: "escalate", context: String(ticket.id), values: { group: "network" }, place: dmOf("bruno") });
      await t.flush();
      return ticket;
    }

    it("hands the ticket on once, posts once to the specialists and tells the requester once", async () => {
      for (let i = 0; i < TRIES; i++) {
        const login = `race-${i}`;
        const ticket = await escalatedTicket(login);
        const submit = () => t.desk.submitForm({ sender: nadia, form: "hand_on", context: String(ticket.id), values: { note: "Règle de pare-feu à revoir." }, place: dmOf("nadia") });
        const outcomes = await Promise.all([submit(), submit()]);
        await t.flush();
        const notices = outcomes.map((o) => (o.kind === "done" ? o.notice : o.kind)).sort();
        expect(notices, `try ${i}`).to.deep.equal([texts("fr").levelThree.already(ticket.id, INFRA), texts("fr").levelThree.handedOn(ticket.id, INFRA)].sort());
        const handed = await reload(t, ticket.id);
        expect([handed.level, handed.levelThreeGroup], `try ${i}`).to.deep.equal([3, "infrastructure"]);
        expect(await t.guichet.store.manager.count(TicketEvent, { where: { ticketId: ticket.id, type: "hand_on" } }), `events of try ${i}`).to.equal(1);
        const posts = t.sender.deliveries.filter((d) => d.conversation === "experts:infrastructure" && d.view.kind === "expert_request" && d.view.ticketId === ticket.id);
        expect(posts, `posts of try ${i}`).to.have.length(1);
        const told = t.sender.viewsIn(`dm:${login}`).filter((v) => v.text?.includes("spécialistes"));
        expect(told, `requester of try ${i}`).to.have.length(1);
      }
    });
  });
}
