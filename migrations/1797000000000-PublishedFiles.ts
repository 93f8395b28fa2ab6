import { Table, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";

/** Files the desk sends (the digest's chart, an extraction's CSV), kept for the outbox and served to Teams. */
export class PublishedFiles1797000000000 implements MigrationInterface {
  name = "PublishedFiles1797000000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    const dateType = queryRunner.connection.driver.normalizeType({ type: Date });
    await queryRunner.createTable(
      new Table({
        name: "published_file",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "token", type: "varchar", length: "64" },
          { name: "name", type: "varchar", length: "200" },
          { name: "contentType", type: "varchar", length: "100" },
          { name: "bytes", type: "integer" },
          { name: "content", type: "text" },
          { name: "createdAt", type: dateType },
          { name: "expiresAt", type: dateType },
        ],
        indices: [
          new TableIndex({ name: "UQ_published_file_token", columnNames: ["token"], isUnique: true }),
          new TableIndex({ name: "IDX_published_file_expires", columnNames: ["expiresAt"] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("published_file");
  }
}
