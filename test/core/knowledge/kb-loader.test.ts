import { expect } from "chai";
import path from "node:path";
import { loadKnowledgeBase, parseArticle } from "../../../src/core/knowledge/kb-loader";
import { articleText, tempKnowledgeBase, writeFile } from "./kb-fixtures";

describe("loadKnowledgeBase", () => {
  it("reports a broken YAML file with its path and line, and loads the other files", async () => {
    const dir = tempKnowledgeBase();
    writeFile(dir, "good.md", articleText());
    writeFile(dir, "network/broken.md", ["---", "title: VPN", "lang: en", "category: network", "tags: [vpn, remote", "---", "Body"].join("\n"));

    const { articles, problems } = await loadKnowledgeBase(dir);

    expect(articles.map((a) => a.id)).to.deep.equal(["good"]);
    expect(problems).to.have.length(1);
    expect(problems[0].file).to.equal("network/broken.md");
    expect(problems[0].line, "the line of the bracket left open").to.equal(5);
    expect(problems[0].message).to.match(/not valid YAML/);
  });

  it("counts the line of a YAML error from the top of the file, not of the front matter", async () => {
    const dir = tempKnowledgeBase();
    writeFile(dir, "colon.md", ["---", "title: x", "lang: en", "category: accounts", "questions: Error: it fails", "---", "Body"].join("\n"));

    const { problems } = await loadKnowledgeBase(dir);

    expect(problems[0].line).to.equal(5);
    expect(problems[0].message).to.match(/double quotes/);
  });

  describe("points at the line to fix", () => {
    const lineOf = (lines: string[]) => parseArticle([...lines, "Body"].join("\n"), "a.md").problems[0]?.line;

    it("for a quote left open, not where the parser gave up", () => {
      expect(lineOf(["---", 'title: "VPN en panne', "lang: fr", "category: network", "---"])).to.equal(2);
    });

    it("for a bracket left open before more fields", () => {
      expect(lineOf(["---", "title: VPN", "lang: fr", "tags: [vpn, distance", "category: network", "questions:", "  - le vpn coupe", "---"])).to.equal(4);
    });

    it("for a field indented under the one before it", () => {
      expect(lineOf(["---", "title: VPN", "lang: fr", "  category: network", "---"])).to.equal(4);
    });

    it("for a wrong item of a list, not the list's key", () => {
      expect(lineOf(["---", "title: VPN", "lang: fr", "category: network", "tags:", "  - vpn", "  - { a: 1 }", "---"])).to.equal(7);
      expect(lineOf(["---", "title: VPN", "lang: fr", "category: network", "questions:", "  - le vpn coupe", "  - [ ceci, non ]", "---"])).to.equal(7);
    });
  });

  it("reports a missing title and says what to write", async () => {
    const dir = tempKnowledgeBase();
    writeFile(dir, "no-title.md", articleText({ title: null }));

    const { articles, problems } = await loadKnowledgeBase(dir);

    expect(articles).to.deep.equal([]);
    expect(problems[0]).to.include({ file: "no-title.md" });
    expect(problems[0].message).to.match(/title is missing.*title: /);
  });

  it("reports a language the desk does not offer on the line of the lang field", async () => {
    const dir = tempKnowledgeBase();
    writeFile(dir, "german.md", articleText({ lang: "lang: de" }));

    const { problems } = await loadKnowledgeBase(dir);

    expect(problems).to.deep.equal([
      { file: "german.md", line: 3, message: 'the language "de" is not one the desk answers in: write `lang: fr` or `lang: en` (or add it to desk.languages)' },
    ]);
  });

  it("reports an empty answer on the line after the front matter", async () => {
    const dir = tempKnowledgeBase();
    writeFile(dir, "empty.md", articleText({}, "\n  \n"));

    const { problems } = await loadKnowledgeBase(dir);

    expect(problems[0]).to.include({ file: "empty.md", line: 6 });
    expect(problems[0].message).to.match(/answer is empty/);
  });

  it("reports a file without front matter", async () => {
    const dir = tempKnowledgeBase();
    writeFile(dir, "plain.md", "# Just Markdown\n");

    const { problems } = await loadKnowledgeBase(dir);

    expect(problems[0]).to.include({ file: "plain.md", line: 1 });
    expect(problems[0].message).to.match(/does not start with front matter/);
  });

  it("reports the second article with an id already used, naming both files", async () => {
    const dir = tempKnowledgeBase();
    writeFile(dir, "a-first.md", articleText({ id: "id: vpn" }));
    writeFile(dir, "b-second.md", articleText({ id: "id: vpn" }));

    const { articles, problems } = await loadKnowledgeBase(dir);

    expect(articles.map((a) => a.file)).to.deep.equal(["a-first.md"]);
    expect(problems).to.have.length(1);
    expect(problems[0]).to.include({ file: "b-second.md", line: 5 });
    expect(problems[0].message).to.include("a-first.md");
  });

  it("uses the file name as the id when the front matter has none", async () => {
    const dir = tempKnowledgeBase();
    writeFile(dir, "accounts/reset-password.md", articleText());

    const { articles } = await loadKnowledgeBase(dir);

    expect(articles[0]).to.include({ id: "reset-password", file: "accounts/reset-password.md" });
  });

  it("loads the files under drafts/ as drafts", async () => {
    const dir = tempKnowledgeBase();
    writeFile(dir, "published.md", articleText());
    writeFile(dir, "drafts/from-ticket-42.md", articleText({ status: "status: draft" }));

    const { articles, problems } = await loadKnowledgeBase(dir);

    expect(problems).to.deep.equal([]);
    expect(articles.map((a) => [a.id, a.status])).to.deep.equal([
      ["published", "published"],
      ["from-ticket-42", "draft"],
    ]);
  });

  it("keeps a file in drafts/ a draft even if it says published, and says how to publish it", async () => {
    const dir = tempKnowledgeBase();
    writeFile(dir, "drafts/early.md", articleText({ status: "status: published" }));

    const { articles, problems } = await loadKnowledgeBase(dir);

    expect(articles[0].status).to.equal("draft");
    expect(problems[0].message).to.match(/move the file out of drafts/);
  });

  it("accepts tags written as one comma-separated string", async () => {
    const dir = tempKnowledgeBase();
    writeFile(dir, "tags.md", articleText({ tags: "tags: vpn, remote work" }));

    const { articles } = await loadKnowledgeBase(dir);

    expect(articles[0].tags).to.deep.equal(["vpn", "remote work"]);
  });

  it("reports a category the desk does not know, and still loads the article", async () => {
    const dir = tempKnowledgeBase();
    writeFile(dir, "odd.md", articleText({ category: "category: plumbing" }));

    const { articles, problems } = await loadKnowledgeBase(dir, { categories: ["accounts", "network"] });

    expect(articles).to.have.length(1);
    expect(problems[0]).to.include({ file: "odd.md", line: 4 });
    expect(problems[0].message).to.match(/"plumbing" is not one of the desk's categories \(accounts, network\)/);
  });

  it("ignores README files and hidden folders", async () => {
    const dir = tempKnowledgeBase();
    writeFile(dir, "README.md", "# How to write articles\n");
    writeFile(dir, ".git/notes.md", "not an article");
    writeFile(dir, "real.md", articleText());

    const { articles, problems } = await loadKnowledgeBase(dir);

    expect(problems).to.deep.equal([]);
    expect(articles.map((a) => a.id)).to.deep.equal(["real"]);
  });

  it("rejects when the folder itself does not exist", async () => {
    const missing = path.join(tempKnowledgeBase(), "nope");

    let error: unknown;
    await loadKnowledgeBase(missing).catch((e: unknown) => (error = e));

    expect((error as NodeJS.ErrnoException).code).to.equal("ENOENT");
  });

  describe("twins (the same answer in French and English)", () => {
    it("joins an article and the one it is a translationOf under one topic, in either order of the files", async () => {
      const dir = tempKnowledgeBase();
      writeFile(dir, "a-en.md", articleText({ id: "id: en-vpn", translationOf: "translationOf: fr-vpn" }));
      writeFile(dir, "b-fr.md", articleText({ id: "id: fr-vpn", lang: "lang: fr" }));
      writeFile(dir, "c-alone.md", articleText({ id: "id: en-printer" }));

      const { articles, problems } = await loadKnowledgeBase(dir);

      expect(problems).to.deep.equal([]);
      expect(articles.map((a) => [a.id, a.topic])).to.deep.equal([["en-vpn", "fr-vpn"], ["fr-vpn", "fr-vpn"], ["en-printer", undefined]]);
    });

    it("joins articles that declare the same topic", async () => {
      const dir = tempKnowledgeBase();
      writeFile(dir, "en.md", articleText({ topic: "topic: vpn" }));
      writeFile(dir, "fr.md", articleText({ lang: "lang: fr", topic: "topic: vpn" }));

      const { articles } = await loadKnowledgeBase(dir);

      expect(articles.map((a) => a.topic)).to.deep.equal(["vpn", "vpn"]);
    });

    it("reports a translationOf that names no article, on its line, and loads the article without a twin", async () => {
      const dir = tempKnowledgeBase();
      writeFile(dir, "en.md", articleText({ translationOf: "translationOf: fr-vnp" }));

      const { articles, problems } = await loadKnowledgeBase(dir);

      expect(articles.map((a) => [a.id, a.topic])).to.deep.equal([["en", undefined]]);
      expect(problems).to.have.length(1);
      expect(problems[0]).to.include({ file: "en.md", line: 5 });
      expect(problems[0].message).to.match(/translationOf "fr-vnp" is not the id of an article/);
    });

    it("reports a second article in the same language on a topic, and leaves it out of the twins", async () => {
      const dir = tempKnowledgeBase();
      writeFile(dir, "a.md", articleText({ lang: "lang: fr", topic: "topic: vpn" }));
      writeFile(dir, "b.md", articleText({ lang: "lang: fr", topic: "topic: vpn" }));

      const { articles, problems } = await loadKnowledgeBase(dir);

      expect(articles.map((a) => a.topic)).to.deep.equal(["vpn", undefined]);
      expect(problems[0]).to.include({ file: "b.md", line: 5 });
      expect(problems[0].message).to.match(/both in "fr" and have the same topic "vpn"/);
    });
  });

  it("loads the bundled kb/ with no problem", async () => {
    const bundled = path.resolve(__dirname, "..", "..", "..", "..", "kb");

    const { articles, problems } = await loadKnowledgeBase(bundled);

    expect(problems).to.deep.equal([]);
    expect(articles.length).to.be.greaterThan(40);
  });
});

describe("parseArticle", () => {
  it("reads text values YAML would take for numbers or booleans", () => {
    const { article } = parseArticle(articleText({ title: "title: 365", tags: "tags: [365, true]" }), "office.md");

    expect(article?.title).to.equal("365");
    expect(article?.tags).to.deep.equal(["365", "true"]);
  });
});
