import { expect } from "chai";
import { button } from "./support/card-reading";
import { cardOf, cardText } from "./support/fake-connector";
import { installActivity } from "./support/teams-activities";
import { CHANNELS, openTeamsTestDesk, type TeamsTestDesk } from "./support/teams-test-desk";

describe("Teams channel: news of a major incident", () => {
  let t: TeamsTestDesk;
  beforeEach(async () => {
    t = await openTeamsTestDesk();
    await t.post(installActivity(t.user("bruno"), { channel: CHANNELS.general }, { serviceUrl: t.connector.serviceUrl }));
  });
  afterEach(async () => t.close());

  it("is posted from the Post an update button of the incident's post in the triage channel", async () => {
    await t.guichet.desk.declareMajorIncident({ platform: "teams", id: t.user("bruno").aadObjectId }, { title: "Panne de l'authentification centrale", category: "accounts" });
    await t.flush();
    const staffPost = t.connector.calls.find((c) => c.kind === "create" && c.channelId === CHANNELS.triageDesk)!;
    const where = { channel: CHANNELS.triageDesk, root: staffPost.resultId! };
    const form = await t.press("bruno", where, button(cardOf(staffPost), "incident.update"), { replyToId: staffPost.resultId! });
    expect(cardText(form.value)).to.include("Nouvelles de l'incident majeur n°1");
    await t.press("bruno", where, button(form.value, "form.submit"), { replyToId: staffPost.resultId!, inputs: { "field.news": "Retour prévu à 14 h." } });
    const announced = t.connector.calls.filter((c) => c.kind === "create" && c.channelId === CHANNELS.announcements).map((c) => cardText(cardOf(c)));
    expect(announced.at(-1)).to.include("Point d'étape : Retour prévu à 14 h.");
  });
});
