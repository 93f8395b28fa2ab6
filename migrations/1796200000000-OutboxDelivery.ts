import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * The outbox delivers many conversations at once and keeps order within each: every message carries the key of
 * what it must follow (its ticket thread, else its conversation), and the dispatcher picks the oldest due message of
 * each key by index. A message may have reached the platform although guichet has no record of it: its delivery
 * timed out (`maybeDelivered`), or the process died during it (`claims`, the times a dispatcher took it, exceeds the
 * failures recorded); the next delivery then looks for the earlier post where the platform allows it.
 */
export class OutboxDelivery1796200000000 implements MigrationInterface {
  name = "OutboxDelivery1796200000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn("outbox_message", new TableColumn({ name: "orderKey", type: "varchar", length: "300", default: "''" }));
    await queryRunner.addColumn("outbox_message", new TableColumn({ name: "claims", type: "integer", default: 0 }));
    // SQLite stores booleans as 0 and 1 (TypeORM writes the entity's default so), PostgreSQL has its own.
    const no = queryRunner.connection.driver.options.type === "postgres" ? "false" : "0";
    await queryRunner.addColumn("outbox_message", new TableColumn({ name: "maybeDelivered", type: "boolean", default: no }));
    await queryRunner.query(
      `UPDATE "outbox_message" SET "orderKey" = CASE WHEN "ticketThreadId" IS NOT NULL THEN 'thread:' || "ticketThreadId" ELSE "platform" || ':' || "conversation" END`,
    );
    await queryRunner.createIndex("outbox_message", new TableIndex({ name: "IDX_outbox_order", columnNames: ["orderKey", "status", "id"] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex("outbox_message", "IDX_outbox_order");
    await queryRunner.dropColumn("outbox_message", "maybeDelivered");
    await queryRunner.dropColumn("outbox_message", "claims");
    await queryRunner.dropColumn("outbox_message", "orderKey");
  }
}
