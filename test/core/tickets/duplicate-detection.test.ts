import { expect } from "chai";
import { findLikelyDuplicate, requestSimilarity } from "../../../src/core/tickets/duplicate-detection";

describe("duplicate detection", () => {
  it("sees the same problem written twice in other words", () => {
    expect(requestSimilarity("Mon imprimante du bureau 204 n'imprime plus", "l'imprimante bureau 204 ne veut plus imprimer"))
      .to.be.at.least(0.5);
  });

  it("does not join two different problems that share common words", () => {
    expect(requestSimilarity("Bonjour, problème avec le VPN depuis hier", "Bonjour, problème avec mon badge depuis hier")).to.equal(0);
  });

  it("offers the most similar open ticket, or none", () => {
    const open = [
      { id: 1, text: "Le badge du bâtiment A ne fonctionne plus", category: "buildings" },
      { id: 2, text: "VPN: connexion impossible depuis la maison", category: "network" },
    ];
    expect(findLikelyDuplicate("impossible de me connecter au VPN à la maison", null, open)?.id).to.equal(2);
    expect(findLikelyDuplicate("mot de passe expiré", null, open)).to.equal(null);
  });
});
