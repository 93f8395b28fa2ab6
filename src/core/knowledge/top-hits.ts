/**
 * The best `capacity` documents offered so far, best first, at most one per group (twins: the same
 * answer in two languages), in small arrays: a common word can touch most of the base, and an
 * object and a sort per touched document would cost more than the scoring.
 */
export class TopHits {
  /** The documents to show, best first. */
  readonly documents: number[] = [];
  /** The document whose match each score is (a twin of the one shown, or itself). */
  readonly matched: number[] = [];
  readonly scores: number[] = [];
  private readonly groups: number[] = [];

  /** @param before whether (score a, document a) ranks before (score b, document b). */
  constructor(
    private readonly capacity: number,
    private readonly before: (scoreA: number, a: number, scoreB: number, b: number) => boolean,
  ) {}

  get size(): number {
    return this.documents.length;
  }

  /**
   * Offers a document to show for the match of document `matched`; a document of a group already
   * kept replaces it only if it ranks before it.
   */
  offer(document: number, matched: number, score: number, group: number): void {
    const { documents, scores, groups, capacity } = this;
    const same = groups.indexOf(group);
    if (same >= 0) {
      if (!this.before(score, document, scores[same], documents[same])) return;
      for (const list of [documents, this.matched, scores, groups]) list.splice(same, 1);
    }
    const full = documents.length === capacity;
    if (full && !this.before(score, document, scores[capacity - 1], documents[capacity - 1])) return;
    let at = full ? capacity - 1 : documents.length;
    while (at > 0 && this.before(score, document, scores[at - 1], documents[at - 1])) {
      documents[at] = documents[at - 1];
      this.matched[at] = this.matched[at - 1];
      scores[at] = scores[at - 1];
      groups[at] = groups[at - 1];
      at--;
    }
    documents[at] = document;
    this.matched[at] = matched;
    scores[at] = score;
    groups[at] = group;
  }
}
