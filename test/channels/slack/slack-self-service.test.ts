import { expect } from "chai";
import { parse, stringify } from "yaml";
import { parseDeskConfig } from "../../../src/config/desk-config";
import { Ticket } from "../../../src/store/entities/Ticket";
import { ActionEndpoint } from "../../support/action-endpoint";
import { UNLOCK_ACCOUNT } from "../../support/config-edits";
import { blocksText, lastButton, postedTexts } from "./support/recorded-messages";
import { C, dmOf, SlackTestDesk, slackDeskConfigText, U } from "./support/slack-test-desk";

const SECRET = "site-secret-for-actions-0123456789";

/** A self-service action played in Slack, through real HTTP both ways: signed Slack requests and the site's endpoint. */
describe("Slack channel: a self-service action", () => {
  let t: SlackTestDesk;
  let endpoint: ActionEndpoint;
  beforeEach(async () => {
    endpoint = new ActionEndpoint(SECRET);
    await endpoint.start();
    const doc = parse(slackDeskConfigText()) as { requestTypes: unknown[] };
    doc.requestTypes.push(UNLOCK_ACCOUNT);
    const config = parseDeskConfig(stringify(doc), "slack-test-desk.yaml");
    t = await SlackTestDesk.open({ config, actionEndpoints: new Map([["unlock-account", { url: endpoint.url, secret: SECRET }]]) });
  });
  afterEach(async () => {
    await t.close();
    await endpoint.close();
  });

  /** Alice picks the action in the catalogue, answers its modal, and is asked to confirm in her DM. */
  async function ask(login: string): Promise<void> {
    await t.command(U.alice, "new");
    await t.settle();
    await t.press(U.alice, { ...lastButton(t.api, "request.start", { value: "unlock-account" }), channel: dmOf(U.alice) });
    await t.settle();
    const modal = t.openedView();
    expect(modal.blocks.filter((b) => b.type === "input").map((b) => b.block_id)).to.deep.equal(["login"]);
    await t.submit(U.alice, modal, { login });
    await t.settle();
  }

  it("asks Alice to confirm, calls the endpoint signed once she does, and answers her at once", async () => {
    await ask("amartin");
    expect(postedTexts(t.api, dmOf(U.alice), null).join("\n")).to.contain("Débloquer le compte amartin ?");
    expect(endpoint.received, "nothing before the confirmation").to.have.length(0);

    // Someone else's press does nothing: the action is Alice's.
    await t.press(U.bruno, { ...lastButton(t.api, "action.confirm", { channel: dmOf(U.alice) }), channel: dmOf(U.bruno) });
    await t.settle();
    await t.guichet.desk.selfService.idle();
    expect(endpoint.received).to.have.length(0);

    await t.press(U.alice, lastButton(t.api, "action.confirm", { channel: dmOf(U.alice) }));
    await t.settle();
    await t.guichet.desk.selfService.idle();
    await t.settle();
    expect(endpoint.unlocked).to.deep.equal(["amartin"]);
    expect(endpoint.received[0].request.requester).to.include({ name: "Alice Martin", platform: "slack", platformId: U.alice });
    expect(endpoint.refused, "every call signed with the shared secret").to.equal(0);
    const last = t.api.posts(dmOf(U.alice)).at(-1);
    expect(blocksText(last?.blocks)).to.contain("Le compte amartin est débloqué : reconnectez-vous.");
    expect(await t.guichet.store.manager.count(Ticket)).to.equal(0);
  });

  it("opens a ticket on level 1's triage, with the endpoint's error, when the endpoint does not answer in time", async () => {
    endpoint.delayMs = 2500;
    await ask("amartin");
    await t.press(U.alice, lastButton(t.api, "action.confirm", { channel: dmOf(U.alice) }));
    await t.settle();
    await t.guichet.desk.selfService.idle();
    await t.settle();
    expect(endpoint.received, "tried twice, with the same id").to.have.length(2);
    expect(new Set(endpoint.received.map((r) => r.request.id)).size).to.equal(1);
    const ticket = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} });
    expect(ticket.description).to.contain("L'action automatique a échoué : pas de réponse en 1 s (2 essais)");
    expect(postedTexts(t.api, C.triage, null).join("\n")).to.contain(`#${ticket.id} · Débloquer mon compte`).and.to.contain("pas de réponse en 1 s");
    expect(postedTexts(t.api, dmOf(U.alice), null).join("\n")).to.contain("Je n'ai pas pu le faire moi-même");
  });
});
