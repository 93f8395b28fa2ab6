import { expect } from "chai";
import { knowledgeUsageReport } from "../../../src/core/knowledge-usage/usage-report";
import { buttonValue } from "../../support/desk-scenarios";
import { alice, ben, dmOf, openTestDesk, persona, type TestDesk } from "../../support/test-desk";

describe("knowledge usage report", () => {
  let t: TestDesk;
  beforeEach(async () => {
    t = await openTestDesk();
  });
  afterEach(async () => t.close());

  async function ask(sender: typeof alice, text: string, answer: "kb.solved" | "kb.not_solved" | null) {
    const dm = dmOf(sender.id);
    await t.desk.receiveMessage({ sender, place: dm, text });
    await t.flush();
    if (answer) await t.desk.pressButton({ sender, action: answer, value: buttonValue(t, dm.conversation, answer) });
  }

  it("counts deflections, finds articles that never help and the questions that found nothing", async () => {
    await ask(alice, "j'ai oublié mon mot de passe", "kb.solved");
    for (const login of ["u1", "u2", "u3"]) await ask(persona(login), "comment installer une imprimante", "kb.not_solved");
    await ask(alice, "le logiciel de chromatographie plante au démarrage", null);
    await ask(ben, "Le logiciel de CHROMATOGRAPHIE plante au démarrage", null);

    const articles = [...t.guichet.knowledge.articles];
    const report = await knowledgeUsageReport(t.guichet.store.manager, articles, new Date("2000-01-01"), new Date("2100-01-01"));
    expect(report.deflections).to.equal(1);
    expect(report.articles.find((a) => a.id === "fr-mot-de-passe-oublie")?.solved).to.equal(1);
    expect(report.neverHelp.map((a) => a.id)).to.include("fr-imprimante");
    expect(report.neverHelp.map((a) => a.id)).not.to.include("fr-mot-de-passe-oublie");
    expect(report.missing).to.have.length(1);
    expect(report.missing[0].count).to.equal(2);
    expect(report.neverShown.map((a) => a.id)).to.deep.equal(articles.map((a) => a.id).filter((id) => !report.articles.some((u) => u.id === id)));
  });
});
