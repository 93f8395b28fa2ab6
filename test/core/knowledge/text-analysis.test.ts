import { expect } from "chai";
import { analyzeQuestion, contentWords, foldText } from "../../../src/core/knowledge/text-analysis";

describe("text analysis", () => {
  it("folds accents, case and ligatures", () => {
    expect(foldText("Réseau ÉCRAN cœur")).to.equal("reseau ecran coeur");
  });

  it("drops stop words, chat filler and elided letters", () => {
    expect(contentWords("Bonjour, j'ai un souci avec l'imprimante, merci !")).to.deep.equal(["imprimante"]);
  });

  it("gives greetings, thanks and politeness no weight, in French and English", () => {
    expect(contentWords("Hi, my VPN does not work, thanks in advance")).to.deep.equal(["vpn"]);
    expect(contentWords("Bonjour, mon vpn ne marche pas, merci d'avance")).to.deep.equal(["vpn"]);
    expect(contentWords("Hello, sorry to bother you, any help appreciated, have a nice day! Kind regards")).to.deep.equal([]);
    expect(contentWords("Excusez-moi de vous déranger, s'il vous plaît, c'est urgent. Bonne journée, cdlt")).to.deep.equal([]);
  });

  it("keeps support words that generic stop-word lists drop", () => {
    expect(contentWords("my computer in room B12")).to.deep.equal(["computer", "room", "b12"]);
  });

  it("reads multi-word expressions as one word", () => {
    expect(contentWords("mot de passe du wi-fi")).to.deep.equal(["motdepasse", "wifi"]);
  });

  it("gives French and English synonyms the same term", () => {
    const [fr] = analyzeQuestion("imprimante");
    const [en] = analyzeQuestion("printer");
    expect(fr.terms).to.deep.equal(en.terms);
  });

  it("corrects a word before joining phrases, so a typo inside \"mot de passe\" still makes the phrase", () => {
    const words = analyzeQuestion("mot de pase oublié", (word) => (word === "pase" ? "passe" : undefined));

    expect(words.map((w) => [w.word, w.corrected])).to.deep.equal([["motdepasse", true], ["oublie", false]]);
  });

  it("offers only the words that are not stop words to the correction", () => {
    const offered: string[] = [];
    analyzeQuestion("je ne peux pas imprimer", (word) => void offered.push(word));

    expect(offered).to.deep.equal(["imprimer"]);
  });

  it("asks about a word once however often it is repeated", () => {
    expect(analyzeQuestion("vpn vpn VPN !!")).to.have.length(1);
  });
});
