import { expect } from "chai";
import type { ActionOutcome } from "../../../src/core/messages/message-view";
import { reload } from "../../support/desk-scenarios";
import { emptyPostgres } from "../../support/test-store";
import { alice, dmOf, marie, openTestDesk, type TestDesk } from "../../support/test-desk";
import { claimAndResolve, fabien, hugo, ines, openArrival, pendingApprovalValue, stepsOf, submitArrival, subRequestsOf } from "../../support/workflow-scenarios";

/**
 * What teams and the requester do at the same moment on one workflow request, on both databases. On PostgreSQL the
 * transactions really overlap; each race is played several times (RACE_TRIES, default 15).
 */
const TRIES = Number(process.env.RACE_TRIES ?? 15);

const databases = [
  { name: "SQLite", options: {} },
  ...(process.env.TEST_DATABASE_URL ? [{ name: "PostgreSQL", options: { databaseUrl: process.env.TEST_DATABASE_URL } }] : []),
];

for (const db of databases) {
  describe(`workflow requests changed at the same moment on ${db.name}`, function () {
    this.timeout(180_000);
    let t: TestDesk;
    beforeEach(async () => {
      if (db.options.databaseUrl) await emptyPostgres(db.options.databaseUrl);
      t = await openTestDesk(db.options);
    });
    afterEach(async () => t.close());

    const resolve = (agent: typeof ines, id: number, text: string): Promise<ActionOutcome> =>
      t.desk.submitForm({ sender: agent, form: "resolve", context: String(id), values: { resolution: text }, place: dmOf(agent.id) });

    it("resolves the request once when its last two sub-requests are resolved at once", async () => {
      for (let i = 0; i < TRIES; i++) {
        const { parent, subRequests } = await openArrival(t);
        await claimAndResolve(t, ines, subRequests[0].id, "Compte créé.");
        for (const [agent, child] of [[hugo, subRequests[1]], [fabien, subRequests[2]]] as const) {
          await t.desk.pressButton({ sender: agent, action: "ticket.claim", value: String(child.id) });
        }
        t.sender.clear();
        const outcomes = await Promise.all([resolve(hugo, subRequests[1].id, "PC prêt."), resolve(fabien, subRequests[2].id, "Badge prêt.")]);
        await t.flush();
        expect(outcomes, `try ${i}`).to.deep.equal([{ kind: "done" }, { kind: "done" }]);
        expect((await reload(t, parent.id)).status, `try ${i}`).to.equal("resolved");
        expect((await stepsOf(t, parent.id)).map((s) => s.state), `try ${i}`).to.deep.equal(["approved", "done", "done", "done"]);
        const completed = t.sender.viewsIn("dm:alice").filter((v) => v.title === `Demande n°${parent.id} terminée`);
        expect(completed, `try ${i}`).to.have.length(1);
      }
    });

    it("either cancels the request or resolves its last step when both happen at once, never half of each", async () => {
      for (let i = 0; i < TRIES; i++) {
        const { parent, subRequests } = await openArrival(t);
        await claimAndResolve(t, ines, subRequests[0].id, "Compte créé.");
        await claimAndResolve(t, hugo, subRequests[1].id, "PC prêt.");
        await t.desk.pressButton({ sender: fabien, action: "ticket.claim", value: String(subRequests[2].id) });
        const [cancelled, resolved] = await Promise.all([
          t.desk.pressButton({ sender: alice, action: "request.cancel", value: String(parent.id) }),
          resolve(fabien, subRequests[2].id, "Badge prêt."),
        ]);
        await t.flush();
        expect([cancelled.kind, resolved.kind].filter((k) => k === "done"), `try ${i}`).to.have.length(1);
        const [request, badge, steps] = [await reload(t, parent.id), await reload(t, subRequests[2].id), await stepsOf(t, parent.id)];
        if (cancelled.kind === "done") {
          expect([request.status, badge.status, steps[3].state], `try ${i}`).to.deep.equal(["closed", "closed", "cancelled"]);
        } else {
          expect([request.status, badge.status, steps[3].state], `try ${i}`).to.deep.equal(["resolved", "resolved", "done"]);
        }
      }
    });

    it("decides an approval once when the approver's Approve and Reject cross: the sub-requests open only after an approval", async () => {
      for (let i = 0; i < TRIES; i++) {
        const parent = await submitArrival(t);
        const value = await pendingApprovalValue(t, parent.id);
        const [approved, rejected] = await Promise.all([
          t.desk.pressButton({ sender: marie, action: "request.approve", value }),
          t.desk.submitForm({ sender: marie, form: "reject", context: value, values: { reason: "Reporté." }, place: dmOf("marie") }),
        ]);
        await t.flush();
        expect([approved.kind, rejected.kind].filter((k) => k === "done"), `try ${i}`).to.have.length(1);
        const [request, children, steps] = [await reload(t, parent.id), await subRequestsOf(t, parent.id), await stepsOf(t, parent.id)];
        if (approved.kind === "done") {
          expect([request.approval, steps[0].state, children.length], `try ${i}`).to.deep.equal(["approved", "approved", 3]);
        } else {
          expect([request.status, request.approval, steps[0].state, children.length], `try ${i}`).to.deep.equal(["closed", "rejected", "rejected", 0]);
        }
      }
    });
  });
}
