import { expect } from "chai";
import { rmSync } from "node:fs";
import path from "node:path";
import type { KnowledgeSnapshot } from "../../../src/core/knowledge/knowledge-base";
import { KnowledgeBase } from "../../../src/core/knowledge/knowledge-base";
import { articleText, tempKnowledgeBase, writeFile } from "./kb-fixtures";

/** Resolves with the next snapshot the knowledge base publishes, or rejects after `ms`. */
function nextReload(kb: KnowledgeBase, ms = 5000): Promise<KnowledgeSnapshot> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no reload within ${ms} ms`)), ms);
    const off = kb.onReload((snapshot) => {
      clearTimeout(timer);
      off();
      resolve(snapshot);
    });
  });
}

describe("KnowledgeBase", () => {
  let kb: KnowledgeBase | undefined;
  afterEach(() => kb?.close());

  it("searches and gets the articles of its folder", async () => {
    const dir = tempKnowledgeBase();
    writeFile(dir, "vpn.md", articleText({ title: "title: Installing the VPN" }));
    kb = await KnowledgeBase.open(dir);

    expect(kb.search("vpn")[0].article.id).to.equal("vpn");
    expect(kb.get("vpn")?.title).to.equal("Installing the VPN");
  });

  it("keeps drafts out of the search but can get them by id", async () => {
    const dir = tempKnowledgeBase();
    writeFile(dir, "drafts/vpn-draft.md", articleText({ title: "title: VPN draft" }));
    kb = await KnowledgeBase.open(dir);

    expect(kb.search("vpn draft")).to.deep.equal([]);
    expect(kb.get("vpn-draft")?.status).to.equal("draft");
    expect(kb.snapshot.drafts).to.have.length(1);
  });

  it("returns the problems of the files it skipped", async () => {
    const dir = tempKnowledgeBase();
    writeFile(dir, "bad.md", articleText({ title: null }));
    kb = await KnowledgeBase.open(dir);

    expect(kb.problems.map((p) => p.file)).to.deep.equal(["bad.md"]);
  });

  it("sees a new file after reload()", async () => {
    const dir = tempKnowledgeBase();
    kb = await KnowledgeBase.open(dir);
    writeFile(dir, "printer.md", articleText({ title: "title: Adding a printer" }));

    await kb.reload();

    expect(kb.search("printer")[0].article.id).to.equal("printer");
  });

  it("keeps the articles it had when the folder disappears", async () => {
    const dir = tempKnowledgeBase();
    writeFile(dir, "vpn.md", articleText({ title: "title: Installing the VPN" }));
    kb = await KnowledgeBase.open(dir);
    rmSync(dir, { recursive: true });

    let failed = false;
    await kb.reload().catch(() => (failed = true));

    expect(failed).to.equal(true);
    expect(kb.get("vpn")).not.to.equal(undefined);
  });

  it("picks up a new file in a sub-folder while watching, without reload()", async () => {
    const dir = tempKnowledgeBase();
    writeFile(dir, "network/vpn.md", articleText({ title: "title: Installing the VPN" }));
    kb = (await KnowledgeBase.open(dir, { debounceMs: 50 })).watch();

    const reloaded = nextReload(kb);
    writeFile(dir, "network/eduroam.md", articleText({ title: "title: Eduroam setup" }));
    await reloaded;

    expect(kb.search("eduroam")[0].article.id).to.equal("eduroam");
  });

  it("reloads once for a burst of changes", async () => {
    const dir = tempKnowledgeBase();
    kb = (await KnowledgeBase.open(dir, { debounceMs: 100 })).watch();
    let reloads = 0;
    kb.onReload(() => reloads++);

    const reloaded = nextReload(kb);
    for (const name of ["a", "b", "c", "d"]) writeFile(dir, `${name}.md`, articleText({ title: `title: Article ${name}` }));
    await reloaded;
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(reloads).to.equal(1);
    expect(kb.articles).to.have.length(4);
  });

  it("writes drafts to drafts/ in its folder", () => {
    kb = new KnowledgeBase("/srv/kb");
    expect(kb.draftsDir).to.equal(path.join("/srv/kb", "drafts"));
  });
});
