import { TableColumn, type MigrationInterface, type QueryRunner } from "typeorm";

/** A ticket opened from a message on a closed one keeps the link to it (`ticket.followUpOfId`). */
export class FollowUpTickets1796250000000 implements MigrationInterface {
  name = "FollowUpTickets1796250000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn("ticket", new TableColumn({ name: "followUpOfId", type: "integer", isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn("ticket", "followUpOfId");
  }
}
