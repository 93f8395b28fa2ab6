import type { Article, KnowledgeSearch, Lang, SearchHit, SearchOptions } from "./article";
import { DESK_GLOSSARY, type DeskGlossary } from "./desk-glossary";
import { DocumentScores, type ScoringContext } from "./document-scores";
import { silenceFeatures, type SilenceFeatures } from "./silence-features";
import { SILENCE_MODEL, type SilenceModel } from "./silence-model";
import { TopHits } from "./top-hits";
import { FIELDS, InvertedIndex, type Field, type FieldTermIds } from "./inverted-index";
import { questionConcepts, type ConceptContext } from "./query-concepts";
import { articleTermOf, contentWordsOfTokens, isStopWord, termsOfWord, tokenize } from "./text-analysis";
import { VocabularyCorrector } from "./typo-correction";

/**
 * Every number that decides what is suggested, in one place. The defaults were tuned on the
 * development set (`npm run eval:kb`) and checked on the AskUbuntu and CLINC150 cross-checks; change
 * them only with that evaluation in front of you.
 */
export interface SearchTuning {
  /** BM25F field weights, for ranking: a word of the title says more about the article than one in its body. */
  fieldWeight: Record<Field, number>;
  /**
   * How well a question word is explained by an article when it is found in that field, for the
   * score: a word of the title, tags or example questions is the article's topic; a word found
   * only in the body may be incidental.
   */
  fieldStrength: Record<Field, number>;
  /** A body word's strength grows with its count c as c / (c + bodySaturation). */
  bodySaturation: number;
  /**
   * An article that has a word only in its body counts as this much of an article using it, when
   * weighing the word: "mot de passe" appears in the body of a third of the bundled articles, but
   * only a few are about passwords, and those make the word informative.
   */
  bodyOnlyDocumentShare: number;
  /** Weight of a question word the knowledge base does not know, relative to the question's most specific known word. */
  unknownWordWeight: number;
  /** … of such a word written as a name or a code ("Xiaomi", "B214"): likely a detail, not the topic. */
  unknownNameWeight: number;
  /**
   * How the evidence is scaled to the question's length: explained weight ÷ (question weight)^x.
   * 1 would be plain coverage (long stories never reach the cut-off), 0 raw evidence (small talk
   * with two incidental matches would pass it).
   */
  questionLengthExponent: number;
  /** Scaled evidence that gives a score of 0.5: score = evidence ÷ (evidence + this). */
  evidenceAtHalfScore: number;
  /**
   * Evidence granted for explaining the whole question (coverage 1), in proportion to coverage:
   * the evidence is the larger of this and the length-scaled one. It keeps short questions fully
   * answered by a title ("vpn", "mot de passe oublié") above the cut-off in a small base, where
   * every word is common and weighs little.
   */
  coverageEvidence: number;
  /** A word found only after typo correction counts this much. */
  correctedWordWeight: number;
  /** A related word ("eduroam" for "wifi") counts this much. */
  relatedWordWeight: number;
  /** A word found through its translation in the desk glossary counts this much. */
  translatedWordWeight: number;
  /**
   * Share of the score that comes from the evidence alone; the rest scales with the article's
   * BM25F score relative to the best article for this question (which breaks ties on term counts).
   */
  coverageShare: number;
  /** Articles in the other language than the requester's have their score multiplied by this. */
  otherLanguageFactor: number;
  /**
   * An article saved from a ticket whose answer is a single line has its score multiplied by this:
   * a raw reply published as is ranks below the curated articles on its topic.
   */
  oneLineDraftFactor: number;
  /**
   * Below this score an article is not suggested at all. A hit's score is the probability that
   * suggesting is right (the stay-silent model's), times the hit's match relative to the first's;
   * by default the model's own threshold, chosen by `npm run train:kb`.
   */
  minScore: number;
  /** BM25 parameters. */
  k1: number;
  b: number;
}

/** How a search index is built: tuning, and the glossary and stay-silent model to use (guichet's by default). */
export type SearchBuildOptions = Partial<SearchTuning> & { glossary?: DeskGlossary; silenceModel?: SilenceModel };

