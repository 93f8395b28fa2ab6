import { expect } from "chai";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { button, ticketOpener } from "./support/card-reading";
import { cardOf, cardText } from "./support/fake-connector";
import { installActivity, personalChatOf } from "./support/teams-activities";
import { CHANNELS, openTeamsTestDesk, teamsDeskConfig, type TeamsTestDesk } from "./support/teams-test-desk";

const MANAGEMENT = "19:management@thread.tacv2";

/** A form card's inputs with the values they show, as Teams sends them back when nothing is changed. */
function inputsOf(card: { body?: Array<Record<string, unknown>> }): Record<string, unknown> {
  return Object.fromEntries((card.body ?? []).filter((e) => String(e.type).startsWith("Input.")).map((e) => [e.id, e.value]));
}

describe("Teams channel: a draft from a ticket is edited in a card before it is published", () => {
  let t: TeamsTestDesk;
  beforeEach(async () => {
    const config = teamsDeskConfig();
    t = await openTeamsTestDesk({ config: { ...config, management: { ...config.management, teams: MANAGEMENT } } });
    await t.post(installActivity(t.user("bruno"), { channel: CHANNELS.general }, { serviceUrl: t.connector.serviceUrl }));
  });
  afterEach(async () => t.close());

  it("shows managers the draft, opens it in a card form for a manager, and publishes what was edited", async () => {
    const aliceChat = personalChatOf(t.user("alice"));
    await t.say("alice", t.chat("alice"), "j'ai oublié mon mot de passe");
    await t.press("alice", t.chat("alice"), ticketOpener(t.connector.lastCard(aliceChat)), { replyToId: t.connector.postsIn(aliceChat).at(-1)!.resultId! });
    const triagePost = t.connector.calls.find((c) => c.kind === "create" && c.channelId === CHANNELS.triageDesk)!;
    const thread = { channel: CHANNELS.triageDesk, root: triagePost.resultId! };
    const resolve = await t.press("bruno", thread, button(cardOf(triagePost), "ticket.resolve"), { replyToId: thread.root });
    await t.press("bruno", thread, button(resolve.value, "form.submit"), { replyToId: thread.root, inputs: { "field.resolution": "Réinitialisez-le sur compte.univ-exemple.fr." } });
    const card = cardOf(t.connector.calls.filter((c) => c.activityId === thread.root || c.resultId === thread.root).at(-1)!);
    const draftForm = await t.press("bruno", thread, button(card, "ticket.save_draft"), { replyToId: thread.root });
    await t.press("bruno", thread, button(draftForm.value, "form.submit"), { replyToId: thread.root, inputs: { ...inputsOf(draftForm.value), "field.title": "Mot de passe perdu" } });

    const noticePost = t.connector.postsIn(MANAGEMENT).at(-1)!;
    const notice = cardOf(noticePost);
    expect(cardText(notice)).to.include("Mot de passe perdu").and.to.include("Réinitialisez-le sur compte.univ-exemple.fr.");
    const where = { channel: MANAGEMENT, root: noticePost.resultId! };

    const refused = await t.press("bruno", where, button(notice, "kb.publish"), { replyToId: where.root });
    expect(refused.type).to.equal("application/vnd.microsoft.activity.message");
    expect(String(refused.value)).to.match(/Seul un responsable publie un article|Only a manager publishes an article/);

    const form = await t.press("marie", where, button(notice, "kb.publish"), { replyToId: where.root });
    expect(inputsOf(form.value)).to.deep.include({ "field.title": "Mot de passe perdu", "field.body": "Réinitialisez-le sur compte.univ-exemple.fr." });
    const id = String(button(notice, "kb.publish").data.value);
    const kbDir = (t.guichet.knowledge as { dir: string }).dir;
    expect(existsSync(path.join(kbDir, `${id}.md`)), "nothing is published by the press alone").to.equal(false);

    await t.press("marie", where, button(form.value, "form.submit"), {
      replyToId: where.root,
      inputs: {
        "field.title": "Mot de passe oublié : le réinitialiser soi-même",
        "field.questions": "j'ai oublié mon mot de passe\nmot de passe perdu",
        "field.body": "1. Ouvrez compte.univ-exemple.fr.\n2. Choisissez « Mot de passe oublié » et suivez les étapes.",
      },
    });

    const published = readFileSync(path.join(kbDir, `${id}.md`), "utf8");
    expect(published).to.include("title: \"Mot de passe oublié : le réinitialiser soi-même\"").and.to.include("2. Choisissez « Mot de passe oublié »");
    expect(existsSync(path.join(kbDir, "drafts", `${id}.md`))).to.equal(false);
  });
});
