import { expect } from "chai";
import { messageProblems } from "./support/block-kit-limits";
import { lastButton, postedTexts } from "./support/recorded-messages";
import { C, dmOf, SlackTestDesk, U } from "./support/slack-test-desk";

/** Every piece of text Slack would read as mrkdwn in a payload: the message's `text` and every mrkdwn object. */
function mrkdwnTexts(payload: Record<string, unknown>): string[] {
  const found: string[] = typeof payload.text === "string" ? [payload.text] : [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const object = node as Record<string, unknown>;
      if (object.type === "mrkdwn" && typeof object.text === "string") found.push(object.text);
      Object.values(object).forEach(walk);
    }
  };
  walk(payload.blocks);
  return found;
}

describe("Slack channel: people's words are shown, never obeyed", function () {
  let t: SlackTestDesk;

  beforeEach(async () => {
    t = await SlackTestDesk.open();
  });

  afterEach(async () => {
    await t.close();
  });

  it("posts a requester's <!channel>, mentions and disguised links as inert text, in the thread and on the triage card", async () => {
    // A display name can carry markup too.
    t.api.users.set(U.stranger, { real_name: "<!here> Eve <@U0BRUNO>" });
    // As Slack delivers it: real markup for what the client formatted, entities for what was typed literally.
    const typed =
      "<!channel> mon mot de passe a expiré, <@U0BRUNO> aide-moi, voir <https://evil.example/login|https://intranet.univ-exemple.fr> et &lt;!here&gt; tapé à la main";
    const question = await t.dm(U.stranger, typed);
    await t.settle();
    const open = [...t.api.calls].reverse().some((c) => JSON.stringify(c.args.blocks ?? "").includes("kb.not_solved")) ? "kb.not_solved" : "kb.open_ticket";
    await t.press(U.stranger, lastButton(t.api, open, { channel: dmOf(U.stranger), threadTs: question }));
    await t.settle();

    const payloads = t.api.calls.filter((c) => ["chat.postMessage", "chat.update"].includes(c.method)).map((c) => c.args);
    expect(payloads.length).to.be.greaterThan(1);
    for (const text of payloads.flatMap(mrkdwnTexts)) {
      expect(text, "no broadcast").not.to.match(/<!(channel|here|everyone)/);
      expect(text, "no mention").not.to.match(/<@U/);
      expect(text, "no disguised link").not.to.match(/<https?:\/\/evil/);
    }
    const card = postedTexts(t.api, C.triage).join("\n");
    expect(card, "the real address is shown beside its label").to.contain("https://intranet.univ-exemple.fr (https://evil.example/login)");
    expect(card, "what was typed as text stays text").to.contain("&lt;!here&gt; tapé à la main");
    expect(card, "the name is escaped too").to.contain("&lt;!here&gt; Eve &lt;@U0BRUNO&gt;");
  });

  it("cuts a message over the desk's length with a notice, and posts the rest within Slack's limits", async () => {
    const question = await t.dm(U.alice, `Mon imprimante ne marche plus. ${"Encore un détail. ".repeat(250)}`);
    await t.settle();
    const thread = postedTexts(t.api, dmOf(U.alice), question).join("\n");
    expect(thread).to.contain("3000 caractères");
    for (const post of t.api.posts(dmOf(U.alice), question)) expect(messageProblems(post.blocks)).to.deep.equal([]);
  });

  it("relays an agent's answer with its markup escaped to the requester", async () => {
    const question = await t.dm(U.alice, "mon mot de passe a expiré et je ne peux plus me connecter");
    await t.settle();
    const open = [...t.api.calls].reverse().some((c) => JSON.stringify(c.args.blocks ?? "").includes("kb.not_solved")) ? "kb.not_solved" : "kb.open_ticket";
    await t.press(U.alice, lastButton(t.api, open, { channel: dmOf(U.alice), threadTs: question }));
    await t.settle();
    const cardTs = String(t.api.calls.find((c) => c.method === "chat.postMessage" && c.args.channel === C.triage)?.result?.ts);
    await t.threadReply(U.bruno, C.triage, cardTs, "Essayez <https://phish.example|https://compte.univ-exemple.fr> <!everyone>");
    await t.settle();
    const relayed = t.api.posts(dmOf(U.alice), question).flatMap(mrkdwnTexts).join("\n");
    expect(relayed).to.contain("https://compte.univ-exemple.fr (https://phish.example)");
    expect(relayed).not.to.match(/<!everyone>|<https:\/\/phish/);
  });
});