/** A search with what decided it (`SearchIndex.explain`). */
export interface SearchExplanation {
  /** What `search` returns. */
  hits: SearchHit[];
  /** The best articles by their match alone, before the stay-silent decision (scores: the match, 0–1). */
  ranked: SearchHit[];
  /** The features of the best match; absent when no article matches at all. */
  features?: SilenceFeatures;
  /** The probability that suggesting is right (0 when nothing matches). */
  confidence: number;
}

/**
 * The ranking's settings, measured on the development set (`npm run eval:kb`). The cut-off
 * (`minScore`) is not among them: it comes with the stay-silent model it applies to.
 */
export const DEFAULT_TUNING: Readonly<Omit<SearchTuning, "minScore">> = {
  fieldWeight: { title: 3, tags: 2, questions: 2, body: 1 },
  fieldStrength: { title: 1, tags: 0.9, questions: 0.85, body: 0.5 },
  bodySaturation: 0.5,
  bodyOnlyDocumentShare: 0.25,
  unknownWordWeight: 0.5,
  unknownNameWeight: 0.25,
  questionLengthExponent: 0.3,
  evidenceAtHalfScore: 0.55,
  coverageEvidence: 1,
  correctedWordWeight: 0.8,
  relatedWordWeight: 0.5,
  translatedWordWeight: 1,
  coverageShare: 0.7,
  otherLanguageFactor: 0.8,
  oneLineDraftFactor: 0.7,
  k1: 1.2,
  b: 0.75,
};

/**
 * Content words (and characters) of a question taken into account. The longest stories of the
 * development set have about 30 words; a pasted log of thousands would cost time (0.4 s for
 * 20 000 words) and change nothing.
 */
const MAX_QUESTION_WORDS = 60;
const MAX_QUESTION_CHARACTERS = 2000;

/** See `inverseDocumentFrequency`; the bundled base has about 85 articles. */
const MIN_BASE_SIZE = 50;

/** A content word of the knowledge base while indexing: its term id in French and English articles (−1 until seen in one). */
/** A word's term id in each language it was indexed in (its stem differs by language). */
type TermIdsOfWord = Map<Lang, number>;

/** A word as written in the knowledge base, while indexing: the vocabulary typo correction works with. */
interface VocabularyEntry {
  /** Number of articles using it, counted as articles are read in order. */
  articles: number;
  lastArticle: number;
  /** Seen in a title, tags or example questions. */
  topic: boolean;
}

/**
 * guichet's knowledge search: a BM25F inverted index over folded, stemmed, stop-word-filtered
 * terms (text-analysis.ts), in three steps.
 *
 * 1. Reading the question (query-concepts.ts): chat filler weighs nothing; every word the base
 *    does not know is corrected against the base's own words (typo-correction.ts); each word may
 *    be explained by itself, its translation in the desk glossary (desk-glossary.ts) or a related
 *    word. A word weighs its inverse document frequency; an unknown word weighs a share of the
 *    question's most specific known word.
 * 2. Ranking (document-scores.ts): an article explains a word fully when the word is in its title,
 *    a little less in its tags or example questions, and half when only in its body. The explained
 *    weight is divided by the question's weight to the power 0.3 (a long story is not penalised
 *    for its many context words as much as plain coverage would, a one-word question not favoured
 *    as much as raw evidence would), squashed into [0, 1), and blended with the BM25F score
 *    relative to the best article. Other-language articles are multiplied by
 *    `otherLanguageFactor`; twins are one suggestion, shown in the requester's language.
 * 3. Staying silent (silence-features.ts, silence-model.ts): a small calibrated model reads the
 *    best match and gives the probability that suggesting is right; below `minScore` nothing is
 *    suggested, so that "nothing relevant" is an answer and the bot offers a ticket instead.
 *
 * Not re-entrant: one search at a time per index (JavaScript runs one at a time anyway), because
 * the per-document accumulators are allocated once and reused.
 */
