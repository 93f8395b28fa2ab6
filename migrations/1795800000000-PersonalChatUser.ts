import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * The Teams user of a personal chat, so that the desk can write to a person alone (a ticket given to them, an
 * approval to give) by their Azure AD object id, the id the desk configuration lists.
 */
export class PersonalChatUser1795800000000 implements MigrationInterface {
  name = "PersonalChatUser1795800000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      "teams_conversation_reference",
      new TableColumn({ name: "userId", type: "varchar", length: "100", isNullable: true }),
    );
    await queryRunner.createIndex(
      "teams_conversation_reference",
      new TableIndex({ name: "IDX_teams_conversation_reference_user", columnNames: ["userId"] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex("teams_conversation_reference", "IDX_teams_conversation_reference_user");
    await queryRunner.dropColumn("teams_conversation_reference", "userId");
  }
}
