import { expect } from "chai";
import { checkTransition, reopenedStatus, TRANSITIONS } from "../../../src/core/tickets/ticket-lifecycle";

describe("ticket lifecycle", () => {
  it("lets only the bot acknowledge a new ticket", () => {
    expect(checkTransition("acknowledge", "new", "system")).to.deep.equal({ ok: true, to: "acknowledged" });
    expect(checkTransition("acknowledge", "new", "agent")).to.deep.equal({ ok: false, reason: "role" });
  });

  it("lets agents and managers claim, never requesters or experts", () => {
    expect(checkTransition("claim", "acknowledged", "agent")).to.deep.equal({ ok: true, to: "in_progress" });
    expect(checkTransition("claim", "acknowledged", "manager").ok).to.equal(true);
    expect(checkTransition("claim", "acknowledged", "requester")).to.deep.equal({ ok: false, reason: "role" });
    expect(checkTransition("claim", "acknowledged", "expert")).to.deep.equal({ ok: false, reason: "role" });
  });

  it("refuses to claim a ticket that is already in progress", () => {
    expect(checkTransition("claim", "in_progress", "agent")).to.deep.equal({ ok: false, reason: "status" });
  });

  it("sends an escalated ticket back to level 1 only through take back or resolve", () => {
    expect(checkTransition("take_back", "escalated", "agent")).to.deep.equal({ ok: true, to: "in_progress" });
    expect(checkTransition("resolve", "escalated", "agent")).to.deep.equal({ ok: true, to: "resolved" });
    expect(checkTransition("escalate", "escalated", "agent")).to.deep.equal({ ok: false, reason: "status" });
  });

  it("resumes a ticket waiting for its requester when the requester answers", () => {
    expect(checkTransition("requester_replied", "waiting_requester", "requester")).to.deep.equal({ ok: true, to: "in_progress" });
  });

  it("closes only resolved tickets, by the requester, the desk or the auto-close job", () => {
    for (const actor of ["requester", "agent", "manager", "system"] as const) {
      expect(checkTransition("close", "resolved", actor)).to.deep.equal({ ok: true, to: "closed" });
    }
    expect(checkTransition("close", "in_progress", "agent")).to.deep.equal({ ok: false, reason: "status" });
    expect(checkTransition("close", "resolved", "expert")).to.deep.equal({ ok: false, reason: "role" });
  });

  it("reopens resolved and closed tickets, to the assignee when there is one", () => {
    expect(checkTransition("reopen", "resolved", "requester").ok).to.equal(true);
    expect(checkTransition("reopen", "closed", "agent").ok).to.equal(true);
    expect(checkTransition("reopen", "in_progress", "agent")).to.deep.equal({ ok: false, reason: "status" });
    expect(reopenedStatus(7)).to.equal("in_progress");
    expect(reopenedStatus(null)).to.equal("acknowledged");
  });

  it("never lets an expert move a ticket: level 2 works through level 1", () => {
    const moves = Object.keys(TRANSITIONS) as Array<keyof typeof TRANSITIONS>;
    for (const move of moves) {
      for (const status of TRANSITIONS[move].from) {
        expect(checkTransition(move, status, "expert").ok, `${move} from ${status}`).to.equal(false);
      }
    }
  });
});
