import { expect } from "chai";
import type { ActionOutcome } from "../../src/core/messages/message-view";
import { IncidentWatch } from "../../src/core/incidents/incident-watch";
import { texts } from "../../src/core/messages/texts";
import { SlaSweep } from "../../src/core/sla/sla-sweep";
import { Conversation } from "../../src/store/entities/Conversation";
import { KnowledgeUsage } from "../../src/store/entities/KnowledgeUsage";
import { MajorIncident } from "../../src/store/entities/MajorIncident";
import { Person } from "../../src/store/entities/Person";
import { PersonIdentity } from "../../src/store/entities/PersonIdentity";
import { Ticket } from "../../src/store/entities/Ticket";
import { TicketEvent } from "../../src/store/entities/TicketEvent";
import { buttonValue, reload, ticketButton } from "../support/desk-scenarios";
import { logsOf } from "../support/log-capture";
import { emptyPostgres } from "../support/test-store";
import { bruno, dmOf, lea, marie, openTestDesk, persona, type TestDesk } from "../support/test-desk";

/**
 * Two presses of the same button, two first messages, two managers: what people do at the same moment, on both
 * databases. On SQLite the desk's transactions run one after the other; on PostgreSQL they really overlap, and each
 * race is played several times (RACE_TRIES, default 15) because one lucky ordering proves nothing.
 */
const TRIES = Number(process.env.RACE_TRIES ?? 15);

const databases = [
  { name: "SQLite", options: {} },
  ...(process.env.TEST_DATABASE_URL ? [{ name: "PostgreSQL", options: { databaseUrl: process.env.TEST_DATABASE_URL } }] : []),
];

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const PASSWORD = "j'ai oublié mon mot de passe et je ne peux plus me connecter";

