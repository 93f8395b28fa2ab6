import { expect } from "chai";
import { loadDeskConfig } from "../../../src/config/desk-config";
import { Conversation } from "../../../src/store/entities/Conversation";
import { openPasswordTicket } from "../../support/desk-scenarios";
import { alice, ben, bruno, dmOf, openTestDesk, type TestDesk } from "../../support/test-desk";
import { paris } from "../sla/calendar-fixtures";

const viewText = async (t: TestDesk, sender: typeof alice, name: string) => {
  const outcome = await t.desk.runCommand(sender, dmOf(sender.id), name, "");
  if (outcome.kind !== "view") throw new Error("expected a view");
  return { title: outcome.view.title, text: String(outcome.view.text) };
};

describe("the desk's published commitments", () => {
  let t: TestDesk;
  afterEach(async () => t.close());

  it("state receipt, taking in charge, first answer, resolution per priority, hours, closures and holidays (sla, French)", async () => {
    t = await openTestDesk();
    t.clock.now = paris("2026-11-24T10:00");
    const { title, text } = await viewText(t, alice, "sla");
    expect(title).to.equal("Nos engagements");
    expect(text.split("\n")).to.deep.equal([
      "Accusé de réception : tout de suite, au plus tard sous 1 h ouvrée.",
      "Prise en charge par une personne nommée : sous 2 jours ouvrés.",
      "Une réponse, ou un calendrier de résolution : sous 4 h ouvrées.",
      "Résolution : 4 h ouvrées en priorité critique, 1 jour ouvré en priorité haute, 3 jours ouvrés en priorité normale, 5 jours ouvrés en priorité basse.",
      "Les délais se comptent en temps ouvré : ils s’arrêtent en dehors des horaires, les jours fériés, pendant les fermetures et pendant que nous attendons votre réponse.",
      "Horaires : du lundi au vendredi, 08:30–12:00 et 13:30–17:30 (heure de Europe/Paris).",
      "Fermetures à venir : du jeudi 24 décembre au vendredi 1er janvier (Fermeture de fin d'année).",
      "Jours fériés à venir : vendredi 25 décembre (Noël), vendredi 1er janvier (Nouvel An).",
    ]);
  });

  it("speak the reader's language, and follow the configuration (a priority's own targets)", async () => {
    const config = loadDeskConfig();
    config.sla.priorities = { critical: { takeInCharge: "1h" } };
    t = await openTestDesk({ config });
    const { title, text } = await viewText(t, ben, "sla");
    expect(title).to.equal("Our commitments");
    expect(text).to.contain("Taken in charge by a named person: within 1 working hour at critical priority, 2 working days at high priority, 2 working days at normal priority, 2 working days at low priority.");
    expect(text).to.contain("Opening hours: Monday to Friday, 08:30–12:00 and 13:30–17:30 (Europe/Paris time).");
    expect(text).to.contain("Public holidays ahead: Friday 25 December, Friday 1 January.");
  });

  it("show on the Home page, below the person's tickets", async () => {
    t = await openTestDesk();
    const home = await t.desk.home(alice);
    expect(home.panels.map((p) => [p.id, p.title, p.lines[0]])).to.deep.equal([
      ["commitments", "Nos engagements", "Accusé de réception : tout de suite, au plus tard sous 1 h ouvrée."],
      ["notifications", "Vos notifications", "Questionnaires de satisfaction : oui."],
    ]);
  });
});

describe("a requester's own tickets", () => {
  let t: TestDesk;
  beforeEach(async () => {
    t = await openTestDesk();
  });
  afterEach(async () => t.close());

  it("say their next commitment in plain words, and why they wait (status, Home page)", async () => {
    const ticket = await openPasswordTicket(t);
    const { text } = await viewText(t, alice, "status");
    expect(text).to.contain(
      `#${ticket.id} · j'ai oublié mon mot de passe et je ne peux plus me connecter — accusé de réception (Vous aurez une réponse ou un calendrier de résolution au plus tard mardi 24 novembre à 15:30.)`,
    );
    t.clock.now = paris("2026-11-24T11:00");
    await t.desk.pressButton({ sender: bruno, action: "ticket.claim", value: String(ticket.id) });
    await t.desk.replyOnTicket(bruno, ticket.id, "Depuis quel poste essayez-vous de vous connecter ?");
    await t.desk.pressButton({ sender: bruno, action: "ticket.wait", value: String(ticket.id) });
    const home = await t.desk.home(alice);
    expect(home.sections.find((s) => s.id === "open")?.items[0].detail).to.equal("Le délai reprendra dès votre réponse.");
    const asked = await t.desk.runCommand(alice, dmOf("alice"), "ticket", String(ticket.id));
    expect(asked.kind === "view" && asked.view.text).to.equal("Le délai reprendra dès votre réponse.");
  });
});

describe("a message written while the desk is closed", () => {
  let t: TestDesk;
  beforeEach(async () => {
    t = await openTestDesk();
  });
  afterEach(async () => t.close());

  const notes = (t: TestDesk) => t.sender.viewsIn("dm:alice").filter((v) => v.text?.startsWith("Le support est fermé"));

  it("gets a note, once per conversation, of when the desk reopens and what that means for the promised date", async () => {
    t.clock.now = paris("2026-11-24T19:00");
    await t.desk.receiveMessage({ sender: alice, place: dmOf("alice"), text: "j'ai oublié mon mot de passe" });
    await t.desk.receiveMessage({ sender: alice, place: dmOf("alice"), text: "c'est urgent, je ne peux plus travailler" });
    await t.flush();
    expect(notes(t).map((v) => v.text)).to.deep.equal([
      "Le support est fermé en ce moment et rouvre mercredi 25 novembre à 08:30. Je vous réponds tout de suite si la base de connaissances a la réponse\u00a0; sinon, un ticket ouvert maintenant aura une réponse ou un calendrier de résolution au plus tard mercredi 25 novembre à 14:00, les délais ne courant que pendant les horaires du support.",
    ]);
  });

  it("gets it once in a chat without threads however many questions are asked that night, and again on a later night", async () => {
    t.clock.now = paris("2026-11-24T19:00");
    await t.desk.receiveMessage({ sender: alice, place: dmOf("alice"), text: "j'ai oublié mon mot de passe" });
    t.clock.now = paris("2026-11-24T21:00");
    await t.desk.receiveMessage({ sender: alice, place: dmOf("alice"), text: "l'imprimante du deuxième étage n'imprime plus rien" });
    await t.flush();
    expect(await t.guichet.store.manager.count(Conversation), "two questions").to.equal(2);
    expect(notes(t)).to.have.length(1);

    t.clock.now = paris("2026-11-25T20:00");
    await t.desk.receiveMessage({ sender: alice, place: dmOf("alice"), text: "le wifi eduroam refuse mon certificat" });
    await t.flush();
    expect(notes(t).map((v) => /rouvre ([^.]+)\./.exec(String(v.text))?.[1])).to.deep.equal(["mercredi 25 novembre à 08:30", "jeudi 26 novembre à 08:30"]);
  });

  it("gets none during opening hours", async () => {
    await t.desk.receiveMessage({ sender: alice, place: dmOf("alice"), text: "j'ai oublié mon mot de passe" });
    await t.flush();
    expect(notes(t)).to.deep.equal([]);
  });
});
