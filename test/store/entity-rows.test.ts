import { expect } from "chai";
import { insertEntities, insertEntity, insertEntityUnlessPresent, selectEntities, updateEntities } from "../../src/store/entity-rows";
import { NoticeRecord } from "../../src/store/entities/NoticeRecord";
import { Conversation } from "../../src/store/entities/Conversation";
import { OutboxMessage } from "../../src/store/entities/OutboxMessage";
import { Person } from "../../src/store/entities/Person";
import type { Store } from "../../src/store/data-source";
import { TEST_DATABASES } from "../support/test-store";

for (const db of TEST_DATABASES) {
  describe(`entities read and written with fixed SQL, on ${db.name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await db.open();
    });
    afterEach(async () => store.close());

    it("inserts a row and gives it back as find would read it: id, lists, JSON, dates and booleans", async () => {
      const [inserted, found] = await store.transaction(async (m) => {
        const person = await insertEntity(m, Person, { displayName: "Alice", role: "agent", expertGroups: ["network", "apps"], site: null, locale: "fr", email: null });
        return [person, await m.findOne(Person, { where: { id: person.id } })];
      });
      expect(inserted).to.be.instanceOf(Person);
      expect(inserted).to.deep.equal(found);
      expect(inserted.createdAt).to.be.instanceOf(Date);
      expect(inserted.expertGroups).to.deep.equal(["network", "apps"]);
    });

    it("selects rows as entities, with their JSON columns parsed", async () => {
      const rows = await store.transaction(async (m) => {
        const person = await insertEntity(m, Person, { displayName: "Ben", locale: "en" });
        await insertEntities(m, Conversation, [
          { personId: person.id, platform: "slack", address: { conversation: "D1", thread: "1.1" }, state: "suggesting", lang: "en", suggested: ["a", "b"] },
          { personId: person.id, platform: "slack", address: { conversation: "D1" }, state: "done", lang: "en", suggested: null },
        ]);
        return selectEntities(m, Conversation, 'SELECT * FROM "conversation" WHERE "personId" = :id ORDER BY "id"', { id: person.id });
      });
      expect(rows.map((c) => [c.address, c.state, c.suggested])).to.deep.equal([
        [{ conversation: "D1", thread: "1.1" }, "suggesting", ["a", "b"]],
        [{ conversation: "D1" }, "done", null],
      ]);
      expect(rows[0].updatedAt).to.be.instanceOf(Date);
    });

    it("reads outside a transaction too, as scheduled jobs do with the store's own manager", async () => {
      await store.transaction((m) => insertEntity(m, Person, { displayName: "Denis", locale: "fr" }));
      const rows = await selectEntities(store.manager, Person, 'SELECT * FROM "person" WHERE "displayName" = :name', { name: "Denis" });
      expect(rows.map((p) => [p.displayName, p.locale])).to.deep.equal([["Denis", "fr"]]);
    });

    it("updates only the rows its condition still matches, and says how many", async () => {
      const outcome = await store.transaction(async (m) => {
        const person = await insertEntity(m, Person, { displayName: "Chloé" });
        const conversation = await insertEntity(m, Conversation, { personId: person.id, platform: "slack", address: { conversation: "D2" }, state: "suggesting", lang: "fr" });
        const where = '"id" = :id AND "state" = :from';
        const first = await updateEntities(m, Conversation, { state: "done", suggested: ["x"] }, where, { id: conversation.id, from: "suggesting" });
        const second = await updateEntities(m, Conversation, { state: "offering_ticket" }, where, { id: conversation.id, from: "suggesting" });
        return { first, second, now: await m.findOne(Conversation, { where: { id: conversation.id } }) };
      });
      expect([outcome.first, outcome.second, outcome.now?.state, outcome.now?.suggested]).to.deep.equal([1, 0, "done", ["x"]]);
    });

    it("skips, when asked, a row a unique index refuses", async () => {
      const row = {
        platform: "slack" as const, conversation: "D3", orderKey: "slack:D3", payload: { kind: "notice" }, dedupeKey: "receipt:1",
        status: "pending" as const, attempts: 0, claims: 0, maybeDelivered: false, nextAttemptAt: new Date(0),
      };
      const count = await store.transaction(async (m) => {
        await insertEntities(m, OutboxMessage, [row], { onConflict: "ignore" });
        await insertEntities(m, OutboxMessage, [row], { onConflict: "ignore" });
        return m.count(OutboxMessage);
      });
      expect(count).to.equal(1);
    });

    it("inserts one row unless a unique index has it already, and says which", async () => {
      const notice = { key: "outside_hours:console:abc", kind: "outside_hours", ticketId: null, at: new Date("2026-11-24T18:00:00Z") };
      const outcome = await store.transaction(async (m) => [
        await insertEntityUnlessPresent(m, NoticeRecord, notice),
        await insertEntityUnlessPresent(m, NoticeRecord, { ...notice, at: new Date("2026-11-24T19:00:00Z") }),
      ]);
      expect(outcome).to.deep.equal([true, false]);
      const rows = await store.manager.find(NoticeRecord);
      expect(rows.map((r) => [r.key, r.at.toISOString()])).to.deep.equal([["outside_hours:console:abc", "2026-11-24T18:00:00.000Z"]]);
    });
  });
}
