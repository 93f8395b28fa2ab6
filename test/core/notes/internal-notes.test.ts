import { expect } from "chai";
import fc from "fast-check";
import { In, MoreThan } from "typeorm";
import type { ChatPlace, PlatformUser } from "../../../src/core/people/platform-user";
import { ConversationMessage } from "../../../src/store/entities/ConversationMessage";
import { OutboxMessage } from "../../../src/store/entities/OutboxMessage";
import type { Platform } from "../../../src/store/entities/PersonIdentity";
import { Ticket } from "../../../src/store/entities/Ticket";
import { TicketThread } from "../../../src/store/entities/TicketThread";
import { RecordingSender } from "../../support/recording-sender";
import { alice, bruno, dmOf, openTestDesk, type TestDesk } from "../../support/test-desk";
import { AAD, teamsDeskConfig } from "../../channels/teams/support/teams-test-desk";

/** Bruno as each platform names him in the test configuration. */
const BRUNO: Record<Platform, PlatformUser> = {
  console: bruno,
  slack: { platform: "slack", id: "U0BRUNO" },
  teams: { platform: "teams", id: AAD.bruno },
};

/** Opens a ticket for a requester at `place`, through the "report a problem" form. */
async function openTicket(t: TestDesk, sender: PlatformUser, place: ChatPlace): Promise<Ticket> {
  const outcome = await t.desk.submitForm({ sender, form: "incident", context: "incident", values: { description: "le Wi-Fi eduroam refuse mon mot de passe" }, place });
  expect(outcome.kind).to.equal("done");
  await t.flush();
  return t.guichet.store.manager.findOneOrFail(Ticket, { where: {}, order: { id: "DESC" } });
}

/** Outbox rows meant for any requester place of any ticket, written after row `after`. */
async function requesterRowsAfter(t: TestDesk, after: number): Promise<OutboxMessage[]> {
  const m = t.guichet.store.manager;
  const places = await m.find(TicketThread, { where: { role: "requester" } });
  const rows = await m.find(OutboxMessage, { where: { id: MoreThan(after) } });
  return rows.filter((row) => row.threadRole === "requester" || places.some((p) => p.platform === row.platform && p.conversation === row.conversation));
}

async function lastOutboxId(t: TestDesk): Promise<number> {
  const [last] = await t.guichet.store.manager.find(OutboxMessage, { order: { id: "DESC" }, take: 1 });
  return last?.id ?? 0;
}

