import { expect } from "chai";
import { loadDeskConfig } from "../../../src/config/desk-config";
import { texts } from "../../../src/core/messages/texts";
import { postReviewExtraction } from "../../../src/core/reports/review-extraction";
import { OPEN_EXPORT_COLUMNS } from "../../../src/core/reports/tickets-export";
import type { MessageView } from "../../../src/core/messages/message-view";
import { Ticket } from "../../../src/store/entities/Ticket";
import { ticketButton } from "../../support/desk-scenarios";
import { bruno, dmOf, openTestDesk, persona, type TestDesk } from "../../support/test-desk";
import { paris } from "../sla/calendar-fixtures";

/** The run of the shipped configuration's extraction: Monday 30 November 2026, 07:30 in Paris. */
const RUN = paris("2026-11-30T07:30");

/** A requester new to the desk opens a ticket at `local` (Paris time). */
async function ticketAt(t: TestDesk, login: string, local: string): Promise<Ticket> {
  t.clock.now = paris(local);
  const requester = persona(login);
  await t.desk.receiveMessage({ sender: requester, place: dmOf(login), text: "j'ai oublié mon mot de passe et je ne peux plus me connecter" });
  await t.flush();
  await t.desk.pressButton({ sender: requester, ...ticketButton(t, `dm:${login}`) });
  await t.flush();
  return t.guichet.store.manager.findOneOrFail(Ticket, { where: {}, order: { id: "DESC" } });
}

async function resolveAt(t: TestDesk, ticket: Ticket, local: string): Promise<void> {
  t.clock.now = paris(local);
  await t.desk.submitForm({ sender: bruno, form: "resolve", context: String(ticket.id), values: { resolution: "fait" }, place: dmOf("bruno") });
}

/** The extraction's message in the management place, and its CSV's rows (header first, BOM off). */
async function posted(t: TestDesk): Promise<{ view: MessageView; rows: string[][] }> {
  await t.flush();
  const views = t.sender.viewsIn("management");
  expect(views, "one message in the management place").to.have.length(1);
  const [file] = views[0].files ?? [];
  const csv = (await t.guichet.files.read(file.token))?.data.toString("utf8") ?? "";
  expect(csv.startsWith("\ufeff"), "a byte-order mark for spreadsheets").to.equal(true);
  return { view: views[0], rows: csv.slice(1).split("\r\n").filter((line) => line !== "").map((line) => line.split(",")) };
}

