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

  it("does not correct short words", () => {
    expect(corrector.correct("sortt".slice(0, 4))).to.equal(undefined);
  });

  it("measures swaps of neighbours as one edit", () => {
    expect(editDistance("eduraom", "eduroam", 2)).to.equal(1);
  });
});
