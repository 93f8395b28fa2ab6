import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from "typeorm";

/**
 * Tickets handed to another service desk (GLPI, Zammad, any system reached by webhook): one row per hand-over, with
 * the ticket's id there, its status there as last read, and when the scheduled job reads it next.
 */
export class ExternalDesks1797100000000 implements MigrationInterface {
  name = "ExternalDesks1797100000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    const driver = queryRunner.connection.driver;
    const dateType = driver.normalizeType({ type: Date });
    // `false` as each database writes it (0 on SQLite, false on PostgreSQL), as the entity's default is compared.
    const no = driver.options.type === "postgres" ? "false" : "0";
    const varchar = (name: string, length: number, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
      name, type: "varchar", length: String(length), ...extra,
    });
    const date = (name: string, nullable = false): TableColumnOptions => ({ name, type: dateType, isNullable: nullable });
    const text = (name: string): TableColumnOptions => ({ name, type: "text", isNullable: true });
    await queryRunner.createTable(
      new Table({
        name: "external_transfer",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "ticketId", type: "integer" },
          varchar("deskId", 60),
          varchar("state", 20, { default: "'pending'" }),
          { name: "automatic", type: "boolean", default: no },
          text("note"),
          { name: "actorId", type: "integer", isNullable: true },
          varchar("externalId", 100, { isNullable: true }),
          varchar("reference", 100, { isNullable: true }),
          varchar("remoteStatus", 100, { isNullable: true }),
          { name: "lastFollowupId", type: "integer", isNullable: true },
          text("lastError"),
          date("nextPollAt", true),
          date("createdAt"),
          date("openedAt", true),
          date("endedAt", true),
        ],
        indices: [
          new TableIndex({ name: "IDX_external_transfer_ticket", columnNames: ["ticketId", "id"] }),
          new TableIndex({ name: "IDX_external_transfer_poll", columnNames: ["state", "nextPollAt"] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("external_transfer");
  }
}
