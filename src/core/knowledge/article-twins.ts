import type { Article, ArticleProblem } from "./article";

/** What an article's front matter says about its twins, with the lines to name in problems. */
export interface TwinDeclaration {
  article: Article;
  /** Front matter `topic`. */
  topic?: string;
  topicLine?: number;
  /** Front matter `translationOf`: the id of the article this one translates. */
  translationOf?: string;
  translationOfLine?: number;
}

/**
 * Sets `topic` on articles that are the same answer in French and English. A twin group is made
 * of articles sharing a `topic`, or linked by `translationOf` (in either direction, chains
 * included). A group is named by its declared topic, else by the id of the article the others
 * translate. A group holds one article per language: a second one in the same language is
 * reported and left out, since the search shows one article per topic in each language.
 */
export function resolveTwins(declarations: readonly TwinDeclaration[]): ArticleProblem[] {
  const problems: ArticleProblem[] = [];
  const byId = new Map(declarations.map((d) => [d.article.id, d]));
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    let root = key;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root) as string;
    parent.set(key, root);
    return root;
  };
  const union = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  };

  for (const d of declarations) {
    const self = `article:${d.article.id}`;
    if (d.topic !== undefined) union(`topic:${d.topic}`, self);
    if (d.translationOf === undefined) continue;
    if (d.translationOf === d.article.id) {
      problems.push({ file: d.article.file, line: d.translationOfLine, message: `translationOf names the article itself: write the id of the article in the other language (e.g. \`translationOf: fr-vpn-installation\`)` });
    } else if (!byId.has(d.translationOf)) {
      problems.push({
        file: d.article.file,
        line: d.translationOfLine,
        message: `translationOf "${d.translationOf}" is not the id of an article of the knowledge base: write the id of the article this one translates; the article is loaded without a twin`,
      });
    } else {
      union(`article:${d.translationOf}`, self);
    }
  }

  const groups = new Map<string, TwinDeclaration[]>();
  for (const d of declarations) {
    if (!parent.has(`article:${d.article.id}`)) continue;
    const root = find(`article:${d.article.id}`);
    groups.set(root, [...(groups.get(root) ?? []), d]);
  }
  for (const members of groups.values()) {
    const name = members.find((m) => m.topic !== undefined)?.topic
      ?? (members.find((m) => m.translationOf === undefined) ?? members[0]).article.id;
    const seenLangs = new Map<string, Article>();
    for (const member of members) {
      const first = seenLangs.get(member.article.lang);
      if (first) {
        problems.push({
          file: member.article.file,
          line: member.topicLine ?? member.translationOfLine,
          message: `"${member.article.id}" and "${first.id}" are both in "${member.article.lang}" and have the same topic "${name}": a topic joins one article per language; this one is loaded without a twin`,
        });
        member.article.topic = undefined;
        continue;
      }
      seenLangs.set(member.article.lang, member.article);
      member.article.topic = name;
    }
  }
  return problems;
}
