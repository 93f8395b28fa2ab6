import { expect } from "chai";
import { Ticket } from "../../../src/store/entities/Ticket";
import { button, inputIdsOf, verbsOf } from "./support/card-reading";
import { cardOf, cardText, type RecordedCard } from "./support/fake-connector";
import { installActivity, personalChatOf } from "./support/teams-activities";
import { CHANNELS, openTeamsTestDesk, type TeamsTestDesk } from "./support/teams-test-desk";

describe("Teams channel: service requests as Adaptive Card forms", () => {
  let t: TeamsTestDesk;
  beforeEach(async () => {
    t = await openTeamsTestDesk();
    await t.post(installActivity(t.user("bruno"), { channel: CHANNELS.general }, { serviceUrl: t.connector.serviceUrl }));
  });
  afterEach(async () => t.close());

  /** Alice types "new", picks the mailing-list request and gets its form in place of the catalogue card. */
  async function openMailingListForm(): Promise<{ form: RecordedCard; replyToId: string }> {
    const alice = t.chat("alice");
    const chat = personalChatOf(t.user("alice"));
    await t.say("alice", alice, "new");
    const catalogue = t.connector.lastCard(chat);
    const replyToId = t.connector.postsIn(chat).at(-1)!.resultId!;
    const answer = await t.press("alice", alice, button(catalogue, "request.start", "mailing-list"), { replyToId });
    return { form: answer.value as RecordedCard, replyToId };
  }

  it("shows the catalogue as buttons and a request type's fields as card inputs", async () => {
    const { form } = await openMailingListForm();
    expect(cardText(form)).to.include("Création d'une liste de diffusion");
    expect(inputIdsOf(form)).to.deep.equal(["field.name", "field.owner", "field.audience"]);
    const name = form.body.find((e) => e.id === "field.name")!;
    expect(name).to.include({ type: "Input.Text", isRequired: true, regex: "^[a-z0-9.-]+$" });
    const audience = form.body.find((e) => e.id === "field.audience")!;
    expect(audience.type).to.equal("Input.ChoiceSet");
    expect(verbsOf(form)).to.deep.equal(["form.submit", "form.cancel"]);
  });

  it("shows the desk's errors under the fields, with the answers kept, and opens no ticket", async () => {
    const { form, replyToId } = await openMailingListForm();
    const answer = await t.press("alice", t.chat("alice"), button(form, "form.submit"), {
      replyToId,
      inputs: { "field.name": "Liste Labo!", "field.owner": "pas-une-adresse", "field.audience": "staff" },
    });
    const again = answer.value as RecordedCard;
    expect(cardText(again)).to.include("Format attendu : minuscules, chiffres, points et tirets.");
    expect(cardText(again)).to.include("Écrivez une adresse électronique valide.");
    expect(again.body.find((e) => e.id === "field.name")).to.include({ value: "Liste Labo!" });
    expect(again.body.find((e) => e.id === "field.audience")).to.include({ value: "staff" });
    expect(await t.guichet.store.manager.count(Ticket)).to.equal(0);
  });

  it("opens the request with its answers, shows what was sent and acknowledges it in the chat", async () => {
    const { form, replyToId } = await openMailingListForm();
    const answer = await t.press("alice", t.chat("alice"), button(form, "form.submit"), {
      replyToId,
      inputs: { "field.name": "labo-geo", "field.owner": "alice.martin@univ-exemple.fr", "field.audience": "staff" },
    });
    expect(cardText(answer.value)).to.include("✓ Création d'une liste de diffusion");
    expect(cardText(answer.value)).to.include("Personnels");
    expect(verbsOf(answer.value)).to.deep.equal([]);
    const ticket = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {} });
    expect(ticket).to.include({ kind: "request", requestType: "mailing-list", category: "email" });
    expect(ticket.fields).to.deep.equal({ name: "labo-geo", owner: "alice.martin@univ-exemple.fr", audience: "staff" });
    expect(cardText(t.connector.lastCard(personalChatOf(t.user("alice"))))).to.include(`Ticket n°${ticket.id} ouvert`);
    const triage = t.connector.calls.find((c) => c.kind === "create" && c.channelId === CHANNELS.triageDesk)!;
    expect(cardText(cardOf(triage))).to.include("labo-geo");
  });

  it("answers a typed request name with its form at once", async () => {
    await t.say("alice", t.chat("alice"), "new software-install");
    const reply = t.connector.postsIn(personalChatOf(t.user("alice"))).at(-1)!;
    expect(reply.kind).to.equal("reply");
    expect(inputIdsOf(cardOf(reply))).to.deep.equal(["field.software", "field.serial", "field.licence"]);
  });

  it("gives the catalogue card back when the form is cancelled", async () => {
    const { form, replyToId } = await openMailingListForm();
    const answer = await t.press("alice", t.chat("alice"), button(form, "form.cancel"), { replyToId });
    expect(verbsOf(answer.value)).to.include("request.start");
  });
});
