import { TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * The retention job deletes processed-event ids and delivered messages past their age: these indexes let it find
 * them without reading the whole tables.
 */
export class RetentionIndexes1796400000000 implements MigrationInterface {
  name = "RetentionIndexes1796400000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex("processed_event", new TableIndex({ name: "IDX_processed_event_received", columnNames: ["receivedAt"] }));
    await queryRunner.createIndex("outbox_message", new TableIndex({ name: "IDX_outbox_sent", columnNames: ["status", "sentAt"] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex("outbox_message", "IDX_outbox_sent");
    await queryRunner.dropIndex("processed_event", "IDX_processed_event_received");
  }
}
