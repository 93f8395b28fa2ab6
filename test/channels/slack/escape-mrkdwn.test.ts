import { expect } from "chai";
import { escapeMrkdwn, markdownToMrkdwn } from "../../../src/channels/slack/escape-mrkdwn";
import { mentions, slackTextToPlain, withoutMentionOf } from "../../../src/channels/slack/inbound-text";

describe("Slack text: people's words in and out", () => {
  describe("escapeMrkdwn", () => {
    it("escapes the three characters Slack reads as markup", () => {
      expect(escapeMrkdwn("a < b & c > d")).to.equal("a &lt; b &amp; c &gt; d");
    });

    it("leaves no broadcast, mention or disguised link in a requester's text", () => {
      const out = escapeMrkdwn("<!channel> <!here|here> <@U0BRUNO> <#C0TRIAGE01> <https://evil.example|https://bank.example>");
      expect(out).not.to.match(/<[!@#h]/);
      expect(out).to.contain("&lt;!channel&gt;");
    });

    it("defuses a bare @channel, @here and @everyone", () => {
      expect(escapeMrkdwn("@channel @here @Everyone")).not.to.match(/@(channel|here|everyone)/i);
      expect(escapeMrkdwn("write to support@here.example").length).to.be.greaterThan(0);
    });

    it("escapes an already escaped entity again, so it is shown as typed", () => {
      expect(escapeMrkdwn("&lt;!here&gt;")).to.equal("&amp;lt;!here&amp;gt;");
    });
  });

  describe("slackTextToPlain (what a person typed, without Slack's markup)", () => {
    it("turns mentions and channel links into words", () => {
      expect(slackTextToPlain("ask <@U0BRUNO> in <#C0TRIAGE01|support>")).to.equal("ask @U0BRUNO in #support");
    });

    it("turns broadcasts into plain words, which are escaped again when shown", () => {
      expect(slackTextToPlain("<!channel> <!here> <!subteam^S1|@support>")).to.equal("@channel @here @support");
    });

    it("shows a labelled link's real address beside its label", () => {
      expect(slackTextToPlain("see <https://evil.example/login|https://intranet.example>")).to.equal("see https://intranet.example (https://evil.example/login)");
      expect(slackTextToPlain("<https://a.example>")).to.equal("https://a.example");
      expect(slackTextToPlain("<mailto:a@b.example|a@b.example>")).to.equal("a@b.example");
    });

    it("decodes the characters Slack escaped", () => {
      expect(slackTextToPlain("x &lt; y &amp;&amp; y &gt; z")).to.equal("x < y && y > z");
    });

    it("round-trips through escapeMrkdwn without markup", () => {
      const typed = slackTextToPlain("&lt;!channel&gt; <!here> <@U1> <https://evil|https://good>");
      expect(escapeMrkdwn(typed)).not.to.match(/<[!@h]/);
    });

    it("removes the bot's own mention and recognises it", () => {
      expect(withoutMentionOf("U0BOT", "<@U0BOT> mon wifi <@U0BOT|guichet> ne marche pas")).to.equal("mon wifi ne marche pas");
      expect(mentions("U0BOT", "hey <@U0BOT>")).to.equal(true);
      expect(mentions("U0BOT", "hey <@U0BOTX>")).to.equal(false);
    });
  });

  describe("markdownToMrkdwn (articles of the knowledge base)", () => {
    it("converts bold, italics, headings, lists and links", () => {
      const md = "# Titre\n**Gras** et *italique*\n- point un\n1. premier\nVoir [le portail](https://portail.example/a?b=1&c=2).";
      expect(markdownToMrkdwn(md)).to.equal(
        "*Titre*\n*Gras* et _italique_\n• point un\n1. premier\nVoir <https://portail.example/a?b=1&amp;c=2|le portail>.",
      );
    });

    it("escapes article text and refuses links that are not web or mail addresses", () => {
      expect(markdownToMrkdwn("moins de <10 postes & [clic](javascript:void)")).to.equal("moins de &lt;10 postes &amp; clic");
    });

    it("keeps code as it is", () => {
      expect(markdownToMrkdwn("```\n**pas gras**\n```\n`*code*`")).to.equal("```\n**pas gras**\n```\n`*code*`");
    });
  });
});
