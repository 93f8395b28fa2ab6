import { expect } from "chai";
import { loadDeskConfig } from "../../../src/config/desk-config";
import { inferKind, routeTicket } from "../../../src/core/routing/ticket-routing";
import { foldText } from "../../../src/core/text-folding";

describe("ticket routing", () => {
  const config = loadDeskConfig();

  it("takes the category of the articles the requester was shown", () => {
    const routing = routeTicket(config, { text: "ça ne marche toujours pas", suggestedCategories: ["network"], site: null });
    expect(routing.category).to.equal("network");
    expect(routing.team).to.equal("desk");
  });

  it("falls back on the categories' keywords, accents and case ignored", () => {
    const routing = routeTicket(config, { text: "L'IMPRIMANTE du 2e étage refuse d'imprimer", suggestedCategories: [], site: null });
    expect(routing.category).to.equal("printing");
  });

  it("leaves a request uncategorised, for the default team, when neither articles nor keywords point anywhere", () => {
    const routing = routeTicket(config, { text: "la machine à café fuit", suggestedCategories: [], site: "timone" });
    expect([routing.category, routing.team, routing.priority]).to.deep.equal(["uncategorised", "desk", "normal"]);
  });

  it("sends building problems to the logistics team whatever the site", () => {
    const routing = routeTicket(config, { text: "L'alarme du 3e étage Bt A est en panne", suggestedCategories: [], site: "luminy" });
    expect(routing.category).to.equal("buildings");
    expect(routing.team).to.equal("logistics");
  });

  it("routes on the requester's site first and on a campus named in the message otherwise", () => {
    expect(routeTicket(config, { text: "badge", suggestedCategories: [], site: "timone" }).site).to.equal("timone");
    expect(routeTicket(config, { text: "J'ai besoin d'un accès voiture au campus St-Charles", suggestedCategories: [], site: null }).site)
      .to.equal("st-charles");
  });

  it("raises the priority on the configured words", () => {
    expect(routeTicket(config, { text: "URGENT le vpn est bloqué", suggestedCategories: [], site: null }).priority).to.equal("high");
    expect(routeTicket(config, { text: "panne générale du wifi", suggestedCategories: [], site: null }).priority).to.equal("critical");
    expect(routeTicket(config, { text: "le vpn est lent", suggestedCategories: [], site: null }).priority).to.equal("normal");
  });

  it("uses the category's default priority when no word raises it", () => {
    expect(routeTicket(config, { text: "mon badge ne marche plus", suggestedCategories: [], site: null }).priority).to.equal("high");
  });

  it("tells a service request from an incident", () => {
    expect(inferKind(foldText("Il me faut une liste de diffusion mail"))).to.equal("request");
    expect(inferKind(foldText("I need a new account for an intern"))).to.equal("request");
    expect(inferKind(foldText("Je n'accède plus au logiciel SIFAC, erreur au démarrage"))).to.equal("incident");
  });

  it("follows routing rules in order, with sites", () => {
    const custom = {
      ...config,
      routing: [
        { team: "logistics", sites: ["timone"], categories: undefined },
        { team: "desk", categories: ["network"], sites: undefined },
      ],
    };
    expect(routeTicket(custom, { text: "wifi", suggestedCategories: [], site: "timone" }).team).to.equal("logistics");
    expect(routeTicket(custom, { text: "wifi", suggestedCategories: [], site: "luminy" }).team).to.equal("desk");
  });
});
