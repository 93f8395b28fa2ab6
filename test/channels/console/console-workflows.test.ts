import { expect } from "chai";
import { Ticket } from "../../../src/store/entities/Ticket";
import { openTestDesk, type TestDesk } from "../../support/test-desk";
import { Terminal } from "./support/terminal";

/** The README's tour of a request that needs several teams, typed into the console as a person would. */
describe("console channel: a new staff member's arrival", () => {
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

  /** `login` draws ticket `id` again, claims it and resolves it with `answer`; returns what the console printed. */
  async function claimAndResolve(login: string, id: number, answer: string): Promise<string> {
    await terminal.type(`/as ${login}`);
    await terminal.type(`/tickets ${id}`);
    const claimed = await terminal.type(terminal.button("Prendre en charge"));
    await terminal.type(terminal.button("Résoudre"));
    return claimed + (await terminal.type(answer));
  }

  it("plays the arrival: the form, the manager's approval, three sub-requests claimed by three teams, one message per step, the request resolved", async () => {
    await terminal.type("/new");
    const form = await terminal.type(terminal.button("Arrivée d'un nouvel agent"));
    expect(form).to.include("── Arrivée d'un nouvel agent ──");
    for (const answer of ["Jean Dupont", "2026-12-14", "Laboratoire LIS", "Bât. A, bureau 12"]) await terminal.type(answer);
    const opened = await terminal.type("PC Linux");
    expect(opened).to.include("** Ticket n°1 ouvert **").and.include("▶ 1. Validation du responsable — en attente de Marie Directrice");
    expect(opened).to.include("[dm:marie]").and.include("Validation demandée · n°1 · Arrivée d'un nouvel agent");
    expect(opened).to.include("[triage:desk]").and.include("Annuler la demande");
    expect(opened, "nothing goes to the teams before the approval").not.to.include("[triage:identity]");

    // Alice's manager approves: the three teams get their sub-request.
    await terminal.type("/as marie");
    const approved = await terminal.type(terminal.button("Valider"));
    expect(approved).to.include("[triage:identity]").and.include("[triage:workplace]").and.include("[triage:logistics]");
    expect(approved).to.include("Étape « Validation du responsable » validée par Marie Directrice.");
    expect(approved).to.include("▶ 2. Compte informatique — n°2 · Identités numériques");

    expect(await claimAndResolve("ines", 2, "Compte jdupont créé.")).to.include("Étape « Compte informatique » terminée (2 sur 4).");
    expect(await claimAndResolve("hugo", 3, "PC Linux livré au bureau 12.")).to.include("Étape « Poste de travail » terminée (3 sur 4).");
    const last = await claimAndResolve("fabien", 4, "Badge prêt à l'accueil.");
    expect(last).to.include("Étape « Badge d'accès » terminée (4 sur 4).").and.include("** Demande n°1 terminée **");
    expect(last).to.include("✓ 2. Badge d'accès — terminée (n°4)");

    await terminal.type("/as alice");
    const closed = await terminal.type(terminal.button("C'est résolu"));
    expect(closed).to.include("** Ticket n°1 clos **");
    expect((await t.guichet.store.manager.findOneByOrFail(Ticket, { id: 1 })).status).to.equal("closed");
  });
});
