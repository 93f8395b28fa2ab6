import { expect } from "chai";
import { TEST_DATABASES } from "../support/test-store";

for (const db of TEST_DATABASES) {
  describe(`migrations on ${db.name}`, () => {
    it("build exactly the schema the entities describe", async () => {
      const store = await db.open();
      try {
        const pending = await store.dataSource.driver.createSchemaBuilder().log();
        expect(pending.upQueries.map((q) => q.query)).to.deep.equal([]);
      } finally {
        await store.close();
      }
    });

    it("are recorded so that a second start applies nothing", async () => {
      const store = await db.open();
      try {
        const applied = await store.dataSource.runMigrations();
        expect(applied).to.have.length(0);
        expect(await store.dataSource.showMigrations()).to.equal(false);
      } finally {
        await store.close();
      }
    });
  });
}
