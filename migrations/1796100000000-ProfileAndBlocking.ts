import { TableColumn, type MigrationInterface, type QueryRunner } from "typeorm";
import type { ColumnMetadata } from "typeorm/metadata/ColumnMetadata";

/**
 * Figures for managers: the kind of workstation of people and of their tickets (`profile`: staff, teacher,
 * student…), which the report breaks its figures down by, and the blocking tag agents set on a ticket, which the
 * review-meeting extraction shows.
 */
export class ProfileAndBlocking1796100000000 implements MigrationInterface {
  name = "ProfileAndBlocking1796100000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    // `false` as each database writes it (0 on SQLite, false on PostgreSQL), as the entity's default is compared.
    const no = queryRunner.connection.driver.normalizeDefault({ default: false } as ColumnMetadata);
    await queryRunner.addColumn("person", new TableColumn({ name: "profile", type: "varchar", length: "60", isNullable: true }));
    await queryRunner.addColumns("ticket", [
      new TableColumn({ name: "profile", type: "varchar", length: "60", isNullable: true }),
      new TableColumn({ name: "blocking", type: "boolean", default: no }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumns("ticket", ["blocking", "profile"]);
    await queryRunner.dropColumn("person", "profile");
  }
}
