import { fieldFrequency, type InvertedIndex } from "./inverted-index";
import type { QueryConcept, QueryTerm } from "./query-concepts";

/** What the scoring needs to know of the index and its tuning. */
export interface ScoringContext {
  index: InvertedIndex;
  /** Per document and field (d * 4 + f): BM25F's field weight over its length normalisation. */
  fieldNorms: Float64Array;
  /** How well a word found in field f explains it (title 1 … body 0.5). */
  fieldStrengths: Float64Array;
  k1: number;
  bodySaturation: number;
}

/**
 * Per-document values of one level of the scoring (a slot, an alternative, a concept), kept in
 * arrays allocated once and reset in constant time by a generation mark: a common word touches
 * most of the base, and an object per touched document would cost more than the scoring.
 */
class Scratch {
  readonly mark: Uint32Array;
  readonly bm25: Float64Array;
  readonly strength: Float64Array;
  readonly count: Uint16Array;
  readonly touched: Int32Array;
  size = 0;
  private generation = 0;

  constructor(documents: number) {
    this.mark = new Uint32Array(documents);
    this.bm25 = new Float64Array(documents);
    this.strength = new Float64Array(documents);
    this.count = new Uint16Array(documents);
    this.touched = new Int32Array(documents);
  }

  reset(): void {
    this.size = 0;
    if (++this.generation >= 0xfffffff0) {
      this.mark.fill(0);
      this.generation = 1;
    }
  }

  has(d: number): boolean {
    return this.mark[d] === this.generation;
  }

  /** Sets the document's values the first time it is seen in this round. */
  start(d: number, bm25: number, strength: number): void {
    this.mark[d] = this.generation;
    this.bm25[d] = bm25;
    this.strength[d] = strength;
    this.count[d] = 1;
    this.touched[this.size++] = d;
  }

  /** The best of several ways to match (alternatives of a word, terms of a slot). */
  keepBest(d: number, bm25: number, strength: number): void {
    if (!this.has(d)) {
      this.start(d, bm25, strength);
      return;
    }
    if (bm25 > this.bm25[d]) this.bm25[d] = bm25;
    if (strength > this.strength[d]) this.strength[d] = strength;
  }
}

/**
 * Scores every document that matches a word of the question: BM25F summed over question words
 * (each word counted once, through the best of its alternatives), and the weight of the question
 * words it explains (each weighed by how strongly the matching field explains it). Not re-entrant:
 * one question at a time (JavaScript runs one at a time anyway).
 */
export class DocumentScores {
  /** Documents touched by the last `score`, and their sums, by document. */
  readonly touched: Int32Array;
  size = 0;
  readonly bm25: Float64Array;
  readonly explained: Float64Array;
  private readonly mark: Uint32Array;
  private generation = 0;
  private readonly concept: Scratch;
  private readonly alternative: Scratch;
  private readonly slot: Scratch;
  /** `fieldMatch`'s answer, reused: no object per posting. */
  private readonly match = { weighted: 0, strength: 0 };

  constructor(private readonly ctx: ScoringContext) {
    const n = ctx.index.documentCount;
    this.touched = new Int32Array(n);
    this.bm25 = new Float64Array(n);
    this.explained = new Float64Array(n);
    this.mark = new Uint32Array(n);
    this.concept = new Scratch(n);
    this.alternative = new Scratch(n);
    this.slot = new Scratch(n);
  }

