import { expect } from "chai";
import { adaptiveCard, textBlock } from "../../../src/channels/teams/cards/adaptive-card";
import { CARD_BUDGET_BYTES, cardBytes, fitCard } from "../../../src/channels/teams/cards/card-size";
import { articleCardMarkdown, cutText, escapeCardText } from "../../../src/channels/teams/cards/card-text";
import { messageCard } from "../../../src/channels/teams/cards/message-card";
import { buttonsOf } from "./support/card-reading";

describe("Teams card text", () => {
  describe("escapeCardText", () => {
    it("shows a Markdown link as its characters, not as a link", () => {
      expect(escapeCardText("[Votre compte](https://evil.example)")).to.equal("\\[Votre compte\\]\\(https://evil.example\\)");
    });

    it("neutralises emphasis, code, HTML and mention tags", () => {
      expect(escapeCardText("**gras** _it_ `code` <at>Bruno</at> ~barré~")).to.equal(
        "\\*\\*gras\\*\\* \\_it\\_ \\`code\\` \\<at\\>Bruno\\</at\\> \\~barré\\~",
      );
    });

    it("keeps line starts from becoming headings, quotes or list items", () => {
      expect(escapeCardText("# Titre\n> cité\n- point\n+ plus\n12. numéro")).to.equal("\\# Titre\n\n\\> cité\n\n\\- point\n\n\\+ plus\n\n12\\. numéro");
    });

    it("stops the renderer's date and time functions", () => {
      expect(escapeCardText("{{DATE(2030-01-01T00:00:00Z, SHORT)}}")).to.not.match(/\{\{|\}\}/);
    });

    it("keeps a person's line breaks", () => {
      expect(escapeCardText("ligne 1\r\nligne 2")).to.equal("ligne 1\n\nligne 2");
    });

    it("leaves ordinary sentences readable", () => {
      expect(escapeCardText("Bonjour, mon imprimante n'imprime plus depuis 9h30 !")).to.equal("Bonjour, mon imprimante n'imprime plus depuis 9h30 !");
    });
  });

  describe("articleCardMarkdown", () => {
    it("keeps the Markdown Teams cards render and turns headings into bold lines", () => {
      const md = articleCardMarkdown("## Étapes\n1. Ouvrez **Paramètres**\n2. Voir [le portail](https://portail.exemple.fr)");
      expect(md).to.equal("**Étapes**\n\n1. Ouvrez **Paramètres**\n\n2. Voir [le portail](https://portail.exemple.fr)");
    });

    it("shows code and HTML as text, and images as links", () => {
      const md = articleCardMarkdown("```\nrm -rf *\n```\n<script>x</script>\n![schéma](https://exemple.fr/s.png)");
      expect(md).to.include("rm -rf \\*");
      expect(md).to.include("\\<script>");
      expect(md).to.include("[schéma](https://exemple.fr/s.png)");
    });
  });

  describe("cutText", () => {
    it("cuts at a word and ends with an ellipsis", () => {
      expect(cutText("un deux trois quatre cinq", 15)).to.equal("un deux trois…");
    });

    it("never leaves a dangling escape", () => {
      expect(cutText("abcdefgh\\*ijkl", 10)).to.equal("abcdefgh…");
    });
  });

  describe("fitCard", () => {
    it("leaves a card that fits alone", () => {
      const card = adaptiveCard([textBlock("court")]);
      expect(fitCard(card, "fr")).to.equal(card);
    });

    it("halves the longest texts until the card fits, and says so", () => {
      const card = adaptiveCard([textBlock("titre"), textBlock("a ".repeat(30_000)), { type: "FactSet", facts: [{ title: "x", value: "b ".repeat(20_000) }] }]);
      const fitted = fitCard(card, "en");
      expect(cardBytes(fitted)).to.be.at.most(CARD_BUDGET_BYTES);
      expect(JSON.stringify(fitted)).to.include("text cut");
      expect(fitted.body[0]).to.deep.include({ text: "titre" });
    });
  });

  it("puts the buttons of a long catalogue in rows, so that none is dropped", () => {
    const actions = Array.from({ length: 8 }, (_, i) => ({ action: "request.start" as const, label: `Demande ${i}`, value: `type-${i}` }));
    const card = messageCard({ kind: "list", lang: "fr", title: "Catalogue", actions }, { surface: "personal" });
    expect(buttonsOf(card as unknown as Record<string, unknown>).map((b) => b.data.value)).to.deep.equal(actions.map((a) => a.value));
    expect(card.actions ?? []).to.have.length(0);
  });
});
