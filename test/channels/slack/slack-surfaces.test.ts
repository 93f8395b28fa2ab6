import { expect } from "chai";
import { Ticket } from "../../../src/store/entities/Ticket";
import { blocksText, lastButton, postedTexts } from "./support/recorded-messages";
import { C, dmOf, SlackTestDesk, U } from "./support/slack-test-desk";

describe("Slack channel: slash command, message shortcut, modals and App Home", function () {
  let t: SlackTestDesk;

  beforeEach(async () => {
    t = await SlackTestDesk.open();
  });

  afterEach(async () => {
    await t.close();
  });

  const responses = () => t.api.callsTo("response_url");
  const lastResponse = () => {
    const all = responses();
    return all[all.length - 1];
  };
  const lastHome = (user: string) => {
    const published = t.api.callsTo("views.publish").filter((a) => a.user_id === user);
    return published[published.length - 1];
  };

  describe("/guichet", () => {
    it("acknowledges at once with an empty answer, then answers help privately", async () => {
      const answer = await t.command(U.alice, "help");
      expect(answer.status).to.equal(200);
      expect(answer.body).to.equal("");
      await t.settle();
      expect(lastResponse().response_type).to.equal("ephemeral");
      expect(blocksText(lastResponse().blocks)).to.contain("Commandes");
    });

    it("searches the knowledge base", async () => {
      await t.command(U.ben, "search eduroam");
      await t.settle();
      expect(blocksText(lastResponse().blocks).toLowerCase()).to.contain("eduroam");
    });

    it("lists the requester's tickets", async () => {
      await t.command(U.alice, "status");
      await t.settle();
      expect(String(lastResponse().text)).to.contain("Vos tickets");
    });

    it("opens a service request from the catalogue in a modal, checks its fields, and follows the ticket in the requester's DM", async () => {
      await t.command(U.alice, "new");
      await t.settle();
      const mailingList = lastButton(t.api, "request.start", { value: "mailing-list" });
      expect(mailingList.ephemeral).to.equal(true);
      await t.press(U.alice, { ...mailingList, channel: C.general });
      await t.settle();
      const modal = t.openedView();
      expect(modal.blocks.filter((b) => b.type === "input").map((b) => b.block_id)).to.deep.equal(["name", "owner", "audience"]);

      const invalid = await t.submit(U.alice, modal, { name: "Liste Du Labo!", owner: "alice@univ-exemple.fr", audience: "staff" });
      const errors = JSON.parse(invalid.body) as { response_action: string; errors: Record<string, string> };
      expect(errors.response_action).to.equal("errors");
      expect(Object.keys(errors.errors)).to.deep.equal(["name"]);
      expect(await t.guichet.store.manager.count(Ticket)).to.equal(0);

      const valid = await t.submit(U.alice, modal, { name: "labo-geo", owner: "alice@univ-exemple.fr", audience: "staff" });
      expect(valid.body).to.equal("");
      await t.settle();
      const ticket = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} });
      expect(ticket.requestType).to.equal("mailing-list");
      expect(ticket.fields).to.deep.include({ name: "labo-geo" });
      expect(t.api.callsTo("conversations.open").map((a) => a.users)).to.deep.equal([U.alice]);
      const [receipt] = t.api.posts(dmOf(U.alice));
      expect(blocksText(receipt.blocks)).to.contain(`Ticket n°${ticket.id} ouvert`);
      expect(postedTexts(t.api, C.triage).join("\n")).to.contain("labo-geo");
      // Later messages about the ticket go under the receipt.
      await t.press(U.bruno, lastButton(t.api, "ticket.claim", { channel: C.triage }));
      await t.settle();
      const receiptTs = String(t.api.calls.find((c) => c.method === "chat.postMessage" && c.args.channel === dmOf(U.alice))?.result?.ts);
      expect(postedTexts(t.api, dmOf(U.alice), receiptTs).join("\n")).to.contain("Bruno Agent a pris en charge");
    });

    it("opens the modal of a named request type directly", async () => {
      await t.command(U.alice, "new guest-wifi");
      await t.settle();
      const modal = t.openedView();
      expect(modal.blocks.map((b) => (b.element as { type?: string } | undefined)?.type)).to.include.members(["datepicker", "number_input"]);
    });
  });

  it("offers the form of a request named in a DM with a button, since a message cannot open a modal", async () => {
    await t.dm(U.alice, "new software-install");
    await t.settle();
    const launcher = lastButton(t.api, "request.start", { value: "software-install" });
    expect(launcher.ephemeral).to.equal(true);
    await t.press(U.alice, launcher);
    await t.settle();
    expect(t.openedView().blocks.map((b) => b.block_id)).to.include("serial");
  });

  it("creates a ticket from a message with the shortcut, its text already in the form", async () => {
    const answer = await t.shortcut(U.alice, { user: U.ben, text: "L'imprimante du 2e étage affiche &lt;b&gt;erreur 49&lt;/b&gt; &amp; ne sort plus rien" });
    expect(answer.status).to.equal(200);
    await t.settle();
    const modal = t.openedView();
    const description = modal.blocks.find((b) => b.block_id === "description")?.element as { initial_value?: string };
    expect(description.initial_value).to.equal("L'imprimante du 2e étage affiche <b>erreur 49</b> & ne sort plus rien");
    await t.submit(U.alice, modal, { description: String(description.initial_value) });
    await t.settle();
    const ticket = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} });
    expect(ticket.description).to.contain("erreur 49");
    expect(postedTexts(t.api, dmOf(U.alice)).join("\n")).to.contain(`Ticket n°${ticket.id} ouvert`);
    expect(postedTexts(t.api, C.triage).join("\n")).to.contain("&lt;b&gt;erreur 49&lt;/b&gt;");
  });

  describe("App Home", () => {
    async function ticketFor(user: string, text: string): Promise<Ticket> {
      await t.shortcut(user, { user, text });
      await t.settle();
      await t.submit(user, t.openedView(), { description: text });
      await t.settle();
      return t.guichet.store.manager.findOneOrFail(Ticket, { where: {}, order: { id: "DESC" } });
    }

    it("shows a requester their open tickets", async () => {
      const ticket = await ticketFor(U.alice, "Mon écran reste noir au démarrage");
      await t.event({ type: "app_home_opened", user: U.alice, channel: dmOf(U.alice), tab: "home", event_ts: t.nextTs() });
      await t.settle();
      const home = blocksText((lastHome(U.alice).view as { blocks: unknown }).blocks);
      expect(home).to.contain("Vos tickets ouverts");
      expect(home).to.contain(`#${ticket.id} · Mon écran reste noir au démarrage`);
      expect(home).not.to.contain("File d'attente");
    });

    it("shows an agent the queue, lets them claim from it, and redraws it", async () => {
      const first = await ticketFor(U.alice, "Mon écran reste noir au démarrage");
      const second = await ticketFor(U.ben, "The projector in room B12 shows no picture");
      // The SLA planner stores each ticket's next deadline; the nearest comes first.
      await t.guichet.store.manager.update(Ticket, { id: first.id }, { slaDueAt: new Date("2026-11-24T15:00:00Z") });
      await t.guichet.store.manager.update(Ticket, { id: second.id }, { slaDueAt: new Date("2026-11-24T11:00:00Z") });

      await t.event({ type: "app_home_opened", user: U.bruno, channel: dmOf(U.bruno), tab: "home", event_ts: t.nextTs() });
      await t.settle();
      const home = blocksText((lastHome(U.bruno).view as { blocks: unknown }).blocks);
      expect(home).to.contain("File d'attente : tickets non attribués");
      const breaching = home.slice(home.indexOf("Échéances les plus proches"));
      expect(breaching.indexOf(`#${second.id}`)).to.be.lessThan(breaching.indexOf(`#${first.id}`));

      await t.press(U.bruno, lastButton(t.api, "ticket.claim", { home: true, value: String(first.id) }));
      await t.settle();
      expect((await t.guichet.store.manager.findOneByOrFail(Ticket, { id: first.id })).assigneeId).to.not.equal(null);
      const redrawn = blocksText((lastHome(U.bruno).view as { blocks: unknown }).blocks);
      const mine = redrawn.slice(redrawn.indexOf("Mes tickets"), redrawn.indexOf("Échéances"));
      expect(mine).to.contain(`#${first.id}`);
      // The triage card follows.
      expect(t.api.callsTo("chat.update").some((u) => JSON.stringify(u.blocks).includes("Bruno Agent"))).to.equal(true);
    });

    it("shows a refusal at the top of the page when a button pressed there is refused", async () => {
      const ticket = await ticketFor(U.alice, "Mon écran reste noir au démarrage");
      await t.event({ type: "app_home_opened", user: U.bruno, tab: "home", event_ts: t.nextTs() });
      await t.settle();
      const claim = lastButton(t.api, "ticket.claim", { home: true, value: String(ticket.id) });
      await t.press(U.lea, claim);
      await t.settle();
      await t.press(U.bruno, claim);
      await t.settle();
      expect(blocksText((lastHome(U.bruno).view as { blocks: unknown }).blocks)).to.contain("déjà pris en charge par Lea Support");
    });
  });
});
