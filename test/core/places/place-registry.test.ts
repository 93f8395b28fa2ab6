import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createGuichet, type Guichet } from "../../../src/app";
import { loadDeskConfig } from "../../../src/config/desk-config";
import { RegisteredPlace } from "../../../src/store/entities/RegisteredPlace";
import { emptyPostgres } from "../../support/test-store";
import { writeTestKnowledgeBase } from "../../support/test-desk";

/** Databases two instances can share: a SQLite file, and PostgreSQL when TEST_DATABASE_URL is set. */
const SHARED_DATABASES: Array<{ name: string; prepare: () => Promise<{ sqliteFile?: string; databaseUrl?: string }> }> = [
  { name: "SQLite", prepare: async () => ({ sqliteFile: path.join(mkdtempSync(path.join(tmpdir(), "guichet-places-")), "desk.sqlite") }) },
  ...(process.env.TEST_DATABASE_URL
    ? [{ name: "PostgreSQL", prepare: async () => {
      await emptyPostgres(process.env.TEST_DATABASE_URL as string);
      return { databaseUrl: process.env.TEST_DATABASE_URL as string };
    } }]
    : []),
];

const marie = { platform: "slack" as const, id: "U0MARIE" };

for (const db of SHARED_DATABASES) {
  describe(`registered channels on ${db.name}`, () => {
    const kbDir = writeTestKnowledgeBase();
    let where: { sqliteFile?: string; databaseUrl?: string };
    const open: Guichet[] = [];
    const instance = async () => {
      const config = loadDeskConfig();
      config.people.find((p) => p.console === "marie")!.slack = [marie.id];
      const guichet = await createGuichet({ config, kbDir, ...where });
      open.push(guichet);
      return guichet;
    };
    beforeEach(async () => {
      where = await db.prepare();
    });
    afterEach(async () => {
      for (const guichet of open.splice(0)) await guichet.close();
    });

    it("override the YAML on every instance and across restarts, the last registration winning", async () => {
      const a = await instance();
      const b = await instance();
      await a.desk.runCommand(marie, { platform: "slack", conversation: "C0FIRST" }, "register", "triage desk");
      expect(a.config.teams[0].triage.slack, "at once where it was typed").to.equal("C0FIRST");
      expect(b.config.teams[0].triage.slack, "another instance, before it refreshes").to.equal("C0TRIAGE01");
      await b.desk.ctx.places.refresh();
      expect(b.config.teams[0].triage.slack).to.equal("C0FIRST");

      await b.desk.runCommand(marie, { platform: "slack", conversation: "C0SECOND" }, "register", "triage desk");
      expect(await b.store.manager.count(RegisteredPlace), "one registration per role, team and platform").to.equal(1);
      await a.desk.ctx.places.refresh();
      expect(a.config.teams[0].triage.slack).to.equal("C0SECOND");
      expect(a.config.teams[1].triage.slack, "the other team keeps the YAML's").to.equal("C0LOGIST01");

      const restarted = await instance();
      expect(restarted.config.teams[0].triage.slack, "applied at start").to.equal("C0SECOND");
      expect(restarted.config.teams[0].triage.teams, "other platforms keep the YAML's").to.equal(undefined);
    });

    it("registers the announcements and management channels, which the desk then posts to", async () => {
      const a = await instance();
      await a.desk.runCommand(marie, { platform: "teams", conversation: "19:annonces@thread.tacv2" }, "register", "announcements");
      await a.desk.runCommand(marie, { platform: "slack", conversation: "C0DIRECTION" }, "register", "management");
      expect(a.config.announcements).to.deep.equal({ slack: "C0ANNOUNCE", teams: "19:annonces@thread.tacv2" });
      expect(a.config.management.slack).to.equal("C0DIRECTION");
    });
  });
}
