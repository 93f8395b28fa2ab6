import { expect } from "chai";
import glossaryFile from "../../../src/core/knowledge/data/desk-glossary.json";
import { DESK_GLOSSARY, DeskGlossary } from "../../../src/core/knowledge/desk-glossary";
import { SearchIndex } from "../../../src/core/knowledge/search-index";
import { analyzeQuestion } from "../../../src/core/knowledge/text-analysis";
import { article } from "./kb-fixtures";

/** The glossary's expressions in a question, each as "words → translation / translation". */
function expansions(glossary: DeskGlossary, question: string): string[] {
  const words = analyzeQuestion(question);
  return glossary.find(words.map((w) => w.terms)).map((m) =>
    `${words.slice(m.from, m.to).map((w) => w.word).join(" ")} → ${m.translations.map((t) => t.join(" ")).join(" / ")}`);
}

describe("DeskGlossary", () => {
  const glossary = new DeskGlossary([
    [["messagerie vocale", "répondeur"], ["voicemail"]],
    [["boîte fonctionnelle"], ["shared mailbox", "team inbox"]],
    [["se déconnecter"], ["log out"]],
  ]);

  it("translates an expression of several words into the other language, in either direction", () => {
    expect(expansions(glossary, "ma messagerie vocale est pleine")).to.deep.equal(["messagerie vocale → voicemail"]);
    expect(expansions(glossary, "how do I get a shared mailbox")).to.deep.equal(["shared mailbox → boite fonctionnelle"]);
  });

  it("recognises other forms of the words (plural, no accents)", () => {
    expect(expansions(glossary, "les boites fonctionnelles du service")).to.deep.equal(["boites fonctionnelles → shared mailbox / team inbox"]);
  });

  it("leaves out a form whose meaning the stop-word list would take away (\"out\" in \"log out\")", () => {
    expect(expansions(glossary, "where is the log file")).to.deep.equal([]);
    expect(expansions(glossary, "comment se déconnecter")).to.deep.equal([]);
  });

  it("ships a glossary of a few hundred pairs with its source", () => {
    const pairs = glossaryFile.entries.reduce((sum, [french, english]) => sum + french.length * english.length, 0);
    expect(pairs).to.be.at.least(300);
    expect(glossaryFile.source).to.match(/\w{10}/);
    expect(DESK_GLOSSARY.words.has("voicemail")).to.equal(true);
  });
});

describe("SearchIndex with the desk glossary", () => {
  const frenchOnly = SearchIndex.build([
    article("fr-messagerie-vocale", "fr", "Messagerie vocale du téléphone fixe", {
      tags: ["répondeur", "code"],
      body: "Écoutez vos messages en composant le 8800 depuis votre poste.",
    }),
    article("fr-messagerie-telephone", "fr", "Configurer la messagerie sur un smartphone", {
      tags: ["courriel", "smartphone"],
      body: "Ajoutez un compte Exchange dans les réglages du téléphone.",
    }),
    article("fr-boite-fonctionnelle", "fr", "Obtenir une boîte fonctionnelle pour son service", {
      body: "Le responsable du service commande la boîte fonctionnelle sur le portail.",
    }),
    // The ranking alone: whether a base of three articles is sure enough to answer is the stay-silent model's call.
  ], { minScore: 0 });
  const ids = (question: string): string[] => frenchOnly.search(question, { lang: "en" }).map((h) => h.article.id);

  it("answers an English question with the French article when no English one exists", () => {
    expect(ids("my voicemail code")[0]).to.equal("fr-messagerie-vocale");
    expect(ids("we need a shared mailbox for our team")[0]).to.equal("fr-boite-fonctionnelle");
  });

  it("does not let an article that has only one word of a translation explain the word", () => {
    const hits = frenchOnly.search("voicemail", { lang: "en", limit: 10 }).map((h) => h.article.id);
    expect(hits).not.to.include("fr-messagerie-telephone");
  });
});
