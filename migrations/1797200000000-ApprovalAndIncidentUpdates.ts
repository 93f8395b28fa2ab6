import { TableColumn, type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * When a request was approved (its SLA clocks start then: they wait for the approval), and when a major incident was
 * last updated (an open one without news for `sla.majorIncidentBroadcast` reminds the agent who declared it).
 */
export class ApprovalAndIncidentUpdates1797200000000 implements MigrationInterface {
  name = "ApprovalAndIncidentUpdates1797200000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    const dateType = queryRunner.connection.driver.normalizeType({ type: Date });
    await queryRunner.addColumn("ticket", new TableColumn({ name: "approvedAt", type: dateType, isNullable: true }));
    await queryRunner.addColumn("major_incident", new TableColumn({ name: "lastUpdateAt", type: dateType, isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn("major_incident", "lastUpdateAt");
    await queryRunner.dropColumn("ticket", "approvedAt");
  }
}
