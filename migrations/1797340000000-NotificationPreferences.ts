import { Table, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";
import type { ColumnMetadata } from "typeorm/metadata/ColumnMetadata";

/**
 * Notifications people can live with: each person's preferences (quiet hours, a morning digest, survey requests),
 * the tickets whose reminders an agent muted for themselves, and the notices held for a person until they start work.
 */
export class NotificationPreferences1797340000000 implements MigrationInterface {
  name = "NotificationPreferences1797340000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    const driver = queryRunner.connection.driver;
    const dateType = driver.normalizeType({ type: Date });
    // Booleans as each database writes them, as the entities' defaults are compared.
    const bool = (value: boolean) => driver.normalizeDefault({ default: value } as ColumnMetadata);
    await queryRunner.createTable(
      new Table({
        name: "notification_preference",
        columns: [
          { name: "personId", type: "integer", isPrimary: true },
          { name: "quietHours", type: "boolean", default: bool(true) },
          { name: "digest", type: "boolean", default: bool(false) },
          { name: "surveys", type: "boolean", default: bool(true) },
          { name: "updatedAt", type: dateType },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "ticket_mute",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "personId", type: "integer" },
          { name: "ticketId", type: "integer" },
          { name: "at", type: dateType },
        ],
        indices: [new TableIndex({ name: "UQ_ticket_mute_person_ticket", columnNames: ["personId", "ticketId"], isUnique: true })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "held_notification",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "personId", type: "integer" },
          { name: "why", type: "varchar", length: "20" },
          { name: "ticketId", type: "integer", isNullable: true },
          { name: "payload", type: "text" },
          { name: "releaseAt", type: dateType },
          { name: "heldAt", type: dateType },
        ],
        indices: [new TableIndex({ name: "IDX_held_notification_release", columnNames: ["releaseAt"] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("held_notification");
    await queryRunner.dropTable("ticket_mute");
    await queryRunner.dropTable("notification_preference");
  }
}