export class SearchIndex implements KnowledgeSearch {
  /** The languages of the articles, and each article's as an index into it. */
  private readonly langs: Lang[];
  private readonly articleLangs: Uint8Array;
  /** Each article's twin (the same answer in the other language), or −1. */
  private readonly twinOf: Int32Array;
  /** What each article's ranking score is multiplied by for what it is (1, or `oneLineDraftFactor`). */
  private readonly articleFactor: Float64Array;
  private readonly scoring: ScoringContext;
  private readonly scores: DocumentScores;
  private readonly concepts: ConceptContext;

  private constructor(
    private readonly articles: readonly Article[],
    private readonly index: InvertedIndex,
    private readonly corrector: VocabularyCorrector,
    private readonly tuning: SearchTuning,
    glossary: DeskGlossary,
    private readonly silenceModel: SilenceModel,
  ) {
    const n = articles.length;
    // Per document and field: fieldWeight / (1 − b + b · length / average length), BM25F's length normalisation.
    const fieldNorms = new Float64Array(n * FIELDS.length);
    for (let d = 0; d < n; d++) {
      FIELDS.forEach((field, f) => {
        const average = index.averageFieldLengths[f] || 1;
        const length = index.fieldLengths[d * FIELDS.length + f];
        fieldNorms[d * FIELDS.length + f] = tuning.fieldWeight[field] / (1 - tuning.b + (tuning.b * length) / average);
      });
    }
    this.langs = [...new Set(articles.map((a) => a.lang))];
    this.articleLangs = Uint8Array.from(articles.map((a) => this.langs.indexOf(a.lang)));
    this.twinOf = twinsOf(articles);
    this.articleFactor = Float64Array.from(articles, (a) => (a.fromTicket !== undefined && !a.body.trim().includes("\n") ? tuning.oneLineDraftFactor : 1));
    this.scoring = {
      index,
      fieldNorms,
      fieldStrengths: Float64Array.from(FIELDS.map((f) => tuning.fieldStrength[f])),
      k1: tuning.k1,
      bodySaturation: tuning.bodySaturation,
    };
    this.scores = new DocumentScores(this.scoring);
    this.concepts = {
      termId: (term) => index.termId(term),
      idfOf: (id) => this.idfOf(id),
      maxIdf: this.inverseDocumentFrequency(0),
      glossary,
      correct: (word) => this.correctWord(word),
      credits: {
        corrected: tuning.correctedWordWeight,
        translated: tuning.translatedWordWeight,
        related: tuning.relatedWordWeight,
        unknownWord: tuning.unknownWordWeight,
        unknownName: tuning.unknownNameWeight,
      },
    };
  }

  /** Indexes the published articles (drafts are never suggested). */
  static build(articles: readonly Article[], options: SearchBuildOptions = {}): SearchIndex {
    const { glossary = DESK_GLOSSARY, silenceModel = SILENCE_MODEL, ...tuning } = options;
    const settings: SearchTuning = { ...DEFAULT_TUNING, minScore: silenceModel.threshold, ...tuning };
    const published = articles.filter((a) => a.status === "published");
    // Per word of the base, one lookup in the vocabulary (typo correction's) and one for its term
    // ids in each language (stemmed once per word). Indexing is mostly this loop.
    const termIds = new Map<string, number>();
    const termIdsOfWord = new Map<string, TermIdsOfWord>();
    const vocabulary = new Map<string, VocabularyEntry>();
    const documents = published.map((article, d): FieldTermIds => {
      const lang = article.lang;
      const toTermIds = (text: string, topic: boolean): number[] => {
        const tokens = tokenize(text);
        for (const token of tokens) {
          if (isStopWord(token)) continue;
          let entry = vocabulary.get(token);
          if (entry === undefined) {
            entry = { articles: 0, lastArticle: -1, topic: false };
            vocabulary.set(token, entry);
          }
          if (entry.lastArticle !== d) {
            entry.lastArticle = d;
            entry.articles++;
          }
          if (topic) entry.topic = true;
        }
        return contentWordsOfTokens(tokens).map((word) => {
          let ids = termIdsOfWord.get(word);
          if (ids === undefined) {
            ids = new Map();
            termIdsOfWord.set(word, ids);
          }
          let id = ids.get(lang);
          if (id === undefined) {
            const term = articleTermOf(word, lang);
            id = termIds.get(term);
            if (id === undefined) {
              id = termIds.size;
              termIds.set(term, id);
            }
            ids.set(lang, id);
          }
          return id;
        });
      };
      return {
        title: toTermIds(article.title, true),
        tags: toTermIds(article.tags.join(" ; "), true),
        questions: toTermIds(article.questions.join(" ; "), true),
        body: toTermIds(stripAddresses(article.body), false),
      };
    });
    const wordFrequency = new Map<string, number>();
    const topicWords = new Set<string>();
    for (const [word, entry] of vocabulary) {
      wordFrequency.set(word, entry.articles);
      if (entry.topic) topicWords.add(word);
    }
    // The glossary's words are words of the base too, for typo correction: "voicemial" is
    // "voicemail" mistyped even in a base that says "messagerie vocale".
    for (const word of glossary.words) {
      if (!wordFrequency.has(word)) wordFrequency.set(word, 0);
    }
    const index = InvertedIndex.build(documents, termIds);
    return new SearchIndex(published, index, new VocabularyCorrector(wordFrequency, topicWords), settings, glossary, silenceModel);
  }

