import { expect } from "chai";
import { autoCloseKey, escalationKey, nextSlaDeadline, planSla, slaNoticeKey, type SlaPlan } from "../../../src/core/sla/sla-plan";
import type { SlaTicket } from "../../../src/core/sla/sla-clock";
import { inParis, paris } from "./calendar-fixtures";
import { office, policyOf, slaTicket } from "./sla-fixtures";

function plan(ticket: SlaTicket, now: string, sent: string[] = []): SlaPlan {
  return planSla(office, policyOf(ticket), ticket, new Set(sent), paris(now));
}

/** The due steps as "kind metric at", readable in a failed expectation. */
const due = (p: SlaPlan) => p.due.map((s) => `${s.kind} ${s.metric ?? "-"} ${inParis(s.at)}`);
const next = (p: SlaPlan) => (p.next ? inParis(p.next) : null);

describe("SLA plan", () => {
  describe("a new ticket", () => {
    it("looks next at the first-answer reminder, three working hours after opening", () => {
      const p = plan(slaTicket(), "2026-11-24T10:00");
      expect(p.due).to.deep.equal([]);
      expect(next(p)).to.equal("Tue 2026-11-24 14:30 +01:00");
    });

    it("owes the reminder at 75 % of the target and then looks at the breach", () => {
      const p = plan(slaTicket(), "2026-11-24T14:30");
      expect(due(p)).to.deep.equal(["reminder first_answer Tue 2026-11-24 14:30 +01:00"]);
      const after = plan(slaTicket(), "2026-11-24T14:30", [slaNoticeKey(7, "first_answer", "reminder")]);
      expect(after.due).to.deep.equal([]);
      expect(next(after)).to.equal("Tue 2026-11-24 15:30 +01:00");
    });

    it("owes the breach at the target and never a late reminder once the target is missed", () => {
      const p = plan(slaTicket(), "2026-11-24T16:00");
      expect(due(p)).to.deep.equal(["breach first_answer Tue 2026-11-24 15:30 +01:00"]);
    });

    it("owes everything that fell due while no sweep ran, oldest first", () => {
      const p = plan(slaTicket(), "2026-11-25T15:15");
      expect(due(p)).to.deep.equal([
        "breach first_answer Tue 2026-11-24 15:30 +01:00",
        "escalate - Wed 2026-11-25 10:00 +01:00",
        "reminder take_in_charge Wed 2026-11-25 15:15 +01:00",
      ]);
    });

    it("counts take in charge in standard working days: its breach falls on Thursday 10:00", () => {
      const sent = [slaNoticeKey(7, "first_answer", "breach"), escalationKey(7), slaNoticeKey(7, "take_in_charge", "reminder")];
      expect(next(plan(slaTicket({ level: 2, escalatedAt: paris("2026-11-25T10:00"), status: "escalated" }), "2026-11-25T16:00", sent))).to.equal(
        "Thu 2026-11-26 10:00 +01:00",
      );
    });
  });

  describe("each transition", () => {
    it("stops the take-in-charge clock at the claim", () => {
      const claimed = slaTicket({ status: "in_progress", assigneeId: 3, takenAt: paris("2026-11-24T10:30") });
      expect(due(plan(claimed, "2026-11-26T10:00")).filter((s) => s.includes("take_in_charge"))).to.deep.equal([]);
    });

    it("stops the first-answer clock at the agent's first public reply", () => {
      const answered = slaTicket({ status: "in_progress", assigneeId: 3, takenAt: paris("2026-11-24T10:30"), firstAnswerAt: paris("2026-11-24T11:00") });
      expect(next(plan(answered, "2026-11-24T11:00"))).to.equal("Wed 2026-11-25 10:00 +01:00");
    });

    it("no longer plans the automatic escalation once the ticket is at level 2", () => {
      const escalated = slaTicket({
        status: "escalated", level: 2, escalatedAt: paris("2026-11-24T11:00"), takenAt: paris("2026-11-24T11:00"), firstAnswerAt: paris("2026-11-24T11:00"),
      });
      const p = plan(escalated, "2026-11-25T10:30");
      expect(due(p)).to.deep.equal([]);
      expect(next(p)).to.equal("Thu 2026-11-26 11:52 +01:00");
    });

    it("stops every target at the resolution and plans the automatic closing five working days later", () => {
      const resolved = slaTicket({
        status: "resolved", assigneeId: 3, takenAt: paris("2026-11-24T10:30"), firstAnswerAt: paris("2026-11-24T11:00"), resolvedAt: paris("2026-11-24T11:00"),
      });
      const p = plan(resolved, "2026-11-24T11:00");
      // 5 × 450 min from Tuesday 11:00: 300 min that Tuesday, 1 800 from Wednesday to Monday, 150 on Tuesday 1 December.
      expect(next(p)).to.equal("Tue 2026-12-01 11:00 +01:00");
      expect(due(plan(resolved, "2026-12-01T11:00"))).to.deep.equal(["auto_close - Tue 2026-12-01 11:00 +01:00"]);
    });

    it("keys the automatic closing by resolution, so a ticket resolved again can close again", () => {
      const first = autoCloseKey(7, paris("2026-11-24T11:00"));
      const again = slaTicket({ status: "resolved", takenAt: paris("2026-11-24T10:30"), resolvedAt: paris("2026-11-26T09:00") });
      expect(due(plan(again, "2026-12-03T09:00", [first]))).to.deep.equal(["auto_close - Thu 2026-12-03 09:00 +01:00"]);
    });

    it("plans nothing for a ticket closed without being worked (merged or rejected)", () => {
      const merged = slaTicket({ status: "closed", closedAt: paris("2026-11-24T10:15") });
      expect(plan(merged, "2026-11-30T10:00")).to.deep.equal({ due: [], next: null });
    });
  });

  describe("waiting for the requester", () => {
    // Taken at 10:30, answered at 11:00, waiting since 11:00.
    const worked = { status: "in_progress" as const, assigneeId: 3, takenAt: paris("2026-11-24T10:30"), firstAnswerAt: paris("2026-11-24T11:00") };

    it("pauses the resolution clock and the automatic escalation: nothing to look at until the requester answers", () => {
      const waiting = slaTicket({ ...worked, status: "waiting_requester", waitingSince: paris("2026-11-24T11:00") });
      expect(plan(waiting, "2026-11-30T10:00")).to.deep.equal({ due: [], next: null });
    });

    it("does not pause the take-in-charge and first-answer clocks", () => {
      const waiting = slaTicket({ status: "waiting_requester", waitingSince: paris("2026-11-24T11:00") });
      expect(due(plan(waiting, "2026-11-24T16:00"))).to.deep.equal(["breach first_answer Tue 2026-11-24 15:30 +01:00"]);
    });

    it("pushes the escalation and resolution deadlines by the working time spent waiting", () => {
      // Waited Tue 11:00 → Wed 10:00: 60 + 240 + 90 = 390 working minutes.
      const resumed = slaTicket({ ...worked, pausedSeconds: 390 * 60 });
      expect(due(plan(resumed, "2026-11-26T09:00"))).to.deep.equal(["escalate - Thu 2026-11-26 09:00 +01:00"]);
      const escalatedLater = slaTicket({ ...resumed, level: 2, status: "escalated", escalatedAt: paris("2026-11-26T09:00") });
      expect(next(plan(escalatedLater, "2026-11-26T09:00"))).to.equal("Fri 2026-11-27 10:52 +01:00");
      expect(nextSlaDeadline(office, policyOf(escalatedLater), escalatedLater, paris("2026-11-26T09:00"))?.toISOString()).to.equal(
        paris("2026-11-30T09:00").toISOString(),
      );
    });
  });

  describe("the deadline shown on the card", () => {
    it("is the earliest target not yet met", () => {
      expect(inParis(nextSlaDeadline(office, policyOf(slaTicket()), slaTicket(), paris("2026-11-24T10:00")) as Date)).to.equal("Tue 2026-11-24 15:30 +01:00");
    });

    it("is none while every running target is paused", () => {
      const waiting = slaTicket({ status: "waiting_requester", takenAt: paris("2026-11-24T10:30"), firstAnswerAt: paris("2026-11-24T11:00"), waitingSince: paris("2026-11-24T11:00") });
      expect(nextSlaDeadline(office, policyOf(waiting), waiting, paris("2026-11-24T12:00"))).to.equal(null);
    });
  });
});
