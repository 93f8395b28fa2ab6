import { Table, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";

/** Channels registered by managers from the channel itself (`/guichet register …`), overriding the YAML's. */
export class RegisteredPlaces1796900000000 implements MigrationInterface {
  name = "RegisteredPlaces1796900000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    const dateType = queryRunner.connection.driver.normalizeType({ type: Date });
    await queryRunner.createTable(
      new Table({
        name: "registered_place",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "role", type: "varchar", length: "20" },
          { name: "target", type: "varchar", length: "100" },
          { name: "platform", type: "varchar", length: "20" },
          { name: "conversation", type: "varchar", length: "300" },
          { name: "registeredById", type: "integer" },
          { name: "registeredAt", type: dateType },
        ],
        indices: [new TableIndex({ name: "UQ_registered_place_role", columnNames: ["role", "target", "platform"], isUnique: true })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("registered_place");
  }
}
