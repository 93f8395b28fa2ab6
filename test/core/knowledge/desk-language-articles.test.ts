import { expect } from "chai";
import { loadKnowledgeBase } from "../../../src/core/knowledge/kb-loader";
import { SearchIndex } from "../../../src/core/knowledge/search-index";
import { useMessages } from "../../../src/core/messages/messages";
import { article, articleText, SMALL_KB, tempKnowledgeBase, writeFile } from "./kb-fixtures";

describe("knowledge articles in a language the desk adds", () => {
  afterEach(() => useMessages());

  it("load with the desk's language codes once the desk offers the language", async () => {
    const dir = tempKnowledgeBase();
    writeFile(dir, "drucker.md", articleText({ lang: "lang: DE", title: "title: Drucker einrichten" }));
    expect((await loadKnowledgeBase(dir)).problems).to.have.length(1);
    useMessages(new Map(), { offered: ["fr", "en", "de"], default: "fr" });
    const { articles, problems } = await loadKnowledgeBase(dir);
    expect(problems).to.deep.equal([]);
    expect(articles.map((a) => [a.id, a.lang])).to.deep.equal([["drucker", "de"]]);
  });

  it("are found by their inflected words (German stems) and shown first to a German speaker, as the twin of the French answer", () => {
    const german = article("de-passwort", "de", "Passwort vergessen oder abgelaufen", {
      questions: ["ich habe mein Passwort vergessen"],
      body: "Setzen Sie Ihr Passwort im Kontoportal mit Ihrer Ersatzadresse zurück.",
      topic: "password",
    });
    useMessages(new Map(), { offered: ["fr", "en", "de"], default: "fr" });
    const base = [...SMALL_KB.map((a) => (a.id === "fr-mot-de-passe" ? { ...a, topic: "password" } : a)), german];
    const index = SearchIndex.build(base);
    expect(index.search("Passwörter vergessen", { lang: "de" })[0]?.article.id).to.equal("de-passwort");
    // The French twin matched better ("mot de passe oublié"): a German speaker is shown the German one.
    expect(index.search("mot de passe oublié", { lang: "de" })[0]?.article.id).to.equal("de-passwort");
    expect(index.search("mot de passe oublié", { lang: "fr" })[0]?.article.id).to.equal("fr-mot-de-passe");
  });
});