  /** Number of articles that can be suggested. */
  get size(): number {
    return this.articles.length;
  }

  /** Best articles first, at most `limit` (default 3); `[]` when nothing is relevant enough. */
  search(query: string, options: SearchOptions = {}): SearchHit[] {
    return this.explain(query, options).hits;
  }

  /**
   * The search, with what the stay-silent decision saw: the articles ranked by their match (no
   * cut-off), the features of the best match and the probability that suggesting is right. The
   * hits are the ranked articles scored by that probability (the first) and by it times their
   * match relative to the first's (the others), and cut at `minScore`: an unsure answer shows
   * fewer articles, or none.
   */
  explain(query: string, options: SearchOptions = {}): SearchExplanation {
    const nothing: SearchExplanation = { hits: [], ranked: [], confidence: 0 };
    const limit = options.limit ?? 3;
    if (limit <= 0 || this.articles.length === 0) return nothing;
    const concepts = questionConcepts(startOf(query), MAX_QUESTION_WORDS, this.concepts);
    const totalWeight = concepts.reduce((sum, c) => sum + c.weight, 0);
    if (totalWeight === 0 || concepts.every((c) => c.alternatives.length === 0)) return nothing;

    const scores = this.scores;
    scores.score(concepts);
    const touchedCount = scores.size;
    let bestBm25 = 0;
    for (let i = 0; i < touchedCount; i++) bestBm25 = Math.max(bestBm25, scores.bm25[scores.touched[i]]);
    if (bestBm25 === 0) return nothing;

    const { coverageShare, minScore, otherLanguageFactor, evidenceAtHalfScore, coverageEvidence } = this.tuning;
    const scale = Math.pow(totalWeight, this.tuning.questionLengthExponent);
    // A language no article is written in is preferred all the same: every article is then in another language.
    const preferred = options.lang === undefined ? -1 : this.langs.includes(options.lang) ? this.langs.indexOf(options.lang) : this.langs.length;
    // Two at least: the gap between the first and the second is a feature of the decision.
    const capacity = Math.max(limit, 2);
    const top = new TopHits(capacity, (scoreA, a, scoreB, b) =>
      scoreA > scoreB || (scoreA === scoreB && compareHits(scoreA, this.articles[a], scoreB, this.articles[b], options.lang) < 0));
    for (let i = 0; i < touchedCount; i++) {
      const d = scores.touched[i];
      const evidence = Math.max(scores.explained[d] / scale, (scores.explained[d] / totalWeight) * coverageEvidence);
      let score = (evidence / (evidence + evidenceAtHalfScore)) * (coverageShare + (1 - coverageShare) * (scores.bm25[d] / bestBm25)) * this.articleFactor[d];
      if (preferred >= 0 && this.articleLangs[d] !== preferred) score *= otherLanguageFactor;
      // Most touched documents rank below the ones kept: skip the offer (ties still go through, for their order).
      if (top.size === capacity && score < top.scores[capacity - 1]) continue;
      // A person is shown the twin in their language, with the better of the two matches (the
      // other language's discounted as any other-language match is).
      const twin = this.twinOf[d];
      const shown = preferred >= 0 && this.articleLangs[d] !== preferred && twin >= 0 && this.articleLangs[twin] === preferred ? twin : d;
      top.offer(shown, d, Math.min(score, 1), Math.min(d, this.twinOf[d] < 0 ? d : this.twinOf[d]));
    }
    if (top.size === 0 || top.scores[0] === 0) return nothing;
    const best = top.matched[0];
    const features = silenceFeatures(this.scoring, concepts, best, top.scores[0], top.scores[1] ?? 0, preferred >= 0 && this.articleLangs[best] !== preferred);
    const confidence = this.silenceModel.probability(features);
    const ranked = top.documents.slice(0, limit).map((d, i) => ({ article: this.articles[d], score: top.scores[i] }));
    const hits = ranked
      .map((hit) => ({ article: hit.article, score: (confidence * hit.score) / top.scores[0] }))
      .filter((hit) => hit.score >= minScore);
    return { hits, ranked, features, confidence };
  }

