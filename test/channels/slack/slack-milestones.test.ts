import { expect } from "chai";
import { SlaSweep } from "../../../src/core/sla/sla-sweep";
import { messageProblems, viewProblems } from "./support/block-kit-limits";
import { blocksText, lastButton, postedTexts } from "./support/recorded-messages";
import { C, dmOf, SlackTestDesk, U } from "./support/slack-test-desk";

describe("Slack channel: live milestones", function () {
  let t: SlackTestDesk;
  beforeEach(async () => {
    t = await SlackTestDesk.open();
  });
  afterEach(async () => t.close());

  it("draws each commitment on the triage card and redraws it in place when one turns near, then overdue", async () => {
    const question = await t.dm(U.alice, "la machine à café du troisième fuit sur la moquette");
    await t.settle();
    await t.press(U.alice, lastButton(t.api, "kb.open_ticket", { channel: dmOf(U.alice), threadTs: question }));
    await t.settle();
    const [card] = t.api.posts(C.triage);
    const cardTs = String(t.api.calls.find((c) => c.method === "chat.postMessage" && c.args.channel === C.triage)?.result?.ts);
    expect(messageProblems(card.blocks)).to.deep.equal([]);
    const posted = blocksText(card.blocks);
    expect(posted).to.contain("✅ Accusé de réception envoyé mardi 24 novembre à 10:00");
    expect(posted).to.contain("⏳ Première réponse : dans 4 h ouvrées, au plus tard mardi 24 novembre à 15:30");
    expect(posted).to.contain("État au mardi 24 novembre à 10:00");

    const sweep = async (at: string) => {
      t.clock.now = new Date(at);
      await new SlaSweep(t.guichet.desk.ctx, t.guichet.desk.tickets).run();
      await t.settle();
    };
    const updates = () => t.api.callsTo("chat.update").filter((u) => u.channel === C.triage && u.ts === cardTs);
    const before = updates().length;
    await sweep("2026-11-24T13:30:00Z"); // 14:30 in Paris: 75 % of the first answer's 4 hours
    await sweep("2026-11-24T13:45:00Z");
    expect(updates()).to.have.length(before + 1);
    const near = updates().at(-1)!;
    expect(messageProblems(near.blocks)).to.deep.equal([]);
    expect(blocksText(near.blocks)).to.contain("⚠️ Première réponse : dans 1 h ouvrée, au plus tard mardi 24 novembre à 15:30");

    await sweep("2026-11-24T14:30:00Z"); // 15:30: missed
    const overdue = updates().at(-1)!;
    expect(updates()).to.have.length(before + 2);
    expect(blocksText(overdue.blocks)).to.contain("🚨 Première réponse : en retard de 1 min ouvrée (échéance mardi 24 novembre à 15:30)");
    expect(messageProblems(overdue.blocks)).to.deep.equal([]);
  });

  it("shows the experts' post the commitments, level 1's owner and the note, and edits it in place when one turns overdue", async () => {
    const question = await t.dm(U.alice, "Je n'arrive pas à me connecter au wifi eduroam, erreur de certificat sur mon portable");
    await t.settle();
    await t.press(U.alice, lastButton(t.api, "kb.not_solved", { channel: dmOf(U.alice), threadTs: question }));
    await t.settle();
    t.clock.now = new Date("2026-11-24T10:00:00Z"); // 11:00 in Paris
    await t.press(U.bruno, lastButton(t.api, "ticket.claim", { channel: C.triage }));
    await t.settle();
    await t.press(U.bruno, lastButton(t.api, "ticket.escalate", { channel: C.triage }));
    await t.settle();
    await t.submit(U.bruno, t.openedView(), { group: "network", note: "Certificat RADIUS expiré ?" });
    await t.settle();
    const [post] = t.api.posts(C.network, null);
    const postTs = String(t.api.calls.find((c) => c.method === "chat.postMessage" && c.args.channel === C.network)?.result?.ts);
    expect(messageProblems(post.blocks)).to.deep.equal([]);
    const posted = blocksText(post.blocks);
    expect(posted).to.contain("Certificat RADIUS expiré ?").and.to.contain("Bruno Agent");
    expect(posted).to.contain("⏳ Première réponse : dans 3 h ouvrées, au plus tard mardi 24 novembre à 15:30");
    expect(posted).to.match(/⏳ Résolution : dans [^\n]+ ouvrées, au plus tard /);

    // No answer was given by 15:30 in Paris: the sweep edits the experts' post where it stands.
    const edits = () => t.api.callsTo("chat.update").filter((u) => u.channel === C.network && u.ts === postTs);
    const before = edits().length;
    t.clock.now = new Date("2026-11-24T14:30:00Z");
    await new SlaSweep(t.guichet.desk.ctx, t.guichet.desk.tickets).run();
    await t.settle();
    expect(edits()).to.have.length(before + 1);
    const edited = edits().at(-1)!;
    expect(messageProblems(edited.blocks)).to.deep.equal([]);
    const now = blocksText(edited.blocks);
    expect(now).to.contain("🚨 Première réponse : en retard de 1 min ouvrée (échéance mardi 24 novembre à 15:30)");
    expect(now).to.contain("Certificat RADIUS expiré ?").and.to.contain("Bruno Agent");
    expect(t.api.posts(C.network, null), "edited, not posted again").to.have.length(1);
  });

  it("lists in one message the tickets whose reminders fall together in the triage channel, within Block Kit's limits", async () => {
    for (const [user, text] of [[U.alice, "la machine à café du troisième fuit sur la moquette"], [U.ben, "the coffee machine on the third floor is leaking on the carpet"], [U.stranger, "la machine à café du deuxième étage fuit sur la moquette"]] as const) {
      const question = await t.dm(user, text);
      await t.settle();
      await t.press(user, lastButton(t.api, "kb.open_ticket", { channel: dmOf(user), threadTs: question }));
      await t.settle();
    }
    const cards = t.api.posts(C.triage).length;
    t.clock.now = new Date("2026-11-24T13:30:00Z"); // 14:30 in Paris: 75 % of the first answer's 4 hours, for all three
    await new SlaSweep(t.guichet.desk.ctx, t.guichet.desk.tickets).run();
    await t.settle();
    const reminders = t.api.posts(C.triage).slice(cards).filter((p) => p.thread_ts === undefined || p.thread_ts === null);
    expect(reminders).to.have.length(1);
    expect(messageProblems(reminders[0].blocks)).to.deep.equal([]);
    const said = blocksText(reminders[0].blocks);
    expect(said).to.contain("⏰ 3 tickets atteignent 75\u202f% du délai de première réponse");
    expect(said.match(/• n°\d+ · .* — échéance mardi 24 novembre à 15:30/g)).to.have.length(3);
  });

  it("shows on the Home tab each open ticket with its commitments, the requester's next one in plain words, the desk's commitments and the person's preferences", async () => {
    const question = await t.dm(U.alice, "la machine à café du troisième fuit sur la moquette");
    await t.settle();
    await t.press(U.alice, lastButton(t.api, "kb.open_ticket", { channel: dmOf(U.alice), threadTs: question }));
    await t.settle();
    t.clock.now = new Date("2026-11-24T09:30:00Z"); // 10:30 in Paris
    await t.press(U.bruno, lastButton(t.api, "ticket.claim", { channel: C.triage }));
    await t.settle();
    const homeOf = async (user: string) => {
      await t.event({ type: "app_home_opened", user, channel: dmOf(user), tab: "home", event_ts: t.nextTs() });
      await t.settle();
      const view = t.api.callsTo("views.publish").filter((a) => a.user_id === user).at(-1)!.view as Record<string, unknown>;
      expect(viewProblems(view)).to.deep.equal([]);
      return blocksText(view.blocks);
    };

    t.clock.now = new Date("2026-11-24T13:30:00Z"); // 14:30: the first answer is near
    const alices = await homeOf(U.alice);
    const own = alices.slice(alices.indexOf("Vos tickets ouverts"), alices.indexOf("Nos engagements"));
    expect(own).to.contain("la machine à café du troisième fuit sur la moquette");
    expect(own).to.contain("Vous aurez une réponse ou un calendrier de résolution au plus tard mardi 24 novembre à 15:30.");
    expect(own).to.contain("✅ Accusé de réception envoyé mardi 24 novembre à 10:00");
    expect(own).to.contain("✅ Pris en charge par Bruno Agent mardi 24 novembre à 10:30");
    expect(own).to.contain("⚠️ Première réponse : dans 1 h ouvrée, au plus tard mardi 24 novembre à 15:30");
    expect(alices).to.contain("Horaires : du lundi au vendredi, 08:30–12:00 et 13:30–17:30");
    expect(alices).to.contain("Vos notifications").and.to.contain("Questionnaires de satisfaction : oui.");

    // At night, the page says the clocks wait for the opening; past the deadline, by how much it is missed.
    t.clock.now = new Date("2026-11-24T19:00:00Z");
    const brunos = await homeOf(U.bruno);
    const mine = brunos.slice(brunos.indexOf("Mes tickets"), brunos.indexOf("Échéances les plus proches"));
    expect(mine).to.contain("🚨 Première réponse : en retard de 2 h ouvrées (échéance mardi 24 novembre à 15:30)");
    expect(mine).to.contain("⏸️ En pause : service fermé jusqu’au mercredi 25 novembre à 08:30");
    expect(brunos).to.contain("Rappels coupés : aucun ticket.");
  });

  it("tells a requester who writes at night, once in the conversation's thread, when the desk reopens and what it means for the date", async () => {
    t.clock.now = new Date("2026-11-24T18:00:00Z"); // 19:00 in Paris
    const question = await t.dm(U.alice, "la machine à café du troisième fuit sur la moquette");
    await t.settle();
    await t.dm(U.alice, "et elle fait un bruit bizarre", { threadTs: question });
    await t.settle();
    const notes = postedTexts(t.api, dmOf(U.alice), question).filter((text) => text.startsWith("Le support est fermé"));
    expect(notes).to.deep.equal([
      "Le support est fermé en ce moment et rouvre mercredi 25 novembre à 08:30. Je vous réponds tout de suite si la base de connaissances a la réponse\u00a0; sinon, un ticket ouvert maintenant aura une réponse ou un calendrier de résolution au plus tard mercredi 25 novembre à 14:00, les délais ne courant que pendant les horaires du support.",
    ]);
  });

  it("states the desk's commitments with /guichet sla, privately, and on the Home tab", async () => {
    await t.command(U.alice, "sla");
    await t.settle();
    const answer = t.api.callsTo("response_url").at(-1)!;
    expect(answer.response_type).to.equal("ephemeral");
    expect(messageProblems(answer.blocks)).to.deep.equal([]);
    expect(blocksText(answer.blocks)).to.contain("Nos engagements");
    expect(blocksText(answer.blocks)).to.contain("Une réponse, ou un calendrier de résolution : sous 4 h ouvrées.");
    expect(blocksText(answer.blocks)).to.contain("Fermetures à venir : du jeudi 24 décembre au vendredi 1er janvier");

    await t.event({ type: "app_home_opened", user: U.alice, channel: dmOf(U.alice), tab: "home", event_ts: t.nextTs() });
    await t.settle();
    const home = t.api.callsTo("views.publish").filter((a) => a.user_id === U.alice).at(-1)!;
    expect(blocksText((home.view as { blocks: unknown }).blocks)).to.contain("Horaires : du lundi au vendredi, 08:30–12:00 et 13:30–17:30");
  });

  it("changes an agent's notification preferences with /guichet notifications, privately, and shows them on the Home tab", async () => {
    await t.command(U.bruno, "notifications digest on");
    await t.settle();
    const answer = t.api.callsTo("response_url").at(-1)!;
    expect(answer.response_type).to.equal("ephemeral");
    expect(messageProblems(answer.blocks)).to.deep.equal([]);
    expect(blocksText(answer.blocks)).to.contain("C’est enregistré.");
    expect(blocksText(answer.blocks)).to.contain("Rappels de vos tickets : un résumé chaque matin.");

    await t.event({ type: "app_home_opened", user: U.bruno, channel: dmOf(U.bruno), tab: "home", event_ts: t.nextTs() });
    await t.settle();
    const home = t.api.callsTo("views.publish").filter((a) => a.user_id === U.bruno).at(-1)!;
    const homeText = blocksText((home.view as { blocks: unknown }).blocks);
    expect(homeText).to.contain("Vos notifications");
    expect(homeText).to.contain("Rappels de vos tickets : un résumé chaque matin.");
  });
});
