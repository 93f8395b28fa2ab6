import { expect } from "chai";
import { SlaSweep } from "../../../src/core/sla/sla-sweep";
import { Conversation } from "../../../src/store/entities/Conversation";
import { button, ticketOpener } from "./support/card-reading";
import { cardProblems } from "./support/card-schema";
import { cardOf, cardText, type RecordedCard } from "./support/fake-connector";
import { installActivity, personalChatOf } from "./support/teams-activities";
import { CHANNELS, openTeamsTestDesk, type TeamsTestDesk } from "./support/teams-test-desk";

/** The TextBlocks of a card with their colour. */
function colouredLines(card: RecordedCard): Array<[string, string | undefined]> {
  const found: Array<[string, string | undefined]> = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== "object" || node === null) return;
    const element = node as Record<string, unknown>;
    if (element.type === "TextBlock") found.push([String(element.text), element.color as string | undefined]);
    for (const key of ["body", "items"]) if (key in element) visit(element[key]);
  };
  visit(card);
  return found;
}

describe("Teams channel: live milestones", () => {
  let t: TeamsTestDesk;
  beforeEach(async () => {
    t = await openTeamsTestDesk();
    await t.post(installActivity(t.user("bruno"), { channel: CHANNELS.general }, { serviceUrl: t.connector.serviceUrl }));
  });
  afterEach(async () => t.close());

  it("draws each commitment on the triage card, coloured by its state, and refreshes the card when one turns near, then overdue", async () => {
    const aliceChat = personalChatOf(t.user("alice"));
    await t.say("alice", t.chat("alice"), "j'ai oublié mon mot de passe");
    await t.press("alice", t.chat("alice"), ticketOpener(t.connector.lastCard(aliceChat)), { replyToId: t.connector.postsIn(aliceChat).at(-1)!.resultId! });
    const create = t.connector.calls.find((c) => c.kind === "create" && c.channelId === CHANNELS.triageDesk)!;
    const posted = cardOf(create);
    expect(cardProblems(posted)).to.deep.equal([]);
    expect(colouredLines(posted)).to.deep.include.members([
      ["✅ Accusé de réception envoyé mardi 24 novembre à 10:00", "Good"],
      ["⏳ Première réponse : dans 4 h ouvrées, au plus tard mardi 24 novembre à 15:30", "Default"],
    ]);

    const sweep = async (at: string) => {
      t.clock.now = new Date(at);
      await new SlaSweep(t.guichet.desk.ctx, t.guichet.desk.tickets).run();
      await t.flush();
    };
    const before = t.connector.updatesOf(create.resultId!).length;
    await sweep("2026-11-24T13:30:00Z"); // 14:30 in Paris
    await sweep("2026-11-24T13:50:00Z");
    const nearUpdates = t.connector.updatesOf(create.resultId!);
    expect(nearUpdates).to.have.length(before + 1);
    const near = cardOf(nearUpdates.at(-1)!);
    expect(cardProblems(near)).to.deep.equal([]);
    expect(colouredLines(near)).to.deep.include(["⚠️ Première réponse : dans 1 h ouvrée, au plus tard mardi 24 novembre à 15:30", "Warning"]);

    await sweep("2026-11-24T14:30:00Z"); // 15:30: missed
    const overdue = cardOf(t.connector.updatesOf(create.resultId!).at(-1)!);
    expect(cardProblems(overdue)).to.deep.equal([]);
    expect(cardText(overdue)).to.contain("🚨 Première réponse : en retard de 1 min ouvrée \\(échéance mardi 24 novembre à 15:30\\)");
    expect(colouredLines(overdue).find(([text]) => text.startsWith("🚨"))?.[1]).to.equal("Attention");
  });

  it("shows the experts' card the commitments, level 1's owner and the note, and refreshes it in place when one turns overdue", async () => {
    const alice = t.chat("alice");
    const aliceChat = personalChatOf(t.user("alice"));
    await t.say("alice", alice, "j'ai oublié mon mot de passe");
    await t.press("alice", alice, ticketOpener(t.connector.lastCard(aliceChat)), { replyToId: t.connector.postsIn(aliceChat).at(-1)!.resultId! });
    const triageRoot = t.connector.calls.find((c) => c.kind === "create" && c.channelId === CHANNELS.triageDesk)!.resultId!;
    const triageThread = { channel: CHANNELS.triageDesk, root: triageRoot };
    t.clock.now = new Date("2026-11-24T10:00:00Z"); // 11:00 in Paris
    const claimed = await t.press("bruno", triageThread, button(cardOf(t.connector.calls.find((c) => c.resultId === triageRoot)!), "ticket.claim"), { replyToId: triageRoot });
    const form = await t.press("bruno", triageThread, button(claimed.value, "ticket.escalate"), { replyToId: triageRoot });
    await t.press("bruno", triageThread, button(form.value, "form.submit"), {
      replyToId: triageRoot,
      inputs: { "field.group": "identity", "field.note": "Compte peut-être verrouillé côté annuaire." },
    });
    const expertPost = t.connector.calls.find((c) => c.kind === "create" && c.channelId === CHANNELS.expertsIdentity)!;
    const posted = cardOf(expertPost);
    expect(cardProblems(posted)).to.deep.equal([]);
    expect(cardText(posted)).to.contain("Compte peut-être verrouillé côté annuaire.").and.to.contain("Bruno Agent");
    expect(colouredLines(posted)).to.deep.include.members([
      ["✅ Pris en charge par Bruno Agent mardi 24 novembre à 11:00", "Good"],
      ["⏳ Première réponse : dans 3 h ouvrées, au plus tard mardi 24 novembre à 15:30", "Default"],
    ]);

    // No answer by 15:30 in Paris: the sweep refreshes the experts' card where it stands.
    const before = t.connector.updatesOf(expertPost.resultId!).length;
    t.clock.now = new Date("2026-11-24T14:30:00Z");
    await new SlaSweep(t.guichet.desk.ctx, t.guichet.desk.tickets).run();
    await t.flush();
    const updates = t.connector.updatesOf(expertPost.resultId!);
    expect(updates).to.have.length(before + 1);
    const refreshed = cardOf(updates.at(-1)!);
    expect(cardProblems(refreshed)).to.deep.equal([]);
    expect(colouredLines(refreshed)).to.deep.include(["🚨 Première réponse : en retard de 1 min ouvrée \\(échéance mardi 24 novembre à 15:30\\)", "Attention"]);
    expect(cardText(refreshed)).to.contain("Compte peut-être verrouillé côté annuaire.");
    expect(t.connector.calls.filter((c) => c.kind === "create" && c.channelId === CHANNELS.expertsIdentity), "refreshed, not posted again").to.have.length(1);
  });

  it("tells a requester who writes at night when the desk reopens, once in their chat however many questions they ask", async () => {
    t.clock.now = new Date("2026-11-24T18:00:00Z"); // 19:00 in Paris
    await t.say("ben", t.chat("ben"), "I forgot my password");
    t.clock.now = new Date("2026-11-24T20:00:00Z"); // a later question, that same night
    await t.say("ben", t.chat("ben"), "my password expired again");
    const said = t.connector.postsIn(personalChatOf(t.user("ben"))).map((post) => cardText(cardOf(post)));
    const notes = said.filter((text) => text.includes("The desk is closed right now"));
    expect(notes).to.have.length(1);
    expect(notes[0]).to.contain("reopens on Wednesday 25 November at 08:30");
    expect(await t.guichet.store.manager.count(Conversation), "two questions").to.equal(2);
  });

  it("states the desk's commitments to someone who types sla in their chat", async () => {
    await t.say("ben", t.chat("ben"), "sla");
    const card = t.connector.lastCard(personalChatOf(t.user("ben")));
    expect(cardProblems(card)).to.deep.equal([]);
    expect(cardText(card)).to.contain("Our commitments");
    expect(cardText(card)).to.contain("An answer, or a resolution schedule: within 4 working hours.");
  });

  it("lets a requester stop survey requests by typing notifications surveys off in their chat", async () => {
    await t.say("ben", t.chat("ben"), "notifications surveys off");
    const card = t.connector.lastCard(personalChatOf(t.user("ben")));
    expect(cardProblems(card)).to.deep.equal([]);
    expect(cardText(card)).to.contain("Saved.");
    expect(cardText(card)).to.contain("Satisfaction surveys: no.");
  });

  it("tells a requester who types status their ticket's next commitment in plain words", async () => {
    const benChat = personalChatOf(t.user("ben"));
    await t.say("ben", t.chat("ben"), "I forgot my password and cannot log in");
    await t.press("ben", t.chat("ben"), ticketOpener(t.connector.lastCard(benChat)), { replyToId: t.connector.postsIn(benChat).at(-1)!.resultId! });
    await t.say("ben", t.chat("ben"), "status");
    const card = t.connector.lastCard(benChat);
    expect(cardProblems(card)).to.deep.equal([]);
    expect(cardText(card)).to.match(/an answer or a resolution schedule by Tuesday 24 November at 15:30/i);
  });
});
