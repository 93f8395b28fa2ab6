import { TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * Replacing a card's pending update looks up the outbox by ticket thread and status at every ticket change: without
 * this index that is a scan of every pending message (measured by the SLA sweep bench as catch-ups slowing down).
 */
export class OutboxThreadIndex1795700000000 implements MigrationInterface {
  name = "OutboxThreadIndex1795700000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      "outbox_message",
      new TableIndex({ name: "IDX_outbox_thread_status", columnNames: ["ticketThreadId", "status"] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex("outbox_message", "IDX_outbox_thread_status");
  }
}
