import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { postReviewExtraction } from "../../../src/core/reports/review-extraction";
import { Ticket } from "../../../src/store/entities/Ticket";
import { openTestDesk, type TestDesk } from "../../support/test-desk";
import { Terminal } from "./support/terminal";

describe("console channel", () => {
  let t: TestDesk;
  let terminal: Terminal;
  beforeEach(async () => {
    t = await openTestDesk();
    terminal = new Terminal(t);
  });
  afterEach(async () => {
    terminal.input.end();
    await terminal.done;
    await t.close();
  });

  it("plays the whole desk flow from question to rating in one terminal", async () => {
    const suggestions = await terminal.type("j'ai oublié mon mot de passe");
    expect(suggestions).to.include("[dm:alice]").and.include("📄 Mot de passe oublié ou expiré");

    const opened = await terminal.type(terminal.button("Non résolu, ouvrir un ticket"));
    expect(opened).to.match(/Ticket n°1 ouvert/).and.match(/\[triage:desk\]/).and.match(/\[\d+\] Prendre en charge/);

    expect(await terminal.type("/as bruno")).to.include("Vous êtes maintenant Bruno Agent, agent du support (niveau 1).");
    const claimed = await terminal.type(terminal.button("Prendre en charge"));
    expect(claimed).to.include("Bruno Agent a pris en charge votre demande.").and.include("(updated)");

    const form = await terminal.type(terminal.button("Escalader"));
    expect(form).to.include("── Escalader vers des experts ──").and.include("2=Réseau et sécurité");
    await terminal.type("2");
    const escalated = await terminal.type("Compte verrouillé côté RADIUS ?");
    expect(escalated).to.include("[experts:network]").and.include("Note de l'agent: Compte verrouillé côté RADIUS ?");

    await terminal.type("/as nadia");
    const answered = await terminal.type("/t 1 Le compte était verrouillé, je l'ai débloqué.");
    expect(answered).to.include("Nadia Réseau (experts Réseau et sécurité) a écrit:");
    expect(answered).not.to.include("[dm:alice");

    await terminal.type("/as bruno");
    const forwarded = await terminal.type(terminal.button("Transmettre au demandeur"));
    expect(forwarded).to.include("Transmis au demandeur.").and.include("Réponse de Bruno Agent:");

    await terminal.type(terminal.button("Résoudre"));
    const resolved = await terminal.type("Compte débloqué par l'équipe réseau.");
    expect(resolved).to.include("Ticket n°1 résolu");

    await terminal.type("/as alice");
    const survey = await terminal.type(terminal.button("C'est résolu"));
    expect(survey).to.include("Ticket n°1 clos").and.include("Notez de 1 (pas du tout) à 5 (tout à fait).");
    const thanks = await terminal.type(terminal.button("5"));
    expect(thanks).to.include("Merci pour votre note de 5/5 !");

    const ticket = await t.guichet.store.manager.findOneOrFail(Ticket, { where: { id: 1 } });
    expect([ticket.status, ticket.level, ticket.satisfaction, ticket.resolution]).to.deep.equal(["closed", 2, 5, "Compte débloqué par l'équipe réseau."]);
  });

  it("keeps an agent's note typed the French way and says so on the agent's screen only", async () => {
    await terminal.type("le logiciel de chromatographie plante");
    await terminal.type(terminal.button("Ouvrir un ticket"));
    await terminal.type("/as bruno");
    const noted = await terminal.type("/t 1 Note : le poste est sous Windows 7");
    expect(noted).to.include("🔒 Note interne enregistrée sur le ticket n°1 : elle n'est pas envoyée au demandeur.");
    expect(noted).not.to.include("[dm:alice");
    const fromButton = await terminal.type(terminal.button("Note interne"));
    expect(fromButton).to.include("── Note interne · n°1 ──");
    const saved = await terminal.type("à migrer vers Windows 11");
    expect(saved).to.include("🔒 Note interne enregistrée sur le ticket n°1").and.not.include("[dm:alice");
  });

  it("tells requesters and experts to write /t N, the console having no threads", async () => {
    await terminal.type("le logiciel de chromatographie plante");
    const opened = await terminal.type(terminal.button("Ouvrir un ticket"));
    expect(opened).to.include("Pour compléter votre demande, écrivez «\u00a0/t 1\u00a0» suivi de votre message.");
    expect(opened).not.to.include("ce fil");
    await terminal.type("/as bruno");
    await terminal.type(terminal.button("Escalader"));
    await terminal.type("3");
    const escalated = await terminal.type("");
    expect(escalated).to.include("[experts:apps]").and.include("Écrivez «\u00a0/t 1\u00a0» suivi de votre message : vos réponses sont transmises au support");
  });

  it("keeps working after a restart: /tickets lists the queue and /tickets N draws a card with buttons that work", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "guichet-console-")), "desk.sqlite");
    const before = await openTestDesk({ sqliteFile: file });
    const first = new Terminal(before);
    await first.type("le logiciel de chromatographie plante");
    await first.type(first.button("Ouvrir un ticket"));
    first.input.end();
    await first.done;
    await before.close();

    const after = await openTestDesk({ sqliteFile: file });
    const restarted = new Terminal(after);
    try {
      await restarted.type("/as bruno");
      expect(await restarted.type("3")).to.include("⚠ Il n'y a pas de bouton [3] à l'écran (la console a peut-être redémarré)");
      const queue = await restarted.type("/tickets");
      expect(queue).to.include("File d'attente : tickets non attribués").and.include("#1 · le logiciel de chromatographie plante");
      const card = await restarted.type("/tickets 1");
      expect(card).to.include("#1 · le logiciel de chromatographie plante").and.match(/\[\d+\] Prendre en charge/);
      const claimed = await restarted.type(restarted.button("Prendre en charge"));
      expect(claimed).to.include("Bruno Agent a pris en charge votre demande.");
    } finally {
      restarted.input.end();
      await restarted.done;
      await after.close();
    }
  });

  it("refuses an agent's button pressed by a requester", async () => {
    await terminal.type("le logiciel de chromatographie plante");
    await terminal.type(terminal.button("Ouvrir un ticket"));
    const refused = await terminal.type(terminal.button("Prendre en charge"));
    expect(refused).to.include("⚠ Vous n'avez pas le droit d'utiliser «\u00a0Prendre en charge\u00a0» : c'est réservé au support.");
  });

  it("checks each answer as it is typed, names the field by its label, and asks again only for it", async () => {
    const list = await terminal.type("/new");
    expect(list).to.include("Création d'une liste de diffusion");
    await terminal.type(terminal.button("Création d'une liste de diffusion"));
    const wrongName = await terminal.type("Liste Invalide!");
    expect(wrongName).to.include("⚠ Nom de la liste : Format attendu : minuscules, chiffres, points et tirets.");
    expect(wrongName).to.include("Nom de la liste (minuscules, chiffres, points et tirets)").and.not.include("name:");
    await terminal.type("labo-chimie");
    await terminal.type("alice@univ-exemple.fr");
    const wrongChoice = await terminal.type("9");
    expect(wrongChoice).to.include("⚠ Abonnés : Choisissez une des valeurs proposées.").and.include("1=Personnels");
    await terminal.type("etudiants");
    const ticket = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} });
    expect(ticket.fields).to.deep.equal({ name: "labo-chimie", owner: "alice@univ-exemple.fr", audience: "students" });
  });

  it("shows a date's format before the answer and refuses a past date where it must be in the future", async () => {
    await terminal.type("/new");
    await terminal.type(terminal.button("Comptes Wi-Fi pour un événement"));
    const datePrompt = await terminal.type("Colloque de chimie");
    expect(datePrompt).to.include("Date (AAAA-MM-JJ)\u00a0:");
    expect(await terminal.type("24/12/2026")).to.include("⚠ Date : Écrivez une date AAAA-MM-JJ.");
    expect(await terminal.type("2026-11-20")).to.include("⚠ Date : Choisissez une date à partir du 2026-11-24 (pas dans le passé).");
    await terminal.type("2026-12-03");
    await terminal.type("40");
    const ticket = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} });
    expect(ticket.fields).to.deep.equal({ event: "Colloque de chimie", date: "2026-12-03", count: "40" });
  });

  it("keeps the answers given when the desk refuses one of them at the end, and asks only for that one", async () => {
    await terminal.type("/new");
    await terminal.type(terminal.button("Comptes Wi-Fi pour un événement"));
    await terminal.type("Colloque");
    await terminal.type("2026-11-24");
    // Midnight passes before the last answer: the day chosen is now in the past.
    t.clock.now = new Date("2026-11-25T09:00:00Z");
    const refused = await terminal.type("40");
    expect(refused).to.include("⚠ Date : Choisissez une date à partir du 2026-11-25").and.include("Date (AAAA-MM-JJ)");
    expect(refused).not.to.include("Événement");
    await terminal.type("2026-11-26");
    const ticket = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} });
    expect(ticket.fields).to.deep.equal({ event: "Colloque", date: "2026-11-26", count: "40" });
  });

  it("speaks French to a French persona and English to an English one, in forms too", async () => {
    await terminal.type("/new");
    const french = await terminal.type(terminal.button("Installation d'un logiciel"));
    expect(french).to.include("(«\u00a0/cancel\u00a0» pour abandonner)").and.not.include("to leave");
    await terminal.type("Matlab R2026a");
    expect(await terminal.type("INV-2231")).to.include("(facultatif)").and.not.include("optional");
    expect(await terminal.type("/cancel")).to.include("Formulaire abandonné.");
    expect(await terminal.type("/as ben")).to.include("You are now Ben Taylor, a requester.");
    await terminal.type("/new");
    const english = await terminal.type(terminal.button("Software installation"));
    expect(english).to.include('("/cancel" to leave)').and.not.include("abandonner");
    await terminal.type("Matlab R2026a");
    expect(await terminal.type("INV-2231")).to.include("(optional)").and.not.include("facultatif");
  });

  it("states the person's real role in /help", async () => {
    const requester = await terminal.type("/help");
    expect(requester).to.include("Vous êtes Alice Martin, demandeur.").and.not.include("/incident");
    await terminal.type("/as bruno");
    const agent = await terminal.type("/help");
    expect(agent).to.include("Vous êtes Bruno Agent, agent du support (niveau 1).").and.include("/incident").and.include("la file d'attente");
    expect(agent).not.to.include("requester");
  });

  it("shows the review extraction in the management place with its CSV's name and size", async () => {
    const monday = new Date("2026-11-30T06:30:00Z");
    t.clock.now = monday;
    await postReviewExtraction(t.guichet.desk.ctx, monday);
    await t.flush();
    const shown = await terminal.type("/who");
    expect(shown).to.include("[management").and.include("** 📋 Tickets ouverts le lundi 30 novembre 2026 à 07:30, pour la revue **");
    expect(shown).to.include("Aucun ticket ouvert.").and.include("  📎 tickets-ouverts-2026-11-30.csv (1 Ko)");
  });

  it("strips terminal control sequences from people's words", async () => {
    await terminal.type("\u001b[2Jle logiciel de chromatographie \u0007plante");
    await terminal.type(terminal.button("Ouvrir un ticket"));
    const ticket = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} });
    expect(ticket.description).to.include("\u001b[2J");
    const screen = await terminal.type("/status");
    expect(screen).not.to.include("\u001b").and.not.to.include("\u0007");
  });

  it("shows managers a draft from a ticket and asks for its title, questions and answer before publishing it", async () => {
    await terminal.type("j'ai oublié mon mot de passe");
    await terminal.type(terminal.button("Non résolu, ouvrir un ticket"));
    await terminal.type("/as bruno");
    await terminal.type(terminal.button("Résoudre"));
    await terminal.type("Réinitialisez-le sur compte.univ-exemple.fr.");
    await terminal.type(terminal.button("Enregistrer comme article"));
    await terminal.type("Mot de passe perdu");
    await terminal.type("");
    await terminal.type("");
    await terminal.type("");
    const notice = await terminal.type("");
    expect(notice).to.include("[management]").and.include("Mot de passe perdu").and.include("Réinitialisez-le sur compte.univ-exemple.fr.");

    await terminal.type("/as marie");
    const form = await terminal.type(terminal.button("Relire et publier"));
    expect(form).to.include("── Relire avant de publier ──").and.include("[Mot de passe perdu]");
    await terminal.type("Mot de passe oublié : le réinitialiser soi-même");
    await terminal.type("");
    const published = await terminal.type("Ouvrez compte.univ-exemple.fr, choisissez « Mot de passe oublié » et suivez les étapes.");

    expect(published).to.match(/Article « fr-mot-de-passe-perdu » publié/);
    expect(t.guichet.knowledge.get("fr-mot-de-passe-perdu")).to.deep.include({ status: "published", title: "Mot de passe oublié : le réinitialiser soi-même" });
  });
});
