import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from "typeorm";

/**
 * The inbox of platform deliveries (inbound_event): each is stored before it is acknowledged, then handled from
 * here, so that a crash after the acknowledgement loses nothing.
 */
export class InboundEvents1796300000000 implements MigrationInterface {
  name = "InboundEvents1796300000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    const dateType = queryRunner.connection.driver.normalizeType({ type: Date });
    const date = (name: string, nullable = false): TableColumnOptions => ({ name, type: dateType, isNullable: nullable });
    await queryRunner.createTable(
      new Table({
        name: "inbound_event",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "platform", type: "varchar", length: "20" },
          { name: "deliveryKey", type: "varchar", length: "300" },
          { name: "payload", type: "text", isNullable: true },
          { name: "status", type: "varchar", length: "20", default: "'pending'" },
          { name: "attempts", type: "integer", default: 0 },
          date("nextAttemptAt"),
          date("lockedUntil", true),
          { name: "lockedBy", type: "varchar", length: "100", isNullable: true },
          { name: "lastError", type: "text", isNullable: true },
          date("receivedAt"),
          date("handledAt", true),
        ],
        indices: [
          new TableIndex({ name: "UQ_inbound_event_key", columnNames: ["platform", "deliveryKey"], isUnique: true }),
          new TableIndex({ name: "IDX_inbound_event_due", columnNames: ["status", "nextAttemptAt"] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("inbound_event");
  }
}
