import { expect } from "chai";
import { ADAPTIVE_CARD_VERSION, type AdaptiveCard } from "../../../src/channels/teams/cards/adaptive-card";
import { cancelledFormCard, formCard, sentFormCard } from "../../../src/channels/teams/cards/form-card";
import { messageCard, noticeCard } from "../../../src/channels/teams/cards/message-card";
import type { ConversationKind } from "../../../src/channels/teams/teams-conversations";
import { catalogueView, incidentForm, requestForm } from "../../../src/core/catalogue/service-catalogue";
import { ACTION_IDS, type FormView, type MessageKind, type MessageView, type MilestonesView } from "../../../src/core/messages/message-view";
import { escalateForm, mergeForm, resolveForm } from "../../../src/core/tickets/ticket-forms";
import { ticketCard } from "../../../src/core/tickets/ticket-views";
import type { Ticket } from "../../../src/store/entities/Ticket";
import { button, ticketOpener } from "./support/card-reading";
import { cardProblems } from "./support/card-schema";
import { cardOf } from "./support/fake-connector";
import { installActivity, personalChatOf } from "./support/teams-activities";
import { CHANNELS, openTeamsTestDesk, teamsDeskConfig } from "./support/teams-test-desk";

const config = teamsDeskConfig();

function ticketLike(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: 42, kind: "incident", title: "Imprimante *HS* [salle 2]", description: "L'imprimante affiche <erreur> 0x45\n- bac vide ?",
    category: "printing", priority: "high", status: "acknowledged", level: 1, requesterId: 1, assigneeId: null, team: "desk",
    expertGroup: null, site: "luminy", lang: "fr", channel: "teams", requestType: null, fields: null, approval: "none",
    mergedIntoId: null, resolution: null, satisfaction: null, ...overrides,
  } as Ticket;
}

const LONG_ARTICLE = [
  "## Étapes", "", "1. Ouvrez **Paramètres** puis _Imprimantes_.", "2. Ajoutez [la file Follow-Me](https://impression.univ-exemple.fr).",
  "", "```", "lpadmin -p followme", "```", "", "![schéma](https://exemple.fr/schema.png)", "<b>HTML</b> {{DATE(2030-01-01T00:00:00Z)}}",
].join("\n");

/** Commitments in every state, with words that need escaping. */
const MILESTONES: MilestonesView = {
  lines: [
    { state: "done", text: "Accusé de réception envoyé mardi 24 novembre à 10:00" },
    { state: "done", text: "Pris en charge par Bruno *Agent* mardi 24 novembre à 10:30" },
    { state: "near", text: "Première réponse : dans 40 min ouvrées, au plus tard mardi 24 novembre à 15:30" },
    { state: "overdue", text: "Résolution : en retard de 2 h ouvrées (échéance [lundi](https://evil.example))" },
    { state: "paused", text: "En pause : en attente de la validation d’un responsable" },
  ],
  asOf: "État au mardi 24 novembre à 14:50",
};

/** A view of every kind, with every button the desk has. */
function everyView(): MessageView[] {
  const kinds: MessageKind[] = ["notice", "help", "suggestions", "ticket_card", "receipt", "relay", "expert_request", "survey", "list"];
  const all = ACTION_IDS.map((action, i) => ({ action, label: `${action} ${i}`, value: `${i}:x`, style: i % 3 === 0 ? ("primary" as const) : i % 3 === 1 ? ("danger" as const) : undefined }));
  const generic = kinds.map((kind): MessageView => ({
    kind,
    lang: "fr",
    ticketId: 42,
    title: `Titre ${kind} [lien](https://evil.example)`,
    text: "Texte\navec deux lignes et des *étoiles*",
    quote: { author: "Alice <at>Martin</at>", text: "Mon message\n- avec une liste" },
    articles: [1, 2, 3].map((n) => ({ id: `a${n}`, title: `Article ${n}`, body: LONG_ARTICLE })),
    fields: [{ label: "Priorité", value: "haute" }, { label: "Demandeur", value: "Alice_Martin" }],
    actions: kind === "survey" ? [1, 2, 3, 4, 5].map((s) => ({ action: "survey.rate" as const, label: String(s), value: `42:${s}` })) : all.slice(0, 6),
    footer: "Pied de page",
  }));
  const cards = [
    ticketCard(config, ticketLike(), { requester: "Alice Martin", assignee: null }, MILESTONES),
    ticketCard(config, ticketLike({ status: "in_progress", assigneeId: 2 }), { requester: "Alice Martin", assignee: "Bruno Agent" }, MILESTONES),
    ticketCard(config, ticketLike({ status: "escalated", level: 2, expertGroup: "network", assigneeId: 2 }), { requester: "Alice", assignee: "Bruno" }, MILESTONES),
    ticketCard(config, ticketLike({ status: "resolved" }), { requester: "Alice", assignee: "Bruno" }, MILESTONES),
    ticketCard(config, ticketLike({ kind: "request", requestType: "car-access", approval: "pending", fields: { campus: "luminy", plate: "AB-123-CD", until: "2026-12-31" } }), { requester: "Alice", assignee: null }, { lines: [] }),
  ];
  return [...generic, ...cards, catalogueView(config, "fr", null), catalogueView(config, "en", null), { kind: "notice", lang: "en", text: "Short." }];
}