  /**
   * Typo correction of one question word: a word of the base, or another form of one ("imprimantes"
   * has the stem of "imprimante"), is left as typed; any other goes to the corrector, which only
   * proposes words of the base.
   */
  private correctWord(word: string): string | undefined {
    if (this.corrector.knows(word) || termsOfWord(word).some((term) => this.index.termId(term) !== undefined)) return undefined;
    return this.corrector.correct(word);
  }

  private idfOf(termId: number): number {
    const all = this.index.documentFrequency(termId);
    const topic = this.index.topicFrequency(termId);
    return this.inverseDocumentFrequency(topic + this.tuning.bodyOnlyDocumentShare * (all - topic));
  }

  /**
   * BM25's inverse document frequency: the weight of a word that `frequency` articles use. A small
   * base counts as `MIN_BASE_SIZE` articles: in a base of six, every word is in a third of the
   * articles, which says nothing about how specific it is, and it would make every question word
   * weigh less than an unknown one.
   */
  private inverseDocumentFrequency(frequency: number): number {
    const n = Math.max(this.articles.length, MIN_BASE_SIZE);
    return Math.log(1 + (n - frequency + 0.5) / (frequency + 0.5));
  }
}

/** The first `MAX_QUESTION_CHARACTERS` of a question, cut between words (half a word would be an unknown word). */
function startOf(query: string): string {
  if (query.length <= MAX_QUESTION_CHARACTERS) return query;
  const cut = query.slice(0, MAX_QUESTION_CHARACTERS + 1);
  const lastSpace = cut.search(/\s\S*$/);
  return lastSpace > 0 ? cut.slice(0, lastSpace) : cut.slice(0, MAX_QUESTION_CHARACTERS);
}

/** For each article, the index of the other-language article of its topic, or −1. */
function twinsOf(articles: readonly Article[]): Int32Array {
  const twins = new Int32Array(articles.length).fill(-1);
  const byTopic = new Map<string, number>();
  articles.forEach((article, d) => {
    if (article.topic === undefined) return;
    const key = `${article.topic}`;
    const other = byTopic.get(key);
    if (other === undefined) byTopic.set(key, d);
    else if (articles[other].lang !== article.lang && twins[other] < 0) {
      twins[other] = d;
      twins[d] = other;
    }
  });
  return twins;
}

/** URLs and e-mail addresses name places, not topics ("https", "univ", "fr" would match everything). */
function stripAddresses(body: string): string {
  if (!body.includes("://") && !body.includes("@")) return body;
  return body.replace(/\bhttps?:\/\/\S+/g, " ").replace(/\S+@\S+\.\w+/g, " ");
}

/** Highest score first; on equal scores, the requester's language first, then the id for stable output. */
function compareHits(scoreA: number, a: Article, scoreB: number, b: Article, lang: Lang | undefined): number {
  return scoreB - scoreA || Number(b.lang === lang) - Number(a.lang === lang) || a.id.localeCompare(b.id);
}
