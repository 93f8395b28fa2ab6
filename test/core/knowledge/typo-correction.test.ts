import { expect } from "chai";
import { editDistance, VocabularyCorrector } from "../../../src/core/knowledge/typo-correction";

const corrector = new VocabularyCorrector(new Map(["imprimante", "password", "eduroam", "sort", "tuesday", "voicemail"].map((w) => [w, 1])));

describe("VocabularyCorrector", () => {
  it("corrects a wrong letter", () => {
    expect(corrector.correct("imprimente")).to.equal("imprimante");
  });

  it("corrects a missing letter", () => {
    expect(corrector.correct("pasword")).to.equal("password");
  });

  it("corrects two swapped letters", () => {
    expect(corrector.correct("voicemial")).to.equal("voicemail");
  });

  it("leaves a real word alone when it is a known word plus a letter", () => {
    expect(corrector.correct("sport")).to.equal(undefined);
  });

  it("allows only one edit below nine letters", () => {
    expect(corrector.correct("thursday")).to.equal(undefined);
  });

  describe("short words", () => {
    const topicWords = new Set(["wifi", "passe", "vpn", "card", "mail"]);
    const short = new VocabularyCorrector(new Map(["wifi", "passe", "vpn", "card", "mail", "sort"].map((w) => [w, 1])), topicWords);

    it("corrects a letter dropped inside a word", () => {
      expect(short.correct("wfi")).to.equal("wifi");
      expect(short.correct("pase")).to.equal("passe");
    });

    it("corrects two neighbours swapped after the first letter", () => {
      expect(short.correct("vnp")).to.equal("vpn");
      expect(short.correct("mial")).to.equal("mail");
    });

    it("leaves a word that is a known word without its last letter: it is often a real word", () => {
      expect(short.correct("car")).to.equal(undefined);
    });

    it("corrects only into the words of titles, tags and example questions", () => {
      expect(short.correct("srt")).to.equal(undefined);
    });

    it("allows no other edit", () => {
      expect(short.correct("wofi")).to.equal(undefined);
      expect(short.correct("sortt".slice(0, 4))).to.equal(undefined);
    });
  });

  it("measures swaps of neighbours as one edit", () => {
    expect(editDistance("eduraom", "eduroam", 2)).to.equal(1);
  });
});
