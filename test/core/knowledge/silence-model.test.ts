import { expect } from "chai";
import path from "node:path";
import { loadKnowledgeBase } from "../../../src/core/knowledge/kb-loader";
import { SILENCE_FEATURES, type SilenceFeatures } from "../../../src/core/knowledge/silence-features";
import { SILENCE_MODEL, SilenceModel } from "../../../src/core/knowledge/silence-model";
import { SearchIndex } from "../../../src/core/knowledge/search-index";
import { SMALL_KB } from "./kb-fixtures";

/** A match explaining `explained` of a four-word question through the article's title, the rest unknown. */
function match(explained: number): SilenceFeatures {
  return {
    explained, topicExplained: explained, translated: 0, corrected: 0, unknown: 1 - explained, missed: 0, missedTopWord: 0,
    topicTopWord: 1, score: 0.4 + 0.3 * explained, gap: 0.5, otherLanguage: 0, specificity: 0.8, words: Math.log(5),
  };
}

describe("the stay-silent model", () => {
  it("is more confident the more of the question the article explains", () => {
    const probabilities = [0.2, 0.5, 0.8, 1].map((share) => SILENCE_MODEL.probability(match(share)));
    expect(probabilities).to.deep.equal([...probabilities].sort((a, b) => a - b));
    expect(probabilities[0]).to.be.below(SILENCE_MODEL.threshold);
    expect(probabilities[3]).to.be.above(SILENCE_MODEL.threshold);
  });

  it("refuses weights written for other features, and says how to make new ones", () => {
    const n = SILENCE_FEATURES.length - 1;
    const stale = { features: SILENCE_FEATURES.slice(1), mean: new Array(n).fill(0), scale: new Array(n).fill(1), weights: new Array(n).fill(0), bias: 0, threshold: 0.5 };
    expect(() => SilenceModel.from(stale)).to.throw(/npm run train:kb/);
  });

  it("refuses a threshold outside 0–1", () => {
    const n = SILENCE_FEATURES.length;
    expect(() => SilenceModel.from({ features: SILENCE_FEATURES, mean: new Array(n).fill(0), scale: new Array(n).fill(1), weights: new Array(n).fill(0), bias: 0, threshold: 2 })).to.throw();
  });

  it("lets a word the base does not know lower its confidence in proportion, not veto the match", async () => {
    const { articles } = await loadKnowledgeBase(path.resolve(__dirname, "..", "..", "..", "..", "kb"));
    const index = SearchIndex.build(articles);
    const confidence = (question: string) => index.explain(question, { lang: "fr" }).confidence;
    const questions = [
      "mon vpn ne marche pas",
      "le VPN ne marche pas depuis mon Airbnb",
      "le VPN ne marche pas depuis mon Airbnb, avec la box Vodafone de Lisbonne",
    ];

    const levels = questions.map(confidence);

    expect(levels).to.deep.equal([...levels].sort((a, b) => b - a));
    expect(index.search(questions[1], { lang: "fr" })[0]?.article.id).to.equal("fr-vpn-echec-connexion");
  });

  it("decides the search's silence: the ranking is still there when nothing is suggested", () => {
    const index = SearchIndex.build(SMALL_KB);
    const explained = index.explain("my printer makes a grinding noise and smells of smoke since the storm", { lang: "en" });

    expect(explained.ranked[0]?.article.id).to.equal("en-printer");
    expect(explained.confidence).to.be.below(SILENCE_MODEL.threshold);
    expect(explained.hits).to.deep.equal([]);
  });

  it("scores the first hit by its confidence, and the next ones by it times their match relative to the first's", () => {
    const index = SearchIndex.build(SMALL_KB, { minScore: 0 });
    const explained = index.explain("printer", { lang: "en", limit: 2 });

    expect(explained.hits.map((h) => h.article.id)).to.deep.equal(explained.ranked.map((h) => h.article.id));
    expect(explained.hits[0].score).to.be.closeTo(explained.confidence, 1e-9);
    expect(explained.hits[1].score).to.be.closeTo((explained.confidence * explained.ranked[1].score) / explained.ranked[0].score, 1e-9);
  });
});