  /** Scores the documents for these concepts; they are then in `touched[0 … size)`. */
  score(concepts: readonly QueryConcept[]): void {
    this.size = 0;
    if (++this.generation >= 0xfffffff0) {
      this.mark.fill(0);
      this.generation = 1;
    }
    for (const concept of concepts) {
      const alternatives = concept.alternatives;
      if (alternatives.length === 1 && alternatives[0].slots.length === 1 && alternatives[0].slots[0].length === 1) {
        // The common case, a word with one term: each document is met once, straight into the sums.
        this.addTerm(alternatives[0].slots[0][0], alternatives[0].credit, concept.weight);
        continue;
      }
      const perConcept = this.concept;
      perConcept.reset();
      for (const alternative of concept.alternatives) {
        if (alternative.slots.length === 1) {
          this.matchSlot(alternative.slots[0], alternative.credit, perConcept);
          continue;
        }
        // Every slot must match: a document's count tells how many slots in a row it matched.
        const all = this.alternative;
        all.reset();
        alternative.slots.forEach((slot, s) => {
          this.slot.reset();
          this.matchSlot(slot, 1, this.slot);
          for (let i = 0; i < this.slot.size; i++) {
            const d = this.slot.touched[i];
            if (s === 0) {
              all.start(d, this.slot.bm25[d], this.slot.strength[d]);
            } else if (all.has(d) && all.count[d] === s) {
              all.count[d]++;
              all.bm25[d] += this.slot.bm25[d];
              if (this.slot.strength[d] < all.strength[d]) all.strength[d] = this.slot.strength[d];
            }
          }
        });
        for (let i = 0; i < all.size; i++) {
          const d = all.touched[i];
          if (all.count[d] === alternative.slots.length) perConcept.keepBest(d, all.bm25[d] * alternative.credit, all.strength[d] * alternative.credit);
        }
      }
      for (let i = 0; i < perConcept.size; i++) {
        const d = perConcept.touched[i];
        if (this.mark[d] !== this.generation) {
          this.mark[d] = this.generation;
          this.bm25[d] = 0;
          this.explained[d] = 0;
          this.touched[this.size++] = d;
        }
        this.bm25[d] += perConcept.bm25[d];
        this.explained[d] += concept.weight * perConcept.strength[d];
      }
    }
  }

  /** Adds one term's matches to the sums (a concept with no other way to match). */
  private addTerm(term: QueryTerm, credit: number, weight: number): void {
    const { postingStart, postingDocuments, postingFrequencies } = this.ctx.index;
    const { mark, bm25, explained, touched, generation } = this;
    for (let p = postingStart[term.id]; p < postingStart[term.id + 1]; p++) {
      const d = postingDocuments[p];
      const { weighted, strength } = this.fieldMatch(d, postingFrequencies[p]);
      if (mark[d] !== generation) {
        mark[d] = generation;
        bm25[d] = 0;
        explained[d] = 0;
        touched[this.size++] = d;
      }
      bm25[d] += this.bm25Of(term.idf * credit, weighted);
      explained[d] += weight * strength * credit;
    }
  }

  /** The documents matching any term of a slot, each with its best term's BM25F and strength. */
  private matchSlot(terms: readonly QueryTerm[], credit: number, into: Scratch): void {
    const { postingStart, postingDocuments, postingFrequencies } = this.ctx.index;
    for (const term of terms) {
      for (let p = postingStart[term.id]; p < postingStart[term.id + 1]; p++) {
        const d = postingDocuments[p];
        const { weighted, strength } = this.fieldMatch(d, postingFrequencies[p]);
        into.keepBest(d, this.bm25Of(term.idf * credit, weighted), strength * credit);
      }
    }
  }

  /** A posting's BM25F-weighted term frequency over the fields, and the strength of its best field. */
  private fieldMatch(d: number, packed: number): { weighted: number; strength: number } {
    const { fieldNorms, fieldStrengths, bodySaturation } = this.ctx;
    const match = this.match;
    match.weighted = 0;
    match.strength = 0;
    for (let f = 0; f < 4; f++) {
      const tf = fieldFrequency(packed, f);
      if (tf === 0) continue;
      match.weighted += tf * fieldNorms[d * 4 + f];
      const s = f === 3 ? (fieldStrengths[f] * tf) / (tf + bodySaturation) : fieldStrengths[f];
      if (s > match.strength) match.strength = s;
    }
    return match;
  }

  private bm25Of(idf: number, weighted: number): number {
    const { k1 } = this.ctx;
    return (idf * weighted * (k1 + 1)) / (weighted + k1);
  }
}
