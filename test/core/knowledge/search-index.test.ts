import { expect } from "chai";
import type { Article } from "../../../src/core/knowledge/article";
import { SearchIndex } from "../../../src/core/knowledge/search-index";
import { article, SMALL_KB } from "./kb-fixtures";

const index = SearchIndex.build(SMALL_KB);
const ids = (query: string, lang?: "fr" | "en", limit?: number) => index.search(query, { lang, limit }).map((h) => h.article.id);

describe("SearchIndex", () => {
  describe("in French", () => {
    it("finds the article for a question written as a requester writes it", () => {
      expect(ids("j'ai oublié mon mot de passe", "fr")[0]).to.equal("fr-mot-de-passe");
    });

    it("folds accents and case", () => {
      expect(ids("MOT DE PASSE OUBLIE", "fr")[0]).to.equal("fr-mot-de-passe");
    });

    it("corrects a typo against the words of the knowledge base", () => {
      expect(ids("mon imprimente ne marche pas", "fr")[0]).to.equal("fr-imprimante");
    });

    it("matches another form of the same word through stemming", () => {
      expect(ids("les imprimantes du campus", "fr")[0]).to.equal("fr-imprimante");
    });

    it("corrects a typo inside a phrase (mot de pase)", () => {
      expect(ids("mot de pase oublié", "fr")[0]).to.equal("fr-mot-de-passe");
    });

    it("corrects a short word against the words of the knowledge base (wfi)", () => {
      expect(ids("wfi eduroam", "fr")[0]).to.equal("fr-eduroam");
    });

    it("finds the article when the question is wrapped in greetings and thanks", () => {
      expect(ids("Bonjour, j'ai oublié mon mot de passe, merci d'avance pour votre aide !", "fr")[0]).to.equal("fr-mot-de-passe");
    });

    it("joins synonyms the stemmer does not join (mdp for mot de passe)", () => {
      expect(ids("mdp expiré", "fr")[0]).to.equal("fr-mot-de-passe");
    });
  });

  describe("in English", () => {
    it("finds the article for a question written as a requester writes it", () => {
      expect(ids("I forgot my password, how do I reset it?", "en")[0]).to.equal("en-password");
    });

    it("corrects a typo against the words of the knowledge base", () => {
      expect(ids("pasword expired", "en")[0]).to.equal("en-password");
    });

    it("matches another form of the same word through stemming", () => {
      expect(ids("installing vpn", "en")[0]).to.equal("en-vpn");
    });

    it("finds the article when the question is wrapped in greetings and thanks", () => {
      expect(ids("Hi, my VPN does not work, thanks in advance", "en")[0]).to.equal("en-vpn");
    });
  });

  describe("languages", () => {
    it("puts the articles in the requester's language first", () => {
      expect(ids("password", "fr")[0]).to.equal("fr-mot-de-passe");
      expect(ids("mot de passe", "en")[0]).to.equal("en-password");
    });

    it("falls back to the other language when the requester's has no article", () => {
      expect(ids("le vpn ne s'installe pas", "fr")[0]).to.equal("en-vpn");
    });

    it("ranks the other language lower than the requester's for the same match", () => {
      const [first, second] = index.search("printer", { lang: "en" });
      expect(first.article.lang).to.equal("en");
      expect(second.article.lang).to.equal("fr");
      expect(second.score).to.be.below(first.score);
    });
  });

  describe("twins (the same answer in French and English)", () => {
    const twins = SearchIndex.build(SMALL_KB.map((a) => (a.id === "fr-mot-de-passe" || a.id === "en-password" ? { ...a, topic: "password" } : a)));
    const twinIds = (query: string, lang?: "fr" | "en") => twins.search(query, { lang, limit: 10 }).map((h) => h.article.id);

    it("shows the twin in the requester's language, never both", () => {
      expect(twinIds("password", "fr")).to.include("fr-mot-de-passe").and.not.to.include("en-password");
      expect(twinIds("mot de passe", "en")).to.include("en-password").and.not.to.include("fr-mot-de-passe");
    });

    it("shows the requester's twin when the question matches the other twin's words better", () => {
      expect(twinIds("I forgot my password, reset it please", "fr")[0]).to.equal("fr-mot-de-passe");
    });

    it("shows one of the twins when the requester's language is not known", () => {
      expect(twinIds("password").filter((id) => id === "fr-mot-de-passe" || id === "en-password")).to.have.length(1);
    });

    it("still shows both articles of two languages that are not twins", () => {
      expect(ids("printer", "en", 10)).to.include.members(["en-printer", "fr-imprimante"]);
    });
  });

  describe("articles published from a ticket's raw reply", () => {
    // A one-sentence answer saved from a ticket, titled and phrased exactly as requesters ask.
    const rawReply = article("fr-eduroam-ne-marche-pas", "fr", "eduroam ne marche pas", {
      questions: ["eduroam ne marche pas", "le wifi eduroam ne marche pas"],
      body: "Oubliez le réseau eduroam puis reconnectez-vous.",
      fromTicket: 12,
    });
    const first = (extra: Partial<Article>, tuning = {}) =>
      SearchIndex.build([...SMALL_KB, { ...rawReply, ...extra }], { minScore: 0, ...tuning }).search("eduroam ne marche pas", { lang: "fr" })[0].article.id;

    it("ranks a one-line answer from a ticket below the curated article on its topic", () => {
      expect(first({}, { oneLineDraftFactor: 1 }), "it would come first on its words alone").to.equal("fr-eduroam-ne-marche-pas");
      expect(first({})).to.equal("fr-eduroam");
    });

    it("ranks it on its words once its answer is written out over several lines", () => {
      expect(first({ body: "Oubliez le réseau eduroam.\n\nPuis reconnectez-vous avec votre identifiant complet." })).to.equal("fr-eduroam-ne-marche-pas");
    });
  });

  describe("nothing relevant", () => {
    for (const smallTalk of ["bonjour", "merci beaucoup !", "hello", "thanks!", "what's the weather like tomorrow?", "quelle est la météo demain"]) {
      it(`suggests nothing for "${smallTalk}"`, () => {
        expect(index.search(smallTalk, { lang: "fr" })).to.deep.equal([]);
      });
    }

    it("suggests nothing for an empty question", () => {
      expect(index.search("   ")).to.deep.equal([]);
    });

    it("suggests nothing from an empty knowledge base", () => {
      expect(SearchIndex.build([]).search("vpn")).to.deep.equal([]);
    });
  });

  describe("results", () => {
    it("returns at most the limit asked for, 3 by default", () => {
      const printers = SearchIndex.build(["a", "b", "c", "d", "e"].map((floor) => article(`printer-${floor}`, "en", `Printer of floor ${floor.toUpperCase()}`)));
      expect(printers.search("printer", { limit: 2 })).to.have.length(2);
      expect(printers.search("printer")).to.have.length(3);
    });

    it("gives scores between 0 and 1, best first", () => {
      const hits = index.search("printer driver", { lang: "en", limit: 10 });
      const scores = hits.map((h) => h.score);
      expect(scores.every((s) => s > 0 && s <= 1)).to.equal(true);
      expect(scores).to.deep.equal([...scores].sort((a, b) => b - a));
    });

    it("reads only the start of a very long question (a pasted log)", () => {
      const filler = "merci ".repeat(500);
      expect(ids(`vpn ${filler}`, "en")).to.include("en-vpn");
      expect(ids(`${filler} vpn`, "en")).to.deep.equal([]);
    });

    it("never suggests a draft", () => {
      const withDraft = SearchIndex.build([...SMALL_KB, article("draft-vpn", "en", "VPN certificate error", { status: "draft", body: "vpn certificate" })]);
      expect(withDraft.search("vpn certificate error", { limit: 10 }).map((h) => h.article.id)).not.to.include("draft-vpn");
    });

    it("counts only the published articles in its size", () => {
      expect(SearchIndex.build([...SMALL_KB, article("d", "en", "Draft", { status: "draft" })]).size).to.equal(SMALL_KB.length);
    });
  });
});
