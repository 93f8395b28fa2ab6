import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from "typeorm";

/**
 * The SLA engine and scheduled jobs: notices recorded once (notice_record), job fire leases shared by instances
 * (job_lease), major incidents and the people linked to them. Written with the schema builder so that it runs on
 * SQLite and PostgreSQL like the initial schema.
 */
export class SlaEngine1795600000000 implements MigrationInterface {
  name = "SlaEngine1795600000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    const driver = queryRunner.connection.driver;
    const dateType = driver.normalizeType({ type: Date });
    const id: TableColumnOptions = { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" };
    const integer = (name: string, nullable = false): TableColumnOptions => ({ name, type: "integer", isNullable: nullable });
    const varchar = (name: string, length: number, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
      name, type: "varchar", length: String(length), ...extra,
    });
    const date = (name: string, nullable = false): TableColumnOptions => ({ name, type: dateType, isNullable: nullable });
    const text = (name: string): TableColumnOptions => ({ name, type: "text", isNullable: true });

    await queryRunner.createTable(
      new Table({
        name: "notice_record",
        columns: [id, varchar("key", 200), varchar("kind", 40), integer("ticketId", true), date("at")],
        indices: [
          new TableIndex({ name: "UQ_notice_record_key", columnNames: ["key"], isUnique: true }),
          new TableIndex({ name: "IDX_notice_record_ticket", columnNames: ["ticketId"] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: "job_lease",
        columns: [
          varchar("key", 200, { isPrimary: true }),
          varchar("owner", 100),
          date("acquiredAt"),
          date("expiresAt"),
          date("completedAt", true),
        ],
        indices: [new TableIndex({ name: "IDX_job_lease_expires", columnNames: ["expiresAt"] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: "major_incident",
        columns: [
          id,
          varchar("title", 200),
          text("description"),
          varchar("category", 60),
          varchar("status", 20, { default: "'open'" }),
          integer("declaredById"),
          date("declaredAt"),
          integer("closedById", true),
          date("closedAt", true),
          text("resolution"),
        ],
        indices: [new TableIndex({ name: "IDX_major_incident_status", columnNames: ["status"] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: "major_incident_link",
        columns: [
          id,
          integer("incidentId"),
          integer("personId"),
          integer("ticketId", true),
          integer("conversationId", true),
          varchar("platform", 20, { isNullable: true }),
          varchar("conversation", 200, { isNullable: true }),
          varchar("thread", 200, { isNullable: true }),
          varchar("state", 20, { default: "'linked'" }),
          date("linkedAt"),
        ],
        indices: [
          new TableIndex({ name: "IDX_major_incident_link_incident", columnNames: ["incidentId", "state"] }),
          new TableIndex({ name: "UQ_major_incident_link_ticket", columnNames: ["incidentId", "ticketId"], isUnique: true }),
          new TableIndex({ name: "UQ_major_incident_link_conversation", columnNames: ["incidentId", "conversationId"], isUnique: true }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ["major_incident_link", "major_incident", "job_lease", "notice_record"]) await queryRunner.dropTable(table);
  }
}
