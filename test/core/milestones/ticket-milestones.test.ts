import { expect } from "chai";
import type { Lang } from "../../../src/core/knowledge/article";
import { milestoneLines } from "../../../src/core/milestones/milestone-lines";
import { ticketMilestones, type MilestoneTicket } from "../../../src/core/milestones/ticket-milestones";
import { BusinessCalendar } from "../../../src/core/sla/business-calendar";
import { paris } from "../sla/calendar-fixtures";
import { deskConfig, office, slaTicket } from "../sla/sla-fixtures";

/** The card's lines for the fixture ticket (opened Tuesday 24 November 2026 at 10:00, see sla-fixtures.ts) at a Paris time. */
function lines(
  local: string,
  changes: Partial<MilestoneTicket> = {},
  options: { lang?: Lang; owner?: string | null; asked?: boolean; calendar?: BusinessCalendar } = {},
) {
  const now = paris(local);
  const calendar = options.calendar ?? office;
  const ticket = { ...slaTicket(changes), approval: "none", ...changes } as MilestoneTicket;
  const found = ticketMilestones(deskConfig, calendar, ticket, now);
  return milestoneLines(deskConfig, calendar, found, now, options.lang ?? "fr", { owner: options.owner ?? null, asked: options.asked ?? false });
}

const said = (view: ReturnType<typeof lines>) => view.lines.map((l) => `${l.state} ${l.text}`);

describe("the milestones of a ticket", () => {
  it("show each commitment of the plan as a line: met with its time, ahead with its deadline and the working time left", () => {
    expect(said(lines("2026-11-24T11:00"))).to.deep.equal([
      "done Accusé de réception envoyé mardi 24 novembre à 10:00",
      "due Prise en charge : dans 14 h ouvrées, au plus tard jeudi 26 novembre à 10:00",
      "due Première réponse : dans 3 h ouvrées, au plus tard mardi 24 novembre à 15:30",
      "due Résolution : dans 21 h 30 ouvrées, au plus tard vendredi 27 novembre à 10:00",
    ]);
  });

  it("say the same in English", () => {
    expect(said(lines("2026-11-24T11:20", {}, { lang: "en" }))).to.deep.equal([
      "done Acknowledged Tuesday 24 November at 10:00",
      "due Taking in charge: due in 13 h 40 working, by Thursday 26 November at 10:00",
      "due First answer: due in 2 h 40 working, by Tuesday 24 November at 15:30",
      "due Resolution: due in 21 h 10 working, by Friday 27 November at 10:00",
    ]);
  });

  it("name who took the ticket in charge, and when", () => {
    const view = lines("2026-11-24T11:00", { takenAt: paris("2026-11-24T10:30"), assigneeId: 2, status: "in_progress" }, { owner: "Bruno Agent", lang: "en" });
    expect(view.lines[1]).to.deep.equal({ state: "done", text: "Taken in charge by Bruno Agent Tuesday 24 November at 10:30" });
  });

  it("turn a commitment near once the reminder's share of its target is used, as the sweep's reminder does", () => {
    expect(lines("2026-11-24T14:29").lines[2].state).to.equal("due");
    expect(lines("2026-11-24T14:30").lines[2]).to.deep.equal({
      state: "near",
      text: "Première réponse : dans 1 h ouvrée, au plus tard mardi 24 novembre à 15:30",
    });
  });

  it("mark a missed commitment overdue by its working lateness, never as a date in the past", () => {
    // Due Tuesday 15:30; by Wednesday 10:30: 15:30–17:30 and 08:30–10:30.
    expect(lines("2026-11-25T10:30").lines[2]).to.deep.equal({
      state: "overdue",
      text: "Première réponse : en retard de 4 h ouvrées (échéance mardi 24 novembre à 15:30)",
    });
    expect(lines("2026-11-25T10:30", {}, { lang: "en" }).lines[2].text).to.equal("First answer: overdue by 4 working hours (was due Tuesday 24 November at 15:30)");
  });

  it("say how late a commitment met after its deadline was", () => {
    const view = lines("2026-11-25T11:00", { firstAnswerAt: paris("2026-11-25T09:30"), status: "in_progress" });
    expect(view.lines[2]).to.deep.equal({ state: "done", text: "Première réponse donnée mercredi 25 novembre à 09:30 (3 h ouvrées après l’échéance)" });
  });

  it("say why and since when a clock is paused: waiting for the requester", () => {
    const view = lines("2026-11-24T15:00", { status: "waiting_requester", waitingSince: paris("2026-11-24T14:05"), firstAnswerAt: paris("2026-11-24T14:05") });
    expect(view.lines[3]).to.deep.equal({ state: "paused", text: "Résolution : en pause, en attente du demandeur depuis mardi 24 novembre à 14:05" });
    expect(lines("2026-11-24T15:00", { status: "waiting_requester", waitingSince: paris("2026-11-24T14:05") }, { lang: "en" }).lines[3].text).to.equal(
      "Resolution: paused, waiting for the requester since Tuesday 24 November at 14:05",
    );
  });

  it("say that a request waits for a manager's approval", () => {
    expect(lines("2026-11-24T11:00", { approval: "pending" }).lines.at(-1)).to.deep.equal({
      state: "paused",
      text: "En pause : en attente de la validation d’un responsable",
    });
  });

  it("say when the service reopens to someone who asks at night; a post says when it was drawn instead", () => {
    const asked = lines("2026-11-24T19:00", {}, { asked: true });
    expect(asked.lines.at(-1)).to.deep.equal({ state: "paused", text: "En pause : service fermé jusqu’au mercredi 25 novembre à 08:30" });
    expect(asked.asOf).to.equal(undefined);
    const posted = lines("2026-11-24T19:00");
    expect(posted.lines.map((l) => l.text).filter((text) => text.includes("fermé"))).to.deep.equal([]);
    expect(posted.asOf).to.equal("État au mardi 24 novembre à 19:00");
  });

  it("name the closure that falls before a deadline, with its dates", () => {
    const view = lines("2026-12-23T10:00", { createdAt: paris("2026-12-23T09:00"), acknowledgedAt: paris("2026-12-23T09:00") }, {
      lang: "en",
      calendar: new BusinessCalendar(deskConfig.calendar),
    });
    expect(view.lines.at(-1)).to.deep.equal({ state: "paused", text: "Service closed from Thursday 24 December to Friday 1 January: the deadlines allow for it" });
    expect(view.lines[3].text).to.equal("Resolution: due in 21 h 30 working, by Wednesday 6 January at 09:00");
  });

  it("leave out the commitments a merged ticket will never meet", () => {
    const view = lines("2026-11-24T11:00", { status: "closed", closedAt: paris("2026-11-24T10:45") });
    expect(said(view)).to.deep.equal(["done Accusé de réception envoyé mardi 24 novembre à 10:00"]);
  });
});
