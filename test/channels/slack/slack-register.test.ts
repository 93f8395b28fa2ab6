import { expect } from "chai";
import { blocksText, lastButton } from "./support/recorded-messages";
import { C, dmOf, SlackTestDesk, U } from "./support/slack-test-desk";

const NEW_TRIAGE = "C0NEWTRIAGE";

describe("Slack channel: /guichet register, a manager choosing the desk's channels from the channel itself", function () {
  let t: SlackTestDesk;
  beforeEach(async () => {
    t = await SlackTestDesk.open();
  });
  afterEach(async () => t.close());

  const lastResponse = () => t.api.callsTo("response_url").at(-1) as Record<string, unknown>;

  /** Alice asks, is not helped, and gets a ticket; returns the channels its card was posted in. */
  async function openTicket(): Promise<string[]> {
    t.api.clear();
    await t.dm(U.alice, "Je n'arrive pas à me connecter au wifi eduroam sur mon portable");
    await t.settle();
    await t.press(U.alice, lastButton(t.api, "kb.not_solved", { channel: dmOf(U.alice) }));
    await t.settle();
    return t.api.callsTo("chat.postMessage").map((a) => String(a.channel)).filter((channel) => channel.startsWith("C"));
  }

  it("makes the channel where a manager types it the team's triage channel, in place of the configuration's", async () => {
    expect((await t.command(U.marie, "register triage desk", NEW_TRIAGE)).status).to.equal(200);
    await t.settle();
    expect(lastResponse().response_type).to.equal("ephemeral");
    expect(blocksText(lastResponse().blocks)).to.contain(
      `C’est noté\u00a0: ce canal est désormais le canal de tri de l’équipe «\u00a0Assistance de proximité\u00a0» (à la place de ${C.triage}). Les prochains messages y seront publiés. Pour qu’ils arrivent, guichet doit être membre du canal\u00a0: /invite @guichet.`,
    );
    expect(await openTicket()).to.deep.equal([NEW_TRIAGE]);
  });

  it("is refused to anyone but a manager, and changes nothing", async () => {
    await t.command(U.bruno, "register triage desk", NEW_TRIAGE);
    await t.settle();
    expect(blocksText(lastResponse().blocks)).to.contain("Seul un responsable peut désigner les canaux du support.");
    expect(await openTicket()).to.deep.equal([C.triage]);
  });

  it("is refused in a direct message, and answers its usage for an unknown team", async () => {
    await t.command(U.marie, "register triage desk", dmOf(U.marie));
    await t.settle();
    expect(blocksText(lastResponse().blocks)).to.contain("Tapez cette commande dans le canal à désigner");
    await t.command(U.marie, "register triage helpdesk", NEW_TRIAGE);
    await t.settle();
    expect(blocksText(lastResponse().blocks)).to.contain("register triage ÉQUIPE").and.to.contain("Équipes\u00a0: desk, logistics");
    expect(await openTicket()).to.deep.equal([C.triage]);
  });

  it("registers an expert group's channel from a mention in it, and answers in the thread", async () => {
    const ts = t.nextTs();
    const answer = await t.event({ type: "app_mention", channel: "C0NEWNETWK", user: U.marie, text: "<@U0BOT> register experts network", ts, event_ts: ts });
    expect(answer.status).to.equal(200);
    await t.settle();
    expect(t.guichet.config.expertGroups.find((g) => g.id === "network")?.channel.slack).to.equal("C0NEWNETWK");
    expect(blocksText(t.api.posts("C0NEWNETWK", ts)[0]?.blocks)).to.contain("le canal du groupe d’experts «\u00a0Réseau et sécurité\u00a0»");
  });
});