describe("review-meeting extraction", () => {
  let t: TestDesk;
  afterEach(async () => t.close());

  it("takes the tickets open at its run from the audit log: a resolved one left out, a reopened one in, a later one out", async () => {
    t = await openTestDesk();
    const old = await ticketAt(t, "ana", "2026-11-24T10:00");
    const resolved = await ticketAt(t, "basile", "2026-11-25T09:00");
    const reopened = await ticketAt(t, "chloe", "2026-11-25T10:00");
    await resolveAt(t, resolved, "2026-11-26T10:00");
    await resolveAt(t, reopened, "2026-11-26T11:00");
    t.clock.now = paris("2026-11-27T09:00");
    await t.desk.pressButton({ sender: persona("chloe"), action: "ticket.reopen", value: String(reopened.id) });
    // Opened after the run, before the job got to it.
    const later = await ticketAt(t, "denis", "2026-11-30T07:45");
    t.sender.clear();

    t.clock.now = paris("2026-11-30T07:50");
    expect(await postReviewExtraction(t.guichet.desk.ctx, RUN)).to.deep.equal({ open: 2, blocking: 0 });
    const { view, rows } = await posted(t);
    expect(rows[0]).to.deep.equal([...OPEN_EXPORT_COLUMNS]);
    const id = OPEN_EXPORT_COLUMNS.indexOf("id");
    expect(rows.slice(1).map((row) => Number(row[id]))).to.deep.equal([old.id, reopened.id]);
    expect(rows.slice(1).map((row) => row[0])).to.deep.equal(["2026-11-30T07:30:00+01:00", "2026-11-30T07:30:00+01:00"]);
    expect(view.text?.split("\n")[0]).to.equal("2 tickets ouverts, dont 0 bloquant ; le plus ancien a 5,9 jours.");
    expect(view.text).to.not.contain(`n°${resolved.id} `).and.to.not.contain(`n°${later.id} `);
  });

  it("names the blocking tickets first, then the oldest, ten at most, while the CSV has them all", async () => {
    t = await openTestDesk();
    const oldest: Ticket[] = [];
    for (let i = 0; i < 11; i++) oldest.push(await ticketAt(t, `req-${i}`, `2026-11-24T10:${String(i).padStart(2, "0")}`));
    const blocking = await ticketAt(t, "blocked", "2026-11-27T14:00");
    await t.desk.pressButton({ sender: bruno, action: "ticket.blocking", value: `${blocking.id}:on` });
    t.sender.clear();

    t.clock.now = RUN;
    expect(await postReviewExtraction(t.guichet.desk.ctx, RUN)).to.deep.equal({ open: 12, blocking: 1 });
    const { view, rows } = await posted(t);
    expect(view.title).to.equal("📋 Tickets ouverts le lundi 30 novembre 2026 à 07:30, pour la revue");
    expect(view.text?.split("\n")).to.deep.equal([
      "12 tickets ouverts, dont 1 bloquant ; le plus ancien a 5,9 jours.",
      "Les bloquants, puis les plus anciens :",
      `• n°${blocking.id} · ${blocking.title} — 2,7 j, bloquant`,
      ...oldest.slice(0, 9).map((ticket) => `• n°${ticket.id} · ${ticket.title} — 5,9 j`),
    ]);
    expect(rows).to.have.length(1 + 12);
    const flag = OPEN_EXPORT_COLUMNS.indexOf("blocking");
    const id = OPEN_EXPORT_COLUMNS.indexOf("id");
    expect(rows.slice(1).filter((row) => row[flag] === "1").map((row) => Number(row[id]))).to.deep.equal([blocking.id]);
  });

  it("speaks the desk's language: English names, English file name, English decimals", async () => {
    const config = loadDeskConfig();
    t = await openTestDesk({ config: { ...config, desk: { ...config.desk, defaultLocale: "en" } } });
    const ticket = await ticketAt(t, "ana", "2026-11-24T10:00");
    await t.desk.pressButton({ sender: bruno, action: "ticket.blocking", value: `${ticket.id}:on` });
    t.sender.clear();

    t.clock.now = RUN;
    await postReviewExtraction(t.guichet.desk.ctx, RUN);
    const { view } = await posted(t);
    expect(view.title).to.equal("📋 Tickets open on Monday 30 November 2026 at 07:30, for the review meeting");
    expect(view.text?.split("\n")).to.deep.equal([
      "1 open ticket, 1 of them blocking; the oldest is 5.9 days old.",
      "Blocking ones first, then the oldest:",
      `• #${ticket.id} · ${ticket.title} — 5.9 d, blocking`,
    ]);
    expect(view.files?.[0]).to.deep.include({ name: "open-tickets-2026-11-30.csv", contentType: "text/csv" });
  });

  it("gives the oldest ticket's age in the singular below two days in French", async () => {
    t = await openTestDesk();
    await ticketAt(t, "ana", "2026-11-28T19:30");
    t.sender.clear();
    t.clock.now = RUN;
    await postReviewExtraction(t.guichet.desk.ctx, RUN);
    expect((await posted(t)).view.text?.split("\n")[0]).to.equal("1 ticket ouvert, dont 0 bloquant ; le plus ancien a 1,5 jour.");
    expect([texts("fr").days(2), texts("fr").days(0.04), texts("en").days(1), texts("en").days(1.5)]).to.deep.equal(["2 jours", "0 jour", "1 day", "1.5 days"]);
  });

  it("says there is no open ticket, and still gives the CSV's header", async () => {
    t = await openTestDesk();
    t.clock.now = RUN;
    expect(await postReviewExtraction(t.guichet.desk.ctx, RUN)).to.deep.equal({ open: 0, blocking: 0 });
    const { view, rows } = await posted(t);
    expect(view.text).to.equal("Aucun ticket ouvert.");
    expect(rows).to.deep.equal([[...OPEN_EXPORT_COLUMNS]]);
  });
});
