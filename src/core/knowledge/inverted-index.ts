/** The four searchable parts of an article, in the order of their slots in the index. */
export type Field = "title" | "tags" | "questions" | "body";
export const FIELDS: readonly Field[] = ["title", "tags", "questions", "body"];

/** One document as the index sees it: the ids of the analysed terms of each field, in order. */
export type FieldTermIds = Record<Field, readonly number[]>;

/**
 * Term frequencies of the four fields packed in one small integer per posting, so a posting is two
 * 32-bit numbers: title, tags and questions get 4 bits each (capped at 15), the body 8 bits (capped
 * at 255). Past those counts BM25's saturation makes more occurrences worthless anyway.
 */
const SHORT_FIELD_BITS = 4;
const SHORT_FIELD_MAX = (1 << SHORT_FIELD_BITS) - 1;
const BODY_SHIFT = 3 * SHORT_FIELD_BITS;
const BODY_MAX = 255;
const TOPIC_FIELDS_MASK = (1 << BODY_SHIFT) - 1;

/** Term frequency of field `field` (0–3) in a packed posting value. */
export function fieldFrequency(packed: number, field: number): number {
  return field === 3 ? packed >>> BODY_SHIFT : (packed >>> (field * SHORT_FIELD_BITS)) & SHORT_FIELD_MAX;
}

/**
 * A compact inverted index: for every term, the documents that contain it and how often in each
 * field, in one pair of typed arrays (compressed sparse rows). Built once, read-only.
 *
 * Why not minisearch: with it, a chat question containing a common word ("compte", "password")
 * scored 60 % of a 10 000-article base through one JavaScript object per matching document, for a
 * p50 of 11 ms and a p99 of 41 ms (and 3.2 s to build); typed arrays and one pass per posting list
 * keep that under a millisecond. The trade-off is ~150 lines we maintain ourselves.
 */
export class InvertedIndex {
  private constructor(
    readonly documentCount: number,
    private readonly termIds: ReadonlyMap<string, number>,
    /** Postings of term t are at [postingStart[t], postingStart[t + 1]). */
    readonly postingStart: Int32Array,
    readonly postingDocuments: Int32Array,
    readonly postingFrequencies: Int32Array,
    /** Length in terms of field f of document d at d * 4 + f. */
    readonly fieldLengths: Uint16Array,
    readonly averageFieldLengths: Float64Array,
    private readonly topicFrequencies: Int32Array,
  ) {}

  /**
   * @param documents each document's term ids per field
   * @param termIds every term and its id (ids are 0 … size − 1)
   */
  static build(documents: readonly FieldTermIds[], termIds: ReadonlyMap<string, number>): InvertedIndex {
    // First pass: a forward index (each document's distinct terms and packed frequencies). The
    // per-document counts live in two arrays indexed by term id, cheaper than a map per document.
    const forwardTerms = new IntList();
    const forwardFrequencies = new IntList();
    const documentStart = new Int32Array(documents.length + 1);
    const fieldLengths = new Uint16Array(documents.length * FIELDS.length);
    const totals = new Float64Array(FIELDS.length);
    const seenIn = new Int32Array(termIds.size).fill(-1);
    const packedCounts = new Int32Array(termIds.size);
    const distinct: number[] = [];
    documents.forEach((document, d) => {
      distinct.length = 0;
      FIELDS.forEach((field, f) => {
        const ids = document[field];
        fieldLengths[d * FIELDS.length + f] = Math.min(ids.length, 0xffff);
        totals[f] += ids.length;
        for (const id of ids) {
          if (seenIn[id] !== d) {
            seenIn[id] = d;
            packedCounts[id] = 0;
            distinct.push(id);
          }
          packedCounts[id] = increment(packedCounts[id], f);
        }
      });
      documentStart[d] = forwardTerms.length;
      for (const id of distinct) {
        forwardTerms.push(id);
        forwardFrequencies.push(packedCounts[id]);
      }
    });
    documentStart[documents.length] = forwardTerms.length;

    // Second pass: count documents per term, then lay the postings out term by term.
    const postingStart = new Int32Array(termIds.size + 1);
    const terms = forwardTerms.view();
    for (const id of terms) postingStart[id + 1]++;
    for (let t = 0; t < termIds.size; t++) postingStart[t + 1] += postingStart[t];
    const fill = postingStart.slice(0, termIds.size);
    const postingDocuments = new Int32Array(terms.length);
    const postingFrequencies = new Int32Array(terms.length);
    const frequencies = forwardFrequencies.view();
    const topicFrequencies = new Int32Array(termIds.size);
    for (let d = 0; d < documents.length; d++) {
      for (let k = documentStart[d]; k < documentStart[d + 1]; k++) {
        const slot = fill[terms[k]]++;
        postingDocuments[slot] = d;
        postingFrequencies[slot] = frequencies[k];
        if ((frequencies[k] & TOPIC_FIELDS_MASK) !== 0) topicFrequencies[terms[k]]++;
      }
    }
    const averages = totals.map((total) => (documents.length === 0 ? 0 : total / documents.length));
    return new InvertedIndex(documents.length, termIds, postingStart, postingDocuments, postingFrequencies, fieldLengths, averages, topicFrequencies);
  }

  /** The id of an indexed term, or undefined if no document has it. */
  termId(term: string): number | undefined {
    return this.termIds.get(term);
  }

  /** Number of documents containing the term. */
  documentFrequency(termId: number): number {
    return this.postingStart[termId + 1] - this.postingStart[termId];
  }

  /** Number of documents with the term in their title, tags or questions: the documents about it. */
  topicFrequency(termId: number): number {
    return this.topicFrequencies[termId];
  }
}

function increment(packed: number, field: number): number {
  if (field === 3) return (packed >>> BODY_SHIFT) >= BODY_MAX ? packed : packed + (1 << BODY_SHIFT);
  const shift = field * SHORT_FIELD_BITS;
  return ((packed >>> shift) & SHORT_FIELD_MAX) >= SHORT_FIELD_MAX ? packed : packed + (1 << shift);
}

/** A growable list of 32-bit integers (a plain array of numbers costs twice the memory while building). */
class IntList {
  private data = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}
