import { expect } from "chai";
import { renderFormModal } from "../../../../src/channels/slack/blocks/form-modal";
import { renderHome } from "../../../../src/channels/slack/blocks/home-blocks";
import { renderMessage } from "../../../../src/channels/slack/blocks/message-blocks";
import type { FormView, MessageView } from "../../../../src/core/messages/message-view";
import type { HomeView } from "../../../../src/core/tickets/home-view";
import { messageProblems, viewProblems } from "../support/block-kit-limits";
import { blocksText } from "../support/recorded-messages";

const long = (n: number, unit = "mot ") => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
const lines = (count: number, width: number) => Array.from({ length: count }, (_, i) => `${i} ${long(width)}`).join("\n");

/** A view with everything at once, each part far over Slack's limits. */
function oversizedView(kind: MessageView["kind"]): MessageView {
  return {
    kind,
    lang: "fr",
    ticketId: 12,
    title: long(500, "Titre "),
    text: long(50_000),
    quote: { author: long(300, "Nom "), text: lines(2_000, 40) },
    articles: [1, 2, 3].map((i) => ({ id: `a${i}`, title: long(400, "Article "), body: lines(300, 80) })),
    fields: Array.from({ length: 35 }, (_, i) => ({ label: `Champ ${i} ${long(200)}`, value: long(5_000) })),
    actions: [
      ...Array.from({ length: 30 }, (_, i) => ({ action: "survey.rate" as const, label: long(200, "Bouton "), value: `12:${i}` })),
      { action: "ticket.claim" as const, label: "Prendre", value: "9".repeat(300) },
    ],
    footer: long(5_000),
  };
}

describe("Slack Block Kit payloads and Slack's limits", () => {
  for (const kind of ["notice", "suggestions", "ticket_card", "relay", "expert_request", "survey", "list", "receipt", "help"] as const) {
    it(`keeps an oversized ${kind} within 50 blocks, 3000 characters a section, 255-character ids and 75-character buttons`, () => {
      const { text, blocks } = renderMessage(oversizedView(kind));
      expect(messageProblems(blocks)).to.deep.equal([]);
      expect(text.length).to.be.at.most(3000);
    });
  }

  it("says that a text was cut, in the view's language", () => {
    const fr = blocksText(renderMessage({ kind: "notice", lang: "fr", text: long(20_000) }).blocks);
    const en = blocksText(renderMessage({ kind: "notice", lang: "en", text: long(20_000) }).blocks);
    expect(fr).to.contain("texte coupé");
    expect(en).to.contain("text cut");
  });

  it("spreads a long text over several sections instead of cutting it", () => {
    const text = lines(100, 80);
    const { blocks } = renderMessage({ kind: "relay", lang: "en", quote: { author: "Ben", text } });
    expect(blocks.length).to.be.greaterThan(2);
    expect(messageProblems(blocks)).to.deep.equal([]);
    expect(blocksText(blocks)).not.to.contain("text cut");
    expect(blocksText(blocks)).to.contain("99 mot");
  });

  it("leaves out a button whose value cannot be carried whole, rather than sending a wrong id", () => {
    const { blocks } = renderMessage({ kind: "notice", lang: "fr", text: "x", actions: [{ action: "ticket.claim", label: "Prendre", value: "1".repeat(300) }, { action: "ticket.resolve", label: "Résoudre", value: "7" }] });
    const buttons = JSON.stringify(blocks);
    expect(buttons).to.contain("ticket.resolve#1");
    expect(buttons).not.to.contain("ticket.claim");
  });

  it("gives the five survey buttons distinct action ids that still name the desk's action", () => {
    const { blocks } = renderMessage({
      kind: "survey",
      lang: "fr",
      text: "Notez",
      actions: [1, 2, 3, 4, 5].map((n) => ({ action: "survey.rate" as const, label: String(n), value: `3:${n}` })),
    });
    const ids = (blocks.find((b) => b.type === "actions") as { elements: Array<{ action_id: string }> }).elements.map((e) => e.action_id);
    expect(ids).to.deep.equal(["survey.rate#0", "survey.rate#1", "survey.rate#2", "survey.rate#3", "survey.rate#4"]);
  });

  it("keeps a modal within Slack's limits: 24-character title and buttons, 75-character options, initial value within max_length", () => {
    const form: FormView = {
      form: "request",
      context: "mailing-list",
      lang: "fr",
      title: "Création d'une liste de diffusion pour un laboratoire",
      submitLabel: "Envoyer la demande au centre de services",
      intro: long(10_000),
      fields: [
        { id: "description", label: long(3_000), type: "textarea", required: true, maxLength: 3000, initial: long(5_000), hint: long(3_000) },
        { id: "audience", label: "Abonnés", type: "select", required: true, options: Array.from({ length: 150 }, (_, i) => ({ value: `v${i}${long(200, "x")}`, label: long(100, "Option ") })) },
        { id: "date", label: "Date", type: "date", required: false, initial: "pas une date" },
        { id: "count", label: "Nombre", type: "number", required: false, initial: "12" },
        { id: "owner", label: "Adresse", type: "email", required: false },
      ],
    };
    const modal = renderFormModal(form, { conversation: "D0ALICE", thread: "1700000000.000100" });
    expect(viewProblems(modal as unknown as Record<string, unknown>)).to.deep.equal([]);
    expect(JSON.parse(modal.private_metadata ?? "{}")).to.deep.include({ form: "request", context: "mailing-list" });
  });

  it("keeps the App Home within 100 blocks, however many tickets", () => {
    const home: HomeView = {
      lang: "fr",
      title: long(400, "Centre "),
      intro: long(5_000),
      sections: Array.from({ length: 6 }, (_, s) => ({
        id: "mine" as const,
        title: `Section ${s}`,
        empty: "Aucun ticket.",
        more: "… et 40 de plus",
        items: Array.from({ length: 20 }, (_, i) => ({
          ticketId: i,
          text: long(4_000),
          detail: long(500),
          milestones: { lines: Array.from({ length: 6 }, () => ({ state: "overdue" as const, text: long(700, "Résolution ") })) },
          action: { action: "ticket.claim" as const, label: long(100, "Prendre "), value: String(i) },
        })),
      })),
      panels: [{ id: "commitments", title: long(300, "Nos engagements "), lines: Array.from({ length: 20 }, () => long(400)) }],
    };
    const drawn = renderHome(home, long(5_000));
    expect(viewProblems(drawn as unknown as Record<string, unknown>)).to.deep.equal([]);
    // The lists give way before the panels: the desk's commitments always show.
    expect(JSON.stringify(drawn.blocks.at(-1))).to.contain("mot mot");
    expect(JSON.stringify(drawn.blocks.at(-2))).to.contain("Nos engagements");
  });
});
