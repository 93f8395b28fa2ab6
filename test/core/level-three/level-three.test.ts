import { expect } from "chai";
import { texts } from "../../../src/core/messages/texts";
import type { ActionOutcome, MessageView } from "../../../src/core/messages/message-view";
import type { PlatformUser } from "../../../src/core/people/platform-user";
import { Ticket } from "../../../src/store/entities/Ticket";
import { TicketEvent } from "../../../src/store/entities/TicketEvent";
import { TicketThread } from "../../../src/store/entities/TicketThread";
import { shippedConfigWith } from "../../support/config-edits";
import { openPasswordTicket, reload, ticketButton } from "../../support/desk-scenarios";
import { alice, ben, bruno, dmOf, nadia, openTestDesk, persona, type TestDesk } from "../../support/test-desk";

const paul = persona("paul");
const sacha = persona("sacha");
const INFRA = "Infrastructures et centre de données";
const NOTE = "Le pare-feu du VPN rejette ce compte : une règle à revoir côté serveurs.";

/**
 * Level 3 (seed 002): the network experts (level 2, `escalatesTo: [infrastructure]` in the shipped configuration) hand
 * a ticket on to the infrastructure specialists, who answer levels 1 and 2, never the requester.
 */
describe("level 3: handing a ticket on to specialists", () => {
  let t: TestDesk;
  let ticket: Ticket;
  /** The network experts' post at the escalation. */
  let networkPost: MessageView | undefined;

  const press = (sender: PlatformUser, action: string, id = ticket.id) => t.desk.pressButton({ sender, action, value: String(id) });
  const handOn = (sender: PlatformUser, values: Record<string, unknown> = { note: NOTE }, id = ticket.id): Promise<ActionOutcome> =>
    t.desk.submitForm({ sender, form: "hand_on", context: String(id), values, place: dmOf("x") });
  const events = (type: string) => t.guichet.store.manager.find(TicketEvent, { where: { ticketId: ticket.id, type } });
  const later = (minutes: number) => { t.clock.now = new Date(t.clock.now.getTime() + minutes * 60_000); };

  /** Bruno claims the ticket and escalates it to `group` with a note; Nadia (network) answers him once. */
  async function escalate(id: number, group: string): Promise<void> {
    await press(bruno, "ticket.claim", id);
    await t.desk.submitForm({ sender: bruno, form: "escalate", context: String(id), values: { group, note: "Compte actif, mot de passe changé hier." }, place: dmOf("bruno") });
    later(10);
    if (group === "network") await t.desk.replyOnTicket(nadia, id, "Le VPN refuse la connexion : je regarde les journaux.");
    await t.flush();
    later(10);
  }

  beforeEach(async () => {
    t = await openTestDesk();
    ticket = await openPasswordTicket(t);
    await escalate(ticket.id, "network");
    networkPost = t.sender.viewsIn("experts:network").find((v) => v.kind === "expert_request");
    t.sender.clear();
  });
  afterEach(async () => t.close());

  describe("who may hand on, and how", () => {
    it("offers Hand on in the post of a level-2 group that has specialists, and not in one that has none", async () => {
      expect(networkPost?.actions).to.deep.equal([{ action: "ticket.hand_on", label: "Confier au niveau 3", value: String(ticket.id) }]);

      const other = await openPasswordTicket(t, "mon mot de passe a expiré ce matin");
      await escalate(other.id, "identity");
      const identity = t.sender.viewsIn("experts:identity").filter((v) => v.kind === "expert_request" && v.ticketId === other.id);
      expect(identity).to.have.length(1);
      expect(identity[0].actions ?? []).to.deep.equal([]);
      expect(await press(paul, "ticket.hand_on", other.id)).to.deep.equal({
        kind: "refused", message: "Annuaire et identités n’a pas de spécialistes de niveau 3 (escalatesTo dans la configuration du guichet).",
      });
    });

    it("asks an expert of the level-2 group for a note only, when the group has one specialists' group", async () => {
      const outcome = await press(nadia, "ticket.hand_on");
      expect(outcome.kind).to.equal("form");
      if (outcome.kind !== "form") return;
      // Slack cuts a modal title at 24 characters: short enough to be whole.
      expect(outcome.form.title).to.equal(`Niveau 3 · n°${ticket.id}`);
      expect(outcome.form.fields.map((f) => [f.id, f.required])).to.deep.equal([["note", true]]);
    });

    it("opens the same form with the level3 command", async () => {
      const outcome = await t.desk.runCommand(nadia, dmOf("nadia"), "level3", `#${ticket.id}`);
      expect(outcome.kind).to.equal("form");
      if (outcome.kind === "form") expect(outcome.form.form).to.equal("hand_on");
    });

    it("refuses Hand on to level 1, to the requester, to another group's expert and to the specialists, on the server", async () => {
      const message = texts("fr").levelThree.onlyLevelTwo(ticket.id);
      for (const sender of [bruno, alice, paul, sacha]) {
        expect(await press(sender, "ticket.hand_on"), sender.id).to.deep.equal({ kind: "refused", message });
        expect(await handOn(sender), sender.id).to.deep.equal({ kind: "refused", message });
      }
      const unchanged = await reload(t, ticket.id);
      expect([unchanged.level, unchanged.levelThreeGroup]).to.deep.equal([2, null]);
      expect(await events("hand_on")).to.have.length(0);
    });

    it("refuses a hand-on without a note, and one to a group that is not the level-2 group's specialists", async () => {
      expect(await handOn(nadia, { note: "  " })).to.deep.equal({ kind: "invalid", errors: { note: texts("fr").requiredField } });
      const several = await openTestDesk({ config: shippedConfigWith((doc) => {
        const groups = doc.expertGroups as Array<Record<string, unknown>>;
        groups.find((g) => g.id === "network")!.escalatesTo = ["infrastructure", "apps"];
      }) });
      try {
        const other = await openPasswordTicket(several);
        await several.desk.pressButton({ sender: bruno, action: "ticket.claim", value: String(other.id) });
        await several.desk.submitForm({ sender: bruno, form: "escalate", context: String(other.id), values: { group: "network" }, place: dmOf("bruno") });
        const form = await several.desk.pressButton({ sender: nadia, action: "ticket.hand_on", value: String(other.id) });
        if (form.kind !== "form") throw new Error(JSON.stringify(form));
        expect(form.form.fields.map((f) => f.id)).to.deep.equal(["group", "note"]);
        expect(form.form.fields[0].options).to.deep.equal([{ value: "infrastructure", label: INFRA }, { value: "apps", label: "Applications métier" }]);
        const outcome = await several.desk.submitForm({ sender: nadia, form: "hand_on", context: String(other.id), values: { group: "identity", note: NOTE }, place: dmOf("nadia") });
        expect(outcome.kind).to.equal("invalid");
        expect((await several.desk.submitForm({ sender: nadia, form: "hand_on", context: String(other.id), values: { group: "apps", note: NOTE }, place: dmOf("nadia") })).kind).to.equal("done");
        expect((await reload(several, other.id)).levelThreeGroup).to.equal("apps");
      } finally {
        await several.close();
      }
    });
  });

  describe("the hand-on", () => {
    it("records the specialists' group and posts the ticket, the note and levels 1 and 2's words in their channel", async () => {
      const at = t.clock.now;
      expect(await handOn(nadia)).to.deep.equal({ kind: "done", notice: `Ticket n°${ticket.id} confié à ${INFRA}.` });
      await t.flush();
      const handed = await reload(t, ticket.id);
      expect([handed.status, handed.level, handed.expertGroup, handed.levelThreeGroup]).to.deep.equal(["escalated", 3, "network", "infrastructure"]);
      expect(handed.levelThreeAt?.toISOString()).to.equal(at.toISOString());
      const [event] = await events("hand_on");
      expect(event.data).to.deep.equal({ from: "network", group: "infrastructure", note: NOTE });

      const post = t.sender.last("experts:infrastructure");
      expect(post.kind).to.equal("expert_request");
      expect(post.title).to.equal(`Niveau 3 · ticket n°${ticket.id} · ${ticket.title}`);
      expect(post.text).to.equal("Nadia Réseau (Réseau et sécurité, niveau 2) vous confie ce ticket.");
      expect(post.quote?.author).to.equal("Alice Martin");
      expect(post.fields?.slice(0, 4)).to.deep.equal([
        { label: "Note du niveau 2", value: NOTE },
        { label: "Note de l'agent", value: "Compte actif, mot de passe changé hier." },
        { label: "Réponses des experts jusqu’ici", value: "Nadia Réseau\u00a0: Le VPN refuse la connexion : je regarde les journaux." },
        { label: "Niveau 1", value: "Bruno Agent" },
      ]);
      expect(post.actions ?? []).to.deep.equal([]);

      // Level 1 and level 2 are told who has it now, with the note; the cards say so.
      for (const conversation of ["triage:desk", "experts:network"]) {
        const told = t.sender.viewsIn(conversation).find((v) => v.kind === "relay");
        expect(told?.text, conversation).to.equal(`Nadia Réseau a confié le ticket au niveau 3\u00a0: ${INFRA}.`);
        expect(told?.quote, conversation).to.deep.equal({ author: "Nadia Réseau", text: NOTE });
      }
      const card = t.sender.viewsIn("triage:desk").filter((v) => v.kind === "ticket_card").at(-1);
      expect(card?.fields?.find((f) => f.label === "Niveau 3")?.value).to.equal(INFRA);
      expect(card?.fields?.find((f) => f.label === "Niveau")?.value).to.equal("3");
    });

    it("changes nothing on a second submission for the same specialists, and says so", async () => {
      await handOn(nadia);
      later(1);
      expect(await handOn(nadia)).to.deep.equal({ kind: "done", notice: `Le ticket n°${ticket.id} est déjà confié à ${INFRA}.` });
      await t.flush();
      expect(await events("hand_on")).to.have.length(1);
      expect(t.sender.viewsIn("experts:infrastructure").filter((v) => v.kind === "expert_request")).to.have.length(1);
      expect((await reload(t, ticket.id)).levelThreeAt?.toISOString()).to.equal(new Date(t.clock.now.getTime() - 60_000).toISOString());
    });

    it("refuses a hand-on once level 1 took the ticket back", async () => {
      await press(bruno, "ticket.take_back");
      expect(await press(nadia, "ticket.hand_on")).to.deep.equal({ kind: "refused", message: texts("fr").levelThree.notAtLevelTwo(ticket.id) });
    });

    it("tells the requester once that specialists have it and it may take longer, not at a second hand-on", async () => {
      await handOn(nadia);
      await t.flush();
      const told = t.sender.viewsIn("dm:alice");
      expect(told).to.have.length(1);
      expect(told[0].text).to.match(new RegExp(`^Votre demande n°${ticket.id} est confiée à des spécialistes, ce qui peut allonger le délai\\. Une solution est attendue`));

      // Level 1 takes it back, escalates it again, and level 2 hands it on again: a new post, no second notice.
      await press(bruno, "ticket.take_back");
      later(30);
      await t.desk.submitForm({ sender: bruno, form: "escalate", context: String(ticket.id), values: { group: "network" }, place: dmOf("bruno") });
      await t.flush();
      const before = t.sender.viewsIn("dm:alice").length;
      later(30);
      expect((await handOn(nadia)).kind).to.equal("done");
      await t.flush();
      expect(t.sender.viewsIn("dm:alice")).to.have.length(before);
      // A new post (a thread of its own) for the new hand-on; the old thread hears of it too, as level 2's would.
      const posts = t.sender.deliveries.filter((d) => d.conversation === "experts:infrastructure" && d.view.kind === "expert_request");
      expect(posts.filter((d) => d.thread === null)).to.have.length(2);
      expect(await events("hand_on")).to.have.length(2);
    });

    it("tells an English-speaking requester in English", async () => {
      await t.desk.receiveMessage({ sender: ben, place: dmOf("ben"), text: "I forgot my password and cannot log in" });
      await t.flush();
      await t.desk.pressButton({ sender: ben, ...ticketButton(t, "dm:ben") });
      await t.flush();
      const bens = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {}, order: { id: "DESC" } });
      await escalate(bens.id, "network");
      t.sender.clear();
      await handOn(nadia, { note: NOTE }, bens.id);
      await t.flush();
      expect(t.sender.last("dm:ben").text).to.match(new RegExp(`^Your request #${bens.id} is now with specialists, which may take longer\\. A solution is expected`));
    });
  });

  describe("the specialists' answers", () => {
    beforeEach(async () => {
      await handOn(nadia);
      await t.flush();
      t.sender.clear();
    });

    /** Where Sacha's group answers: the thread of its post (the console gives posts ids as a platform does). */
    async function specialistsThread() {
      const thread = await t.guichet.store.manager.findOneOrFail(TicketThread, { where: { ticketId: ticket.id, role: "expert", expertGroup: "infrastructure" } });
      return { platform: "console" as const, conversation: thread.conversation, thread: thread.thread };
    }

    it("brings level 3's answer back to level 1 and to level 2's thread, never to the requester", async () => {
      later(5);
      expect(await t.desk.receiveMessage({ sender: sacha, place: await specialistsThread(), text: "Règle corrigée sur le pare-feu : la connexion passe.", addressed: false }))
        .to.deep.equal({ kind: "handled" });
      await t.flush();
      const author = `Sacha Infra (${INFRA})`;
      const triage = t.sender.last("triage:desk");
      expect(triage.quote).to.deep.equal({ author: texts("fr").expertWrote("Sacha Infra", INFRA), text: "Règle corrigée sur le pare-feu : la connexion passe." });
      expect(triage.actions?.map((a) => a.action)).to.deep.equal(["ticket.forward"]);
      const network = t.sender.last("experts:network");
      expect(network.kind).to.equal("relay");
      expect(network.quote?.text).to.equal("Règle corrigée sur le pare-feu : la connexion passe.");
      expect(network.quote?.author).to.include("Sacha Infra");
      expect(author).to.include(INFRA);
      expect(t.sender.viewsIn("dm:alice")).to.deep.equal([]);
      expect(await events("expert_reply")).to.have.length(2);
    });

    it("lets a specialist answer by naming the ticket, for their own group", async () => {
      expect(await t.desk.replyOnTicket(sacha, ticket.id, "Je regarde demain matin.")).to.deep.equal({ kind: "handled" });
      await t.flush();
      expect(t.sender.last("experts:network").quote?.text).to.equal("Je regarde demain matin.");
      expect(t.sender.viewsIn("experts:infrastructure")).to.deep.equal([]);
      expect(t.sender.viewsIn("dm:alice")).to.deep.equal([]);
    });

    it("passes level 2's later words to the specialists' thread", async () => {
      await t.desk.replyOnTicket(nadia, ticket.id, "Le compte est dans le groupe VPN-Personnels.");
      await t.flush();
      expect(t.sender.last("experts:infrastructure").quote?.text).to.equal("Le compte est dans le groupe VPN-Personnels.");
      expect(t.sender.viewsIn("dm:alice")).to.deep.equal([]);
    });

    it("refuses a specialist's words on a ticket their group does not have", async () => {
      const other = await openPasswordTicket(t, "mon mot de passe a expiré ce matin");
      await escalate(other.id, "network");
      expect((await t.desk.replyOnTicket(sacha, other.id, "Bonjour")).kind).to.equal("refused");
    });

    it("lists the ticket among the specialists' escalations", async () => {
      const outcome = await t.desk.runCommand(sacha, dmOf("sacha"), "status", "");
      if (outcome.kind !== "view") throw new Error(outcome.kind);
      expect(outcome.view.text).to.include(`#${ticket.id}`);
    });
  });
});
