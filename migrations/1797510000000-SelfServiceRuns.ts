import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from "typeorm";

/**
 * Self-service actions (004: « auto-remédiation »): each one asked for, confirmed, called on the site's endpoint and
 * its outcome (`self_service_run`), so that a call cut by a restart is made again rather than forgotten.
 */
export class SelfServiceRuns1797510000000 implements MigrationInterface {
  name = "SelfServiceRuns1797510000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    const dateType = queryRunner.connection.driver.normalizeType({ type: Date });
    const date = (name: string, nullable = false): TableColumnOptions => ({ name, type: dateType, isNullable: nullable });
    await queryRunner.createTable(
      new Table({
        name: "self_service_run",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "requestType", type: "varchar", length: "60" },
          { name: "requesterId", type: "integer" },
          { name: "lang", type: "varchar", length: "5" },
          { name: "fields", type: "text" },
          { name: "platform", type: "varchar", length: "20" },
          { name: "conversation", type: "varchar", length: "200" },
          { name: "thread", type: "varchar", length: "200", isNullable: true },
          { name: "state", type: "varchar", length: "20", default: "'confirming'" },
          { name: "deliveryId", type: "varchar", length: "60" },
          { name: "attempts", type: "integer", default: 0 },
          date("claimedUntil", true),
          { name: "error", type: "text", isNullable: true },
          { name: "ticketId", type: "integer", isNullable: true },
          date("createdAt"),
          date("finishedAt", true),
        ],
        indices: [new TableIndex({ name: "IDX_self_service_run_state", columnNames: ["state", "claimedUntil"] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("self_service_run");
  }
}
