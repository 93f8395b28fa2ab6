import { expect } from "chai";
import { parse, stringify } from "yaml";
import { readFileSync } from "node:fs";
import { DEFAULT_DESK_CONFIG_FILE, loadDeskConfig, parseDeskConfig } from "../../../src/config/desk-config";
import { requestForm } from "../../../src/core/catalogue/service-catalogue";
import { Ticket } from "../../../src/store/entities/Ticket";
import { alice, dmOf, openTestDesk, type TestDesk } from "../../support/test-desk";

describe("service catalogue forms", () => {
  const config = loadDeskConfig();
  const guestWifi = config.requestTypes.find((r) => r.id === "guest-wifi")!;

  it("shows a date's expected format before the answer, in the person's language", () => {
    const date = (lang: "fr" | "en") => requestForm(guestWifi, lang, "2026-11-24").fields.find((f) => f.id === "date");
    expect(date("fr")?.hint).to.equal("AAAA-MM-JJ");
    expect(date("en")?.hint).to.equal("YYYY-MM-DD");
    expect(date("fr")?.min, "a date that must not be in the past starts today").to.equal("2026-11-24");
  });

  it("refuses `future` on a field that is not a date", () => {
    const doc = parse(readFileSync(DEFAULT_DESK_CONFIG_FILE, "utf8")) as { requestTypes: Array<{ fields: Array<Record<string, unknown>> }> };
    doc.requestTypes[0].fields[0].future = true;
    expect(() => parseDeskConfig(stringify(doc), "desk.yaml")).to.throw(/requestTypes\.0\.fields\.0\.future: only a date field can be `future`/);
  });

  describe("answers checked by the desk", () => {
    let t: TestDesk;
    beforeEach(async () => {
      t = await openTestDesk();
    });
    afterEach(async () => t.close());

    const submit = (date: string) =>
      t.desk.submitForm({ sender: alice, form: "request", context: "guest-wifi", values: { event: "Colloque", date, count: "20" }, place: dmOf("alice") });

    it("refuses a date in the past where the date must be in the future, and accepts today", async () => {
      expect(await submit("2026-11-23")).to.deep.equal({ kind: "invalid", errors: { date: "Choisissez une date à partir du 2026-11-24 (pas dans le passé)." } });
      expect(await submit("2026-11-24")).to.deep.equal({ kind: "done" });
      expect(await t.guichet.store.manager.count(Ticket)).to.equal(1);
    });

    it("refuses a date that does not exist", async () => {
      expect(await submit("2027-02-30")).to.deep.equal({ kind: "invalid", errors: { date: "Écrivez une date AAAA-MM-JJ." } });
    });
  });
});
