import { Table, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * The Teams channel's conversation references (src/store/entities/TeamsConversationReference.ts), written with the
 * schema builder so that it runs on SQLite and PostgreSQL like the initial schema.
 */
export class TeamsConversationReferences1795555177142 implements MigrationInterface {
  name = "TeamsConversationReferences1795555177142";

  async up(queryRunner: QueryRunner): Promise<void> {
    const driver = queryRunner.connection.driver;
    const dateType = driver.normalizeType({ type: Date });
    await queryRunner.createTable(
      new Table({
        name: "teams_conversation_reference",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "conversationId", type: "varchar", length: "300" },
          { name: "conversationType", type: "varchar", length: "20" },
          { name: "tenantId", type: "varchar", length: "100", isNullable: true },
          { name: "teamId", type: "varchar", length: "300", isNullable: true },
          { name: "serviceUrl", type: "varchar", length: "500" },
          { name: "reference", type: "text" },
          { name: "updatedAt", type: dateType, default: driver.mappedDataTypes.createDateDefault },
        ],
        indices: [
          new TableIndex({ name: "UQ_teams_conversation_reference_conversation", columnNames: ["conversationId"], isUnique: true }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("teams_conversation_reference");
  }
}