for (const db of databases) {
  describe(`simultaneous actions on ${db.name}`, function () {
    this.timeout(120_000);
    let t: TestDesk;
    beforeEach(async () => {
      if (db.options.databaseUrl) await emptyPostgres(db.options.databaseUrl);
      t = await openTestDesk(db.options);
    });
    afterEach(async () => t.close());

    const count = (entity: typeof Ticket | typeof KnowledgeUsage | typeof TicketEvent, where: Record<string, unknown>) => t.guichet.store.manager.count(entity, { where });

    /** A requester new to the desk writes and gets suggestions; returns them and the conversation's buttons' place. */
    async function suggested(i: number) {
      const requester = persona(`race-${i}`);
      await t.desk.receiveMessage({ sender: requester, place: dmOf(`race-${i}`), text: PASSWORD });
      await t.flush();
      const person = await t.desk.person(requester);
      return { requester, person, dm: `dm:race-${i}` };
    }

    /** A requester new to the desk opens a ticket. */
    async function ticketOf(login: string) {
      const requester = persona(login);
      await t.desk.receiveMessage({ sender: requester, place: dmOf(login), text: PASSWORD });
      await t.flush();
      await t.desk.pressButton({ sender: requester, ...ticketButton(t, `dm:${login}`) });
      const person = await t.desk.person(requester);
      return { requester, ticket: await t.guichet.store.manager.findOneOrFail(Ticket, { where: { requesterId: person.id } }) };
    }

    const twice = (press: () => Promise<ActionOutcome>) => Promise.all([press(), press()]);

    it("opens one ticket when Not solved is pressed twice at once", async () => {
      for (let i = 0; i < TRIES; i++) {
        const { requester, person, dm } = await suggested(i);
        const value = buttonValue(t, dm, "kb.not_solved");
        const outcomes = await twice(() => t.desk.pressButton({ sender: requester, action: "kb.not_solved", value }));
        expect(outcomes.filter((o) => o.kind === "done"), `try ${i}`).to.have.length(1);
        expect(await count(Ticket, { requesterId: person.id }), `tickets of try ${i}`).to.equal(1);
      }
    });

    it("records one deflection when Solved is pressed twice at once", async () => {
      for (let i = 0; i < TRIES; i++) {
        const { requester, person } = await suggested(i);
        const value = buttonValue(t, `dm:race-${i}`, "kb.solved");
        await twice(() => t.desk.pressButton({ sender: requester, action: "kb.solved", value }));
        expect(await count(KnowledgeUsage, { personId: person.id, event: "solved" }), `try ${i}`).to.equal(1);
      }
    });

    it("either opens a ticket or records a deflection, never both, when Solved and Not solved are pressed at once", async () => {
      for (let i = 0; i < TRIES; i++) {
        const { requester, person, dm } = await suggested(i);
        const [solved, notSolved] = ["kb.solved", "kb.not_solved"].map((action) => ({ sender: requester, action, value: buttonValue(t, dm, action) }));
        await Promise.all([t.desk.pressButton(solved), t.desk.pressButton(notSolved)]);
        const tickets = await count(Ticket, { requesterId: person.id });
        const deflections = await count(KnowledgeUsage, { personId: person.id, event: "solved" });
        expect(tickets + deflections, `try ${i}`).to.equal(1);
      }
    });

    it("keeps a question that became a ticket closed when a new question arrives at the same moment", async () => {
      for (let i = 0; i < TRIES; i++) {
        const { requester, person, dm } = await suggested(i);
        const value = buttonValue(t, dm, "kb.not_solved");
        // A pause long enough for the next message to be a new question, which sets the unanswered one aside.
        t.clock.now = new Date(t.clock.now.getTime() + 60 * 60_000);
        await Promise.all([
          t.desk.pressButton({ sender: requester, action: "kb.not_solved", value }),
          t.desk.receiveMessage({ sender: requester, place: dmOf(`race-${i}`), text: "comment installer une imprimante" }),
        ]);
        const ticketed = await t.guichet.store.manager.find(Conversation, { where: { personId: person.id } });
        const withTicket = ticketed.filter((c) => c.ticketId !== null);
        expect(withTicket.map((c) => c.state), `try ${i}`).to.deep.equal(withTicket.length ? ["done"] : []);
      }
    });

    it("adds to the open ticket once, or opens one new ticket, when the duplicate offer is answered twice at once", async () => {
      const requester = persona("race-dup");
      const place = dmOf("race-dup");
      await t.desk.receiveMessage({ sender: requester, place, text: "impossible de me connecter, mot de passe refusé sur l'ENT" });
      await t.flush();
      await t.desk.pressButton({ sender: requester, ...ticketButton(t, "dm:race-dup") });
      const person = await t.desk.person(requester);
      for (let i = 0; i < TRIES; i++) {
        await t.desk.receiveMessage({ sender: requester, place, text: `toujours impossible de me connecter à l'ENT, mot de passe refusé (${i})` });
        await t.flush();
        await t.desk.pressButton({ sender: requester, ...ticketButton(t, "dm:race-dup") });
        await t.flush();
        const action = i % 2 === 0 ? "dup.link" : "dup.new";
        const value = buttonValue(t, "dm:race-dup", action);
        const tally = async () => ({ tickets: await count(Ticket, { requesterId: person.id }), replies: await count(TicketEvent, { type: "requester_reply" }) });
        const before = await tally();
        await twice(() => t.desk.pressButton({ sender: requester, action, value }));
        const after = await tally();
        expect(after, `${action}, try ${i}`).to.deep.equal(
          action === "dup.link" ? { tickets: before.tickets, replies: before.replies + 1 } : { tickets: before.tickets + 1, replies: before.replies },
        );
      }
    });

    it("answers both first messages of a new person written at once, and knows them as one person", async () => {
      for (let i = 0; i < TRIES; i++) {
        const newcomer = persona(`first-${i}`);
        const place = dmOf(`first-${i}`);
        const outcomes = await Promise.all([
          t.desk.receiveMessage({ eventId: `first-${i}-a`, sender: newcomer, place, text: PASSWORD }),
          t.desk.receiveMessage({ eventId: `first-${i}-b`, sender: newcomer, place: { ...place, thread: "T1" }, text: "comment installer une imprimante" }),
        ]);
        expect(outcomes, `try ${i}`).to.deep.equal([{ kind: "handled" }, { kind: "handled" }]);
        const identities = await t.guichet.store.manager.find(PersonIdentity, { where: { platform: "console", externalId: `first-${i}` } });
        expect(identities, `identities of try ${i}`).to.have.length(1);
        expect(await t.guichet.store.manager.count(Conversation, { where: { personId: identities[0].personId } }), `try ${i}`).to.equal(2);
      }
      await t.flush();
      for (let i = 0; i < TRIES; i++) expect(t.sender.viewsIn(`dm:first-${i}`), `answers of try ${i}`).to.have.length(2);
      // Whoever lost the race for the new person left no person behind.
      expect(await t.guichet.store.manager.count(Person)).to.equal(await t.guichet.store.manager.count(PersonIdentity));
    });

    it("logs and runs again a transaction that lost a race, and takes only a recorded event id for a duplicate", async () => {
      const directory = t.desk.ctx.directory;
      const resolve = directory.resolve.bind(directory);
      let collisions = 1;
      directory.resolve = async (manager, user) => {
        if (collisions-- > 0) throw Object.assign(new Error('duplicate key value violates unique constraint "UQ_elsewhere"'), { code: "23505" });
        return resolve(manager, user);
      };
      const lines = await logsOf("warn", async () => {
        expect(await t.desk.receiveMessage({ eventId: "Ev-lost-race", sender: persona("alice"), place: dmOf("alice"), text: PASSWORD })).to.deep.equal({ kind: "handled" });
      });
      expect(lines.map((line) => [line.event, line.code])).to.deep.equal([["desk.conflict_retried", "23505"]]);
      await t.flush();
      expect(t.sender.viewsIn("dm:alice").map((v) => v.kind)).to.deep.equal(["suggestions"]);
    });

    it("tells a chat once that the desk is closed when two questions arrive in it at the same moment at night, running neither twice", async () => {
      t.clock.now = new Date("2026-11-24T18:00:00Z"); // Tuesday, 19:00 in Paris
      for (let i = 0; i < TRIES; i++) {
        const requester = persona(`night-${i}`);
        await t.desk.person(requester); // known already: the race is the note's, not the new person's
        const place = dmOf(`night-${i}`);
        const lines = await logsOf("warn", async () => {
          const outcomes = await Promise.all([
            t.desk.receiveMessage({ eventId: `night-${i}-a`, sender: requester, place, text: PASSWORD }),
            t.desk.receiveMessage({ eventId: `night-${i}-b`, sender: requester, place, text: "comment installer une imprimante" }),
          ]);
          expect(outcomes, `try ${i}`).to.deep.equal([{ kind: "handled" }, { kind: "handled" }]);
        });
        // The note is recorded by one statement: the second message is told it is there, not failed and run again.
        expect(lines.map((line) => line.event), `try ${i}`).to.deep.equal([]);
        await t.flush();
        const notes = t.sender.viewsIn(`dm:night-${i}`).filter((v) => v.text?.startsWith("Le support est fermé"));
        expect(notes, `notes of try ${i}`).to.have.length(1);
      }
    });

    it("handles a redelivered event once when both copies arrive at the same moment", async () => {
      for (let i = 0; i < TRIES; i++) {
        const message = { eventId: `twice-${i}`, sender: persona("alice"), place: dmOf("alice"), text: `${PASSWORD} (${i})` };
        const outcomes = await Promise.all([t.desk.receiveMessage(message), t.desk.receiveMessage(message)]);
        expect(outcomes.map((o) => o.kind).sort(), `try ${i}`).to.deep.equal(["duplicate", "handled"]);
      }
    });

    it("approves or rejects a request once when a manager's answers cross", async () => {
      for (let i = 0; i < TRIES; i++) {
        await t.desk.submitForm({
          sender: persona("alice"), form: "request", context: "car-access", values: { campus: "luminy", plate: `AB-${100 + i}-CD`, until: "2027-06-30" }, place: dmOf("alice"),
        });
        const request = await t.guichet.store.manager.findOneOrFail(Ticket, { where: { requestType: "car-access" }, order: { id: "DESC" } });
        // Reject asks for the reason in a form: its submission is what crosses the approval.
        const actions = i % 2 === 0 ? ["request.approve", "request.approve"] : ["request.approve", "request.reject"];
        const outcomes = await Promise.all(actions.map((action) => action === "request.reject"
          ? t.desk.submitForm({ sender: marie, form: "reject", context: String(request.id), values: { reason: "Pas de place au parking." }, place: dmOf("marie") })
          : t.desk.pressButton({ sender: marie, action, value: String(request.id) })));
        const what = `${actions.join(" + ")}, try ${i}`;
        expect(outcomes.filter((o) => o.kind === "done"), what).to.have.length(1);
        const decisions = await t.guichet.store.manager.find(TicketEvent, { where: [{ ticketId: request.id, type: "approved" }, { ticketId: request.id, type: "reject" }] });
        expect(decisions, what).to.have.length(1);
        const final = await reload(t, request.id);
        expect([final.approval, final.status === "closed"], what).to.deep.equal(decisions[0].type === "approved" ? ["approved", false] : ["rejected", true]);
      }
    });

    it("thanks once for a rating pressed twice at once", async () => {
      for (let i = 0; i < TRIES; i++) {
        const { requester, ticket } = await ticketOf(`rate-${i}`);
        await t.desk.pressButton({ sender: bruno, action: "ticket.claim", value: String(ticket.id) });
        await t.desk.submitForm({ sender: bruno, form: "resolve", context: String(ticket.id), values: { resolution: "Réinitialisé." }, place: dmOf("bruno") });
        await t.desk.pressButton({ sender: requester, action: "ticket.close", value: String(ticket.id) });
        await twice(() => t.desk.pressButton({ sender: requester, action: "survey.rate", value: `${ticket.id}:4` }));
        expect(await count(TicketEvent, { ticketId: ticket.id, type: "rated" }), `try ${i}`).to.equal(1);
        expect((await reload(t, ticket.id)).satisfaction).to.equal(4);
      }
    });

    it("keeps a requester's reply that crosses an agent's move of the ticket", async () => {
      for (let i = 0; i < TRIES; i++) {
        const { requester, ticket } = await ticketOf(`reply-${i}`);
        await t.desk.pressButton({ sender: bruno, action: "ticket.claim", value: String(ticket.id) });
        await t.desk.pressButton({ sender: bruno, action: "ticket.wait", value: String(ticket.id) });
        const [reply] = await Promise.all([
          t.desk.replyOnTicket(requester, ticket.id, `Voici la capture demandée (${i}).`),
          t.desk.submitForm({ sender: bruno, form: "resolve", context: String(ticket.id), values: { resolution: "Réinitialisé." }, place: dmOf("bruno") }),
        ]);
        expect(reply, `try ${i}`).to.deep.equal({ kind: "handled" });
        expect(await count(TicketEvent, { ticketId: ticket.id, type: "requester_reply" }), `try ${i}`).to.equal(1);
      }
    });

    it("offers a new ticket to a requester who writes on a resolved ticket while it closes itself", async () => {
      // The automatic closing holds its transaction open a moment after closing the ticket: the requester's message
      // comes in then, having read the ticket still resolved on PostgreSQL.
      let closing: { id: number; started: () => void } | null = null;
      t.desk.ctx.observers.push({
        ticketChanged: async (_m, ticket, change) => {
          if (change !== "close" || ticket.id !== closing?.id) return;
          closing.started();
          await pause(50);
        },
      });
      const start = t.clock.now;
      for (let i = 0; i < TRIES; i++) {
        t.clock.now = start;
        const { requester, ticket } = await ticketOf(`late-${i}`);
        await t.desk.submitForm({ sender: bruno, form: "resolve", context: String(ticket.id), values: { resolution: "Réinitialisé." }, place: dmOf("bruno") });
        // Two weeks on: past the automatic closing (five working days after the resolution).
        t.clock.now = new Date(start.getTime() + 14 * 86_400_000);
        const closingStarted = new Promise<void>((started) => (closing = { id: ticket.id, started }));
        const sweep = new SlaSweep(t.desk.ctx, t.desk.tickets).run();
        await closingStarted;
        const reply = await t.desk.replyOnTicket(requester, ticket.id, `Ça ne marche toujours pas (${i}).`);
        expect((await sweep).closings, `try ${i}`).to.equal(1);
        await t.flush();
        expect(reply, `try ${i}`).to.deep.equal({ kind: "handled" });
        expect((await reload(t, ticket.id)).status, `try ${i}`).to.equal("closed");
        const offer = t.sender.viewsIn(`dm:late-${i}`).find((v) => v.actions?.some((a) => a.action === "ticket.follow_up"));
        expect(offer?.text, `try ${i}`).to.equal(`Le ticket n°${ticket.id} est clos. Voulez-vous ouvrir un nouveau ticket, lié au n°${ticket.id}, avec ce message ?`);
      }
    });

    it("gives an escalated ticket nobody claimed to one of two agents who claim it at once, and tells the other who has it", async () => {
      const start = t.clock.now;
      for (let i = 0; i < TRIES; i++) {
        t.clock.now = start;
        const { ticket } = await ticketOf(`escalated-${i}`);
        // Accounts tickets go to the identity experts after one working day without a resolution.
        t.clock.now = new Date(start.getTime() + 2 * 86_400_000);
        await new SlaSweep(t.desk.ctx, t.desk.tickets).run();
        expect((await reload(t, ticket.id)).status, `try ${i}`).to.equal("escalated");
        const outcomes = await Promise.all([bruno, lea].map((agent) => t.desk.pressButton({ sender: agent, action: "ticket.claim", value: String(ticket.id) })));
        const what = `try ${i}: ${JSON.stringify(outcomes)}`;
        expect(outcomes.filter((o) => o.kind === "done"), what).to.have.length(1);
        const claimed = await reload(t, ticket.id);
        const owner = await t.guichet.store.manager.findOneByOrFail(Person, { id: claimed.assigneeId as number });
        expect(outcomes.find((o) => o.kind !== "done"), what).to.deep.equal({ kind: "refused", message: texts("fr").alreadyClaimed(owner.displayName) });
        expect([claimed.status, claimed.level], what).to.deep.equal(["escalated", 2]);
        expect(await count(TicketEvent, { ticketId: ticket.id, type: "claimed" }), what).to.equal(1);
      }
    });

    it("reminds the declarer of a silent major incident once when two instances watch it at the same moment", async () => {
      const start = t.clock.now;
      for (let i = 0; i < TRIES; i++) {
        t.clock.now = start;
        await t.desk.declareMajorIncident(bruno, { title: `Panne n°${i}`, category: "accounts" });
        const incident = await t.guichet.store.manager.findOneOrFail(MajorIncident, { where: {}, order: { id: "DESC" } });
        // Declared on Tuesday at 10:00, news was due within 24 working hours: by Friday at 11:30.
        t.clock.now = new Date(start.getTime() + 3 * 86_400_000 + 2 * 3_600_000);
        const reminded = await Promise.all([1, 2].map(() => new IncidentWatch(t.desk.ctx, t.desk.incidents).remindStale()));
        await t.flush();
        const what = `try ${i}: ${JSON.stringify(reminded)}`;
        expect(reminded[0] + reminded[1], what).to.equal(1);
        expect(t.sender.viewsIn("dm:bruno").filter((v) => v.title === `⏰ Incident majeur n°${incident.id} · Panne n°${i}`), what).to.have.length(1);
        await t.desk.runCommand(bruno, dmOf("bruno"), "incident", `close ${incident.id}`);
      }
    });

    it("never merges into a ticket resolved at the same moment", async () => {
      for (let i = 0; i < TRIES; i++) {
        const { ticket: target } = await ticketOf(`target-${i}`);
        const { ticket: merged } = await ticketOf(`merged-${i}`);
        await t.desk.pressButton({ sender: bruno, action: "ticket.claim", value: String(target.id) });
        await Promise.all([
          t.desk.submitForm({ sender: lea, form: "merge", context: String(merged.id), values: { into: String(target.id) }, place: dmOf("lea") }),
          t.desk.submitForm({ sender: bruno, form: "resolve", context: String(target.id), values: { resolution: "Réinitialisé." }, place: dmOf("bruno") }),
        ]);
        const events = await t.guichet.store.manager.find(TicketEvent, { where: { ticketId: target.id }, order: { id: "ASC" } });
        const mergedAt = events.findIndex((e) => e.type === "merged_from");
        const resolvedAt = events.findIndex((e) => e.type === "resolve");
        expect(resolvedAt, `try ${i}: the target is resolved`).to.be.at.least(0);
        if (mergedAt >= 0) expect(mergedAt, `try ${i}: merged into an open ticket`).to.be.lessThan(resolvedAt);
      }
    });
  });
}
