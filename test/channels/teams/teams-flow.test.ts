import { expect } from "chai";
import { Ticket } from "../../../src/store/entities/Ticket";
import { button, verbsOf } from "./support/card-reading";
import { cardOf, cardText } from "./support/fake-connector";
import { installActivity, personalChatOf } from "./support/teams-activities";
import { CHANNELS, openTeamsTestDesk, type TeamsTestDesk } from "./support/teams-test-desk";

describe("Teams channel: a requester's whole path, through real HTTP", () => {
  let t: TeamsTestDesk;
  beforeEach(async () => {
    t = await openTeamsTestDesk();
    // Installing the app in the team gives the bot a service URL for the team's channels.
    const answer = await t.post(installActivity(t.user("bruno"), { channel: CHANNELS.general }, { serviceUrl: t.connector.serviceUrl }));
    expect(answer.status).to.equal(200);
  });
  afterEach(async () => t.close());

  it("serves a Teams requester from the question to the rating, with agents and experts in Teams channels", async () => {
    const alice = t.chat("alice");
    const aliceChat = personalChatOf(t.user("alice"));

    // 1. The question: knowledge suggestions as a card, with "solved? / not solved" Universal Actions.
    await t.say("alice", alice, "j'ai oublié mon mot de passe");
    const suggestions = t.connector.lastCard(aliceChat);
    expect(cardText(suggestions)).to.include("Mot de passe oublié ou expiré");
    expect(verbsOf(suggestions)).to.deep.equal(["kb.solved", "kb.not_solved"]);

    // 2. Not solved: the ticket opens; the pressed card is redrawn with its buttons spent.
    const suggestionsPost = t.connector.postsIn(aliceChat).at(-1)!;
    const notSolved = await t.press("alice", alice, button(suggestions, "kb.not_solved"), { replyToId: suggestionsPost.resultId! });
    expect(notSolved.type).to.equal("application/vnd.microsoft.card.adaptive");
    expect(verbsOf(notSolved.value)).to.deep.equal([]);
    expect(cardText(notSolved.value)).to.include("✓ Non résolu");
    const ticket = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} });
    expect(ticket.channel).to.equal("teams");

    // The receipt, with the expected delay and a Reply box (a personal chat has no threads).
    const receipt = t.connector.lastCard(aliceChat);
    expect(cardText(receipt)).to.include(`Ticket n°${ticket.id} ouvert`);
    expect(cardText(receipt)).to.match(/au plus tard/);
    expect(verbsOf(receipt)).to.deep.equal(["ticket.reply"]);

    // 3. The ticket card starts a thread in the triage channel, with Claim.
    const triagePost = t.connector.calls.find((c) => c.kind === "create" && c.channelId === CHANNELS.triageDesk)!;
    expect(triagePost, "ticket card posted in the triage channel").to.not.equal(undefined);
    const triageRoot = triagePost.resultId!;
    const triageThread = { channel: CHANNELS.triageDesk, root: triageRoot };
    const triageCard = cardOf(triagePost);
    expect(verbsOf(triageCard)).to.include("ticket.claim");

    // 4. Bruno claims: his card changes at once (invoke answer), everyone's through an update of the post.
    const claimed = await t.press("bruno", triageThread, button(triageCard, "ticket.claim"), { replyToId: triageRoot });
    expect(claimed.type).to.equal("application/vnd.microsoft.card.adaptive");
    expect(cardText(claimed.value)).to.include("Bruno Agent");
    expect(verbsOf(claimed.value)).to.not.include("ticket.claim");
    const update = t.connector.updatesOf(triageRoot).at(-1)!;
    expect(update.conversationId).to.equal(`${CHANNELS.triageDesk};messageid=${triageRoot}`);
    expect(cardText(cardOf(update))).to.include("Bruno Agent");
    expect(cardText(t.connector.lastCard(aliceChat))).to.match(/Bruno Agent a pris en charge votre demande/);

    // 5. Bruno answers in the ticket's thread (no mention needed there): the requester gets it in her chat.
    await t.say("bruno", triageThread, "Avez-vous essayé la page de réinitialisation ?", { mention: false });
    const agentReply = t.connector.lastCard(aliceChat);
    expect(cardText(agentReply)).to.include("Réponse de Bruno Agent");
    expect(cardText(agentReply)).to.include("Avez-vous essayé la page de réinitialisation ?");

    // 6. Alice answers from the card's Reply box: it reaches the triage thread.
    const replyPost = t.connector.postsIn(aliceChat).at(-1)!;
    const replied = await t.press("alice", alice, button(agentReply, "ticket.reply"), {
      replyToId: replyPost.resultId!,
      inputs: { "reply.text": "Oui, elle renvoie une erreur 500." },
    });
    expect(cardText(replied.value)).to.include("Oui, elle renvoie une erreur 500.");
    const relayed = t.connector.repliesIn(CHANNELS.triageDesk, triageRoot).at(-1)!;
    expect(cardText(cardOf(relayed))).to.include("Oui, elle renvoie une erreur 500.");

    // 7. Escalation: the form replaces Bruno's card; sending it posts in the network experts' channel.
    const escalateForm = await t.press("bruno", triageThread, button(cardOf(update), "ticket.escalate"), { replyToId: triageRoot });
    expect(cardText(escalateForm.value)).to.include("Escalader vers des experts");
    const escalated = await t.press("bruno", triageThread, button(escalateForm.value, "form.submit"), {
      replyToId: triageRoot,
      inputs: { "field.group": "network", "field.note": "Compte peut-être verrouillé côté annuaire." },
    });
    expect(cardText(escalated.value)).to.include("escaladé");
    const expertPost = t.connector.calls.find((c) => c.kind === "create" && c.channelId === CHANNELS.expertsNetwork)!;
    expect(cardText(cardOf(expertPost))).to.include("Compte peut-être verrouillé côté annuaire.");
    expect(cardText(t.connector.lastCard(aliceChat))).to.match(/experts/);

    // 8. Nadia answers in the expert thread; level 1 gets it in the triage thread, with Forward.
    await t.say("nadia", { channel: CHANNELS.expertsNetwork, root: expertPost.resultId! }, "Le compte était verrouillé, je l'ai débloqué.", { mention: false });
    const expertRelay = t.connector.repliesIn(CHANNELS.triageDesk, triageRoot).at(-1)!;
    expect(cardText(cardOf(expertRelay))).to.include("Le compte était verrouillé, je l'ai débloqué.");

    // 9. Bruno forwards it: the relay card shows it is done, Alice gets the answer.
    const forwarded = await t.press("bruno", triageThread, button(cardOf(expertRelay), "ticket.forward"), { replyToId: expertRelay.resultId! });
    expect(cardText(forwarded.value)).to.include("Transmis au demandeur.");
    expect(cardText(t.connector.lastCard(aliceChat))).to.include("Le compte était verrouillé, je l'ai débloqué.");

    // 10. Resolution, confirmation by the requester, 1–5 rating.
    const resolveForm = await t.press("bruno", triageThread, button(cardOf(t.connector.updatesOf(triageRoot).at(-1)!), "ticket.resolve"), { replyToId: triageRoot });
    await t.press("bruno", triageThread, button(resolveForm.value, "form.submit"), {
      replyToId: triageRoot,
      inputs: { "field.resolution": "Compte déverrouillé, mot de passe réinitialisé." },
    });
    const resolvedNotice = t.connector.lastCard(aliceChat);
    expect(cardText(resolvedNotice)).to.include(`Ticket n°${ticket.id} résolu`);
    const resolvedPost = t.connector.postsIn(aliceChat).at(-1)!;
    await t.press("alice", alice, button(resolvedNotice, "ticket.close"), { replyToId: resolvedPost.resultId! });
    const survey = t.connector.lastCard(aliceChat);
    expect(verbsOf(survey)).to.deep.equal(["survey.rate", "survey.rate", "survey.rate", "survey.rate", "survey.rate"]);
    const surveyPost = t.connector.postsIn(aliceChat).at(-1)!;
    await t.press("alice", alice, button(survey, "survey.rate", `${ticket.id}:4`), { replyToId: surveyPost.resultId! });
    expect(cardText(t.connector.lastCard(aliceChat))).to.include("4/5");

    const final = await t.guichet.store.manager.findOneOrFail(Ticket, { where: { id: ticket.id } });
    expect(final.status).to.equal("closed");
    expect(final.satisfaction).to.equal(4);
    expect(final.level).to.equal(2);
  });
});
