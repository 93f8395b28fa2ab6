import { expect } from "chai";
import { analyzeQuestion, contentWords, foldText } from "../../../src/core/knowledge/text-analysis";

describe("text analysis", () => {
  it("folds accents, case and ligatures", () => {
    expect(foldText("Réseau ÉCRAN cœur")).to.equal("reseau ecran coeur");
  });

  it("drops stop words, chat filler and elided letters", () => {
    expect(contentWords("Bonjour, j'ai un souci avec l'imprimante, merci !")).to.deep.equal(["imprimante"]);
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

  it("asks about a word once however often it is repeated", () => {
    expect(analyzeQuestion("vpn vpn VPN !!")).to.have.length(1);
  });
});
