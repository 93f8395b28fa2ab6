import { expect } from "chai";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { loadKnowledgeBase } from "../../../src/core/knowledge/kb-loader";
import { DraftLibrary } from "../../../src/core/knowledge-drafts/draft-library";
import { openPasswordTicket } from "../../support/desk-scenarios";
import { alice, bruno, dmOf, marie, openTestDesk, writeTestKnowledgeBase, type TestDesk } from "../../support/test-desk";

describe("drafts from resolved tickets", () => {
  let t: TestDesk;
  let kbDir: string;
  let ticketId: number;
  const values = {
    title: "Départ : que devient mon compte d'imprimante 3D ?",
    question: "je pars le mois prochain, que devient mon accès à l'imprimante 3D du fablab",
    answer: "Votre accès au fablab est fermé le jour de votre départ ; vos fichiers sont gardés 30 jours.",
    category: "printing",
    lang: "fr",
  };

  beforeEach(async () => {
    kbDir = writeTestKnowledgeBase();
    t = await openTestDesk({ kbDir });
    ticketId = (await openPasswordTicket(t)).id;
    await t.desk.pressButton({ sender: bruno, action: "ticket.claim", value: String(ticketId) });
    await t.desk.submitForm({ sender: bruno, form: "resolve", context: String(ticketId), values: { resolution: "Accès fermé au départ." }, place: dmOf("bruno") });
    await t.flush();
  });
  afterEach(async () => t.close());

  it("prefills the form from the ticket: its title, the requester's words and the answer given", async () => {
    const outcome = await t.desk.pressButton({ sender: bruno, action: "ticket.save_draft", value: String(ticketId) });
    if (outcome.kind !== "form") throw new Error(`expected a form, got ${outcome.kind}`);
    const initial = Object.fromEntries(outcome.form.fields.map((f) => [f.id, f.initial]));
    expect(initial).to.deep.include({ answer: "Accès fermé au départ.", category: "accounts", lang: "fr" });
    expect(initial.question).to.equal("j'ai oublié mon mot de passe et je ne peux plus me connecter");
  });

  it("writes a draft the knowledge base loads but never suggests, and offers it to managers", async () => {
    const outcome = await t.desk.submitForm({ sender: bruno, form: "draft", context: String(ticketId), values, place: dmOf("bruno") });
    expect(outcome.kind).to.equal("done");
    const file = path.join(kbDir, "drafts", "fr-depart-que-devient-mon-compte-d-imprimante-3d.md");
    expect(readFileSync(file, "utf8")).to.include(`# Draft from ticket #${ticketId}`);
    const loaded = await loadKnowledgeBase(kbDir);
    expect(loaded.problems).to.deep.equal([]);
    const draft = loaded.articles.find((a) => a.status === "draft");
    expect(draft?.title).to.equal(values.title);
    expect(draft?.fromTicket).to.equal(ticketId);
    await t.flush();
    const notice = t.sender.last("management");
    expect(notice.actions?.[0]).to.deep.include({ action: "kb.publish", value: "fr-depart-que-devient-mon-compte-d-imprimante-3d" });
  });

  it("shows managers the draft's text in the notice: title, question and answer", async () => {
    await t.desk.submitForm({ sender: bruno, form: "draft", context: String(ticketId), values, place: dmOf("bruno") });
    await t.flush();
    const notice = t.sender.last("management");
    expect(notice.fields?.map((f) => f.value)).to.deep.equal([values.title, values.question]);
    expect(notice.quote).to.deep.equal({ author: "Bruno Agent", text: values.answer });
  });

  it("publishes a draft once when two managers publish it at the same moment", async () => {
    await t.desk.submitForm({ sender: bruno, form: "draft", context: String(ticketId), values, place: dmOf("bruno") });
    await t.flush();
    const id = t.sender.last("management").actions?.[0].value ?? "";
    const library = new DraftLibrary(kbDir);
    const edit = { title: values.title, questions: [values.question], body: values.answer };
    expect((await Promise.all([library.publish(id, edit, "Marie"), library.publish(id, edit, "Marie")])).sort()).to.deep.equal([false, true]);
    expect(existsSync(path.join(kbDir, `${id}.md`))).to.equal(true);
    expect(existsSync(path.join(kbDir, "drafts", `${id}.md`))).to.equal(false);
  });

  it("opens the draft for a manager to edit before it is published, and refuses anyone else", async () => {
    await t.desk.submitForm({ sender: bruno, form: "draft", context: String(ticketId), values, place: dmOf("bruno") });
    await t.flush();
    const id = t.sender.last("management").actions?.[0].value ?? "";
    expect(await t.desk.pressButton({ sender: bruno, action: "kb.publish", value: id })).to.deep.equal({
      kind: "refused", message: "Seul un responsable publie un article.",
    });

    const outcome = await t.desk.pressButton({ sender: marie, action: "kb.publish", value: id });

    if (outcome.kind !== "form") throw new Error(`expected a form, got ${outcome.kind}`);
    expect(outcome.form).to.include({ form: "publish_draft", context: id });
    expect(Object.fromEntries(outcome.form.fields.map((f) => [f.id, f.initial]))).to.deep.equal({ title: values.title, questions: values.question, body: values.answer });
    expect(existsSync(path.join(kbDir, `${id}.md`)), "nothing is published by the press alone").to.equal(false);
  });

  it("publishes the draft as the manager edited it, and suggests it from then on", async () => {
    await t.desk.submitForm({ sender: bruno, form: "draft", context: String(ticketId), values, place: dmOf("bruno") });
    await t.flush();
    const id = t.sender.last("management").actions?.[0].value ?? "";
    const edited = {
      title: "Accès au fablab et à l'imprimante 3D après un départ",
      questions: "que devient mon accès au fablab quand je pars\n\nje quitte l'université, puis-je encore utiliser l'imprimante 3D",
      body: "Votre accès au fablab est fermé le jour de votre départ.\n\nVos fichiers sont gardés 30 jours : récupérez-les avant.",
    };
    expect(await t.desk.submitForm({ sender: bruno, form: "publish_draft", context: id, values: edited, place: dmOf("bruno") })).to.have.property("kind", "refused");

    const published = await t.desk.submitForm({ sender: marie, form: "publish_draft", context: id, values: edited, place: dmOf("marie") });

    expect(published).to.deep.equal({ kind: "done", notice: `Article « ${id} » publié : il est proposé dès maintenant.` });
    expect(existsSync(path.join(kbDir, "drafts", `${id}.md`))).to.equal(false);
    const article = (await loadKnowledgeBase(kbDir)).articles.find((a) => a.id === id);
    expect(article).to.deep.include({
      title: edited.title,
      questions: ["que devient mon accès au fablab quand je pars", "je quitte l'université, puis-je encore utiliser l'imprimante 3D"],
      body: "Votre accès au fablab est fermé le jour de votre départ.\n\nVos fichiers sont gardés 30 jours : récupérez-les avant.",
      status: "published",
      category: "printing",
      fromTicket: ticketId,
    });
    const hits = t.guichet.knowledge.search("que devient mon accès au fablab quand je pars", { lang: "fr" });
    expect(hits.map((h) => h.article.id)).to.include(id);
  });

  it("asks again, with what is wrong, when the edited draft has no answer", async () => {
    await t.desk.submitForm({ sender: bruno, form: "draft", context: String(ticketId), values, place: dmOf("bruno") });
    await t.flush();
    const id = t.sender.last("management").actions?.[0].value ?? "";

    const outcome = await t.desk.submitForm({ sender: marie, form: "publish_draft", context: id, values: { title: values.title, questions: values.question, body: "  " }, place: dmOf("marie") });

    expect(outcome.kind).to.equal("invalid");
    expect(Object.keys(outcome.kind === "invalid" ? outcome.errors : {})).to.deep.equal(["body"]);
    expect(existsSync(path.join(kbDir, "drafts", `${id}.md`))).to.equal(true);
  });

  it("refuses a requester and a ticket that is not resolved", async () => {
    expect(await t.desk.pressButton({ sender: alice, action: "ticket.save_draft", value: String(ticketId) })).to.have.property("kind", "refused");
    const open = await openPasswordTicket(t, "mon imprimante ne marche pas");
    expect(await t.desk.pressButton({ sender: bruno, action: "ticket.save_draft", value: String(open.id) })).to.have.property("kind", "refused");
  });

  it("gives a second draft with the same title its own file", async () => {
    await t.desk.submitForm({ sender: bruno, form: "draft", context: String(ticketId), values, place: dmOf("bruno") });
    await t.desk.submitForm({ sender: bruno, form: "draft", context: String(ticketId), values, place: dmOf("bruno") });
    expect(existsSync(path.join(kbDir, "drafts", "fr-depart-que-devient-mon-compte-d-imprimante-3d-2.md"))).to.equal(true);
  });
});
