import { TableColumn, type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * Level 3 (seed 002: « un assistant de niveau 3, spécialiste de la question abordée »): the specialists' group a level-2
 * expert handed the ticket on to, and when, so that a second click on the same hand-on changes nothing.
 */
export class LevelThree1797800000000 implements MigrationInterface {
  name = "LevelThree1797800000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    const dateType = queryRunner.connection.driver.normalizeType({ type: Date });
    await queryRunner.addColumn("ticket", new TableColumn({ name: "levelThreeGroup", type: "varchar", length: "60", isNullable: true }));
    await queryRunner.addColumn("ticket", new TableColumn({ name: "levelThreeAt", type: dateType, isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn("ticket", "levelThreeAt");
    await queryRunner.dropColumn("ticket", "levelThreeGroup");
  }
}
