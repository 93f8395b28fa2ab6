import { expect } from "chai";
import { blocksText, lastButton } from "./support/recorded-messages";
import { C, SlackTestDesk, U } from "./support/slack-test-desk";

describe("Slack channel: news of a major incident", function () {
  let t: SlackTestDesk;
  beforeEach(async () => {
    t = await SlackTestDesk.open();
  });
  afterEach(async () => t.close());

  it("is posted from the incident's Post an update button and its modal, to the announcements channel", async () => {
    await t.command(U.bruno, "incident declare accounts Panne de l'authentification centrale", C.triage);
    await t.settle();
    expect(blocksText(t.api.posts("C0ANNOUNCE")[0]?.blocks)).to.contain("Prochaines nouvelles au plus tard");
    await t.press(U.bruno, lastButton(t.api, "incident.update", { channel: C.triage }));
    await t.settle();
    const modal = t.openedView();
    expect(modal.blocks.map((b) => b.block_id)).to.deep.equal(["news"]);
    const answer = await t.submit(U.bruno, modal, { news: "Le serveur redémarre, retour d'ici une heure." });
    expect(answer.status).to.equal(200);
    await t.settle();
    const latest = t.api.posts("C0ANNOUNCE").at(-1);
    expect(blocksText(latest?.blocks)).to.contain("Point d'étape : Le serveur redémarre, retour d'ici une heure.");
  });
});