function everyForm(): FormView[] {
  const ticket = ticketLike();
  return [
    incidentForm("fr"),
    incidentForm("en", "déjà écrit"),
    ...config.requestTypes.flatMap((type) => [requestForm(type, "fr", "2026-11-24"), requestForm(type, "en", "2026-11-24")]),
    escalateForm(config, ticket, "fr"),
    resolveForm(ticket, "fr"),
    mergeForm(ticket, "en"),
  ];
}

function expectValid(card: AdaptiveCard | Record<string, unknown>, what: string): void {
  expect(cardProblems(card), what).to.deep.equal([]);
  expect((card as AdaptiveCard).version, what).to.equal(ADAPTIVE_CARD_VERSION);
}

describe("Teams cards against the Adaptive Cards schema they declare (1.4)", () => {
  const surfaces: ConversationKind[] = ["personal", "groupChat", "channel"];

  it("draws every kind of message with every button, on every surface, as a valid card", () => {
    for (const view of everyView()) {
      for (const surface of surfaces) {
        expectValid(messageCard(view, { surface, src: 7 }), `${view.kind} in ${surface}`);
        expectValid(messageCard(view, { surface, src: 7, done: "Ça a résolu mon problème" }), `${view.kind} done`);
        expectValid(messageCard(view, { surface, src: 7, note: "« merci »" }), `${view.kind} noted`);
      }
    }
  });

  it("draws every form of the desk, blank, with errors, sent and cancelled, as a valid card", () => {
    for (const form of everyForm()) {
      expectValid(formCard(form), `${form.form} ${form.context}`);
      const values = Object.fromEntries(form.fields.map((f) => [f.id, f.options?.[0]?.value ?? (f.type === "number" ? "12" : f.type === "date" ? "2026-12-01" : "valeur *brute*")]));
      const errors = Object.fromEntries(form.fields.map((f) => [f.id, "Ce champ est obligatoire."]));
      expectValid(formCard(form, { values, errors, src: 9 }), `${form.form} with errors`);
      expectValid(sentFormCard(form, values, "Transmis."), `${form.form} sent`);
      expectValid(cancelledFormCard(form), `${form.form} cancelled`);
    }
    expectValid(noticeCard("Vous n'avez pas le droit d'utiliser « Prendre en charge » : c'est réservé au support.", "fr"), "notice");
  });

  it("cuts an oversized message to the Teams budget, with a notice, and it stays valid", () => {
    const huge: MessageView = {
      kind: "suggestions",
      lang: "fr",
      title: "Voici ce qui pourrait vous aider :",
      articles: [1, 2, 3].map((n) => ({ id: `a${n}`, title: `Article ${n}`, body: `${LONG_ARTICLE}\n${"Un paragraphe très long. ".repeat(800)}` })),
      quote: { author: "Alice", text: "x".repeat(20_000) },
      actions: [{ action: "kb.solved", label: "Oui", value: "1:a1" }, { action: "kb.not_solved", label: "Non", value: "1" }],
    };
    const card = messageCard(huge, { surface: "personal", src: 1 });
    expectValid(card, "cut card");
    expect(JSON.stringify(card)).to.include("texte coupé");
  });

  it("sends only valid cards in a real conversation (posts, updates and invoke answers)", async () => {
    const t = await openTeamsTestDesk();
    try {
      await t.post(installActivity(t.user("bruno"), { channel: CHANNELS.general }, { serviceUrl: t.connector.serviceUrl }));
      const chat = personalChatOf(t.user("alice"));
      const answers: Array<Record<string, unknown>> = [];
      await t.say("alice", t.chat("alice"), "j'ai oublié mon mot de passe");
      answers.push((await t.press("alice", t.chat("alice"), ticketOpener(t.connector.lastCard(chat)), { replyToId: t.connector.postsIn(chat).at(-1)!.resultId! })).value);
      const triage = t.connector.calls.find((c) => c.kind === "create" && c.channelId === CHANNELS.triageDesk)!;
      const where = { channel: CHANNELS.triageDesk, root: triage.resultId! };
      answers.push((await t.press("bruno", where, button(cardOf(triage), "ticket.claim"), { replyToId: triage.resultId! })).value);
      const form = await t.press("bruno", where, button(cardOf(triage), "ticket.escalate"), { replyToId: triage.resultId! });
      answers.push(form.value);
      answers.push((await t.press("bruno", where, button(form.value, "form.submit"), { replyToId: triage.resultId!, inputs: { "field.group": "identity" } })).value);
      await t.say("alice", t.chat("alice"), "new");
      const catalogue = t.connector.lastCard(chat);
      answers.push((await t.press("alice", t.chat("alice"), button(catalogue, "request.start", "guest-wifi"), { replyToId: "1" })).value);

      const sent = t.connector.calls.map((c) => cardOf(c));
      expect(sent.length).to.be.greaterThan(6);
      for (const [i, card] of [...sent, ...answers].entries()) expectValid(card, `card ${i}`);
    } finally {
      await t.close();
    }
  });
});
