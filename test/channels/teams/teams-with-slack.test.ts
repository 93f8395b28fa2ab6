import { randomUUID } from "node:crypto";
import { expect } from "chai";
import { startSlackChannel, type SlackChannel } from "../../../src/channels/slack";
import { readEnv } from "../../../src/config/env";
import { Ticket } from "../../../src/store/entities/Ticket";
import { BOT_ID, BOT_USER_ID, FakeSlackApi } from "../slack/support/fake-slack-api";
import { blocksText, lastButton, type DrawnButton } from "../slack/support/recorded-messages";
import { eventEnvelope, FORM, interactionBody, JSON_TYPE, postSigned } from "../slack/support/slack-requests";
import { button, ticketOpener } from "./support/card-reading";
import { cardText } from "./support/fake-connector";
import { personalChatOf } from "./support/teams-activities";
import { openTeamsTestDesk, SLACK_IDS, teamsDeskConfig, type TeamsTestDesk } from "./support/teams-test-desk";

const SIGNING_SECRET = "teams-and-slack-signing-secret-0123";
const SLACK_TRIAGE = "C0TRIAGE01";

/**
 * One desk, two platforms: a requester in Teams, level 1 in a Slack triage channel. Both channels run on the same
 * HTTP server against their fakes; the ticket remembers where each party talks.
 */
describe("Teams and Slack on one desk", () => {
  let t: TeamsTestDesk;
  let slackApi: FakeSlackApi;
  let slack: SlackChannel;
  let counter = 0;

  beforeEach(async () => {
    slackApi = new FakeSlackApi();
    await slackApi.start();
    slackApi.users.set(SLACK_IDS.bruno as string, { real_name: "Bruno Agent", locale: "fr-FR" });
    t = await openTeamsTestDesk({
      config: teamsDeskConfig({ slackTriage: true }),
      beforeListen: async (guichet, http) => {
        const env = readEnv({ SLACK_BOT_TOKEN: "xoxb-test-token", SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slackApi.apiUrl });
        slack = await startSlackChannel({ guichet, env, http });
      },
    });
  });
  afterEach(async () => {
    await slack.stop();
    await t.close();
    await slackApi.close();
  });

  /** Lets both channels finish what they received and the outbox deliver it. */
  async function settle(): Promise<void> {
    for (let round = 0; round < 3; round++) {
      await new Promise((resolve) => setImmediate(resolve));
      await slack.idle();
      await t.flush();
    }
  }

  function nextTs(): string {
    counter += 1;
    return `1800000000.${String(counter).padStart(6, "0")}`;
  }

  async function slackPress(user: string, drawn: DrawnButton): Promise<void> {
    const payload = {
      type: "block_actions",
      user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: "T0TEAM" },
      api_app_id: "A0GUICHET",
      token: "legacy-verification-token",
      trigger_id: `${++counter}.98765.${randomUUID().replace(/-/g, "")}`,
      team: { id: "T0TEAM", domain: "example" },
      container: { type: "message", message_ts: drawn.ts, channel_id: drawn.channel, is_ephemeral: false },
      channel: { id: drawn.channel, name: "triage" },
      message: { type: "message", ts: drawn.ts, text: "", user: BOT_USER_ID, bot_id: BOT_ID },
      response_url: slackApi.responseUrl(`action-${counter}`),
      actions: [{ type: "button", action_id: drawn.actionId, block_id: "b1", text: { type: "plain_text", text: drawn.label }, value: drawn.value, action_ts: "1800000000.1" }],
    };
    const answer = await postSigned(`${t.baseUrl}/slack/events`, SIGNING_SECRET, interactionBody(payload), FORM);
    expect(answer.status).to.equal(200);
    await settle();
  }

  async function slackThreadReply(user: string, channel: string, threadTs: string, text: string): Promise<void> {
    const ts = nextTs();
    const event = { type: "message", channel, channel_type: "channel", user, text, ts, thread_ts: threadTs, event_ts: ts };
    const answer = await postSigned(`${t.baseUrl}/slack/events`, SIGNING_SECRET, eventEnvelope(event), JSON_TYPE);
    expect(answer.status).to.equal(200);
    await settle();
  }

  it("lets a Slack triage channel serve a Teams requester, both ways", async () => {
    const chat = personalChatOf(t.user("alice"));
    await t.say("alice", t.chat("alice"), "j'ai oublié mon mot de passe");
    await t.press("alice", t.chat("alice"), ticketOpener(t.connector.lastCard(chat)), { replyToId: t.connector.postsIn(chat).at(-1)!.resultId! });
    await settle();
    const ticket = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} });
    expect(ticket.channel).to.equal("teams");

    // The ticket card goes to Slack's triage channel; there is no Teams triage channel in this configuration.
    const triagePosts = slackApi.posts(SLACK_TRIAGE);
    expect(triagePosts).to.have.length(1);
    expect(blocksText(triagePosts[0].blocks)).to.include("mot de passe");
    expect(t.connector.calls.filter((c) => c.kind === "create")).to.deep.equal([]);

    // Bruno claims in Slack: the Teams requester is told who took it.
    const claim = lastButton(slackApi, "ticket.claim", { channel: SLACK_TRIAGE });
    await slackPress(SLACK_IDS.bruno as string, claim);
    expect((await t.guichet.store.manager.findOneOrFail(Ticket, { where: { id: ticket.id } })).status).to.equal("in_progress");
    expect(cardText(t.connector.lastCard(chat))).to.match(/Bruno Agent a pris en charge votre demande/);
    expect(slackApi.callsTo("chat.update").length).to.be.greaterThan(0);

    // Bruno answers in the Slack thread; Alice reads it in Teams.
    const rootTs = String((triagePosts[0] as { ts?: string }).ts ?? claim.ts);
    await slackThreadReply(SLACK_IDS.bruno as string, SLACK_TRIAGE, rootTs, "Essayez depuis https://compte.univ-exemple.fr s'il vous plaît.");
    const relay = t.connector.lastCard(chat);
    expect(cardText(relay)).to.include("Réponse de Bruno Agent");

    // Alice answers from the card's Reply box; Bruno reads it in the Slack thread.
    await t.press("alice", t.chat("alice"), button(relay, "ticket.reply"), {
      replyToId: t.connector.postsIn(chat).at(-1)!.resultId!,
      inputs: { "reply.text": "Merci, ça marche !" },
    });
    await settle();
    const inThread = slackApi.posts(SLACK_TRIAGE, rootTs);
    expect(inThread.map((p) => blocksText(p.blocks) + String(p.text ?? "")).join("\n")).to.include("Merci, ça marche !");
  });
});