describe("internal notes", () => {
  let t: TestDesk;
  afterEach(async () => t.close());

  describe("typed with a marker, on every platform", () => {
    const tickets: Ticket[] = [];
    const triage = new Map<string, ChatPlace>();

    beforeEach(async () => {
      t = await openTestDesk({ config: teamsDeskConfig() });
      t.guichet.outbox.register(new RecordingSender("slack"));
      t.guichet.outbox.register(new RecordingSender("teams"));
      tickets.length = 0;
      tickets.push(await openTicket(t, alice, dmOf("alice")));
      tickets.push(await openTicket(t, { platform: "teams", id: AAD.alice }, { platform: "teams", conversation: `a:personal-${AAD.alice}` }));
      tickets.push(await openTicket(t, { platform: "slack", id: "U0ALICE" }, { platform: "slack", conversation: "D0ALICE", thread: "1800000000.000100" }));
      for (const thread of await t.guichet.store.manager.find(TicketThread, { where: { role: "triage", ticketId: In(tickets.map((x) => x.id)) } })) {
        expect(thread.thread, `the triage post on ${thread.platform} was delivered`).to.be.a("string");
        triage.set(`${thread.ticketId}:${thread.platform}`, { platform: thread.platform, conversation: thread.conversation, thread: thread.thread });
      }
    });

    const space = fc.constantFrom(" ", "\u00a0", "\u202f", "\u2009", "\t");
    const anyCase = (word: string) =>
      fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length }).map((upper) => [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(""));
    const marker = fc.oneof(
      fc.tuple(anyCase("note"), fc.array(space, { maxLength: 3 }), fc.constantFrom(":", "：")).map(([word, spaces, colon]) => `${word}${spaces.join("")}${colon}`),
      fc.tuple(anyCase("!note"), fc.constantFrom("", ":", " :", "\u00a0:")).map(([word, colon]) => `${word}${colon}`),
      fc.constant("//"),
    );
    const noteText = fc.tuple(fc.array(space, { maxLength: 2 }), marker, fc.string({ maxLength: 120, unit: "grapheme" })).map(([lead, m, rest]) => `${lead.join("")}${m}${rest}`);

    it("never lets anything of a message whose first word is a note marker reach a requester place", async () => {
      let before = await lastOutboxId(t);
      await fc.assert(
        fc.asyncProperty(noteText, fc.nat(tickets.length - 1), fc.constantFrom<Platform | "named">("console", "slack", "teams", "named"), async (text, index, where) => {
          const ticket = tickets[index];
          const outcome = where === "named"
            ? await t.desk.replyOnTicket(bruno, ticket.id, text)
            : await t.desk.receiveMessage({ sender: BRUNO[where], place: triage.get(`${ticket.id}:${where}`) as ChatPlace, text });
          expect(outcome.kind, JSON.stringify(text)).to.equal("noted");
          expect(await requesterRowsAfter(t, before), JSON.stringify(text)).to.deep.equal([]);
          before = await lastOutboxId(t);
        }),
        { numRuns: 150 },
      );
      const notes = await t.guichet.store.manager.count(ConversationMessage, { where: { visibility: "internal" } });
      expect(notes).to.equal(150);
    });

    it("tells the agent that the note stayed internal, in their language", async () => {
      const outcome = await t.desk.receiveMessage({ sender: BRUNO.slack, place: triage.get(`${tickets[2].id}:slack`) as ChatPlace, text: "Note\u00a0: vu avec Nadia" });
      expect(outcome).to.deep.equal({ kind: "noted", notice: `🔒 Note interne enregistrée sur le ticket n°${tickets[2].id} : elle n'est pas envoyée au demandeur.` });
    });

    it("still sends a plain reply to the requester where they wrote", async () => {
      const before = await lastOutboxId(t);
      const outcome = await t.desk.receiveMessage({ sender: BRUNO.teams, place: triage.get(`${tickets[1].id}:teams`) as ChatPlace, text: "Notez : le certificat est renouvelé" });
      expect(outcome.kind).to.equal("handled");
      const rows = await requesterRowsAfter(t, before);
      expect(rows.map((r) => [r.platform, r.conversation])).to.deep.equal([["teams", `a:personal-${AAD.alice}`]]);
    });
  });

  describe("from the ticket card's button, with no marker", () => {
    let ticket: Ticket;
    beforeEach(async () => {
      t = await openTestDesk();
      ticket = await openTicket(t, alice, dmOf("alice"));
    });

    it("offers a Note interne button on the ticket card, whatever its state", async () => {
      const card = t.sender.last("triage:desk");
      expect(card.actions?.find((a) => a.action === "ticket.note")).to.deep.equal({ action: "ticket.note", label: "Note interne", value: String(ticket.id) });
    });

    it("opens a form whose answer is stored as a note and never sent to the requester", async () => {
      const pressed = await t.desk.pressButton({ sender: bruno, action: "ticket.note", value: String(ticket.id) });
      if (pressed.kind !== "form") throw new Error(`expected the note form, got ${pressed.kind}`);
      expect(pressed.form.form).to.equal("note");
      expect(pressed.form.fields.map((f) => [f.id, f.type, f.required])).to.deep.equal([["note", "textarea", true]]);
      t.sender.clear();
      const submitted = await t.desk.submitForm({ sender: bruno, form: "note", context: String(ticket.id), values: { note: "Bonjour Alice, ceci reste interne" }, place: dmOf("bruno") });
      expect(submitted).to.deep.equal({ kind: "done", notice: `🔒 Note interne enregistrée sur le ticket n°${ticket.id} : elle n'est pas envoyée au demandeur.` });
      await t.flush();
      expect(t.sender.viewsIn("dm:alice")).to.deep.equal([]);
      const saved = await t.guichet.store.manager.findOneOrFail(ConversationMessage, { where: { ticketId: ticket.id, visibility: "internal" } });
      expect(saved.text).to.equal("Bonjour Alice, ceci reste interne");
    });

    it("asks again for an empty note", async () => {
      const submitted = await t.desk.submitForm({ sender: bruno, form: "note", context: String(ticket.id), values: { note: "  " }, place: dmOf("bruno") });
      expect(submitted.kind).to.equal("invalid");
    });

    it("refuses the button and the form to a requester", async () => {
      const pressed = await t.desk.pressButton({ sender: alice, action: "ticket.note", value: String(ticket.id) });
      expect(pressed.kind).to.equal("refused");
      const submitted = await t.desk.submitForm({ sender: alice, form: "note", context: String(ticket.id), values: { note: "x" }, place: dmOf("alice") });
      expect(submitted.kind).to.equal("refused");
      expect(await t.guichet.store.manager.count(ConversationMessage, { where: { visibility: "internal" } })).to.equal(0);
    });
  });
});
