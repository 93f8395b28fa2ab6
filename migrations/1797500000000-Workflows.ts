import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";
import type { ColumnMetadata } from "typeorm/metadata/ColumnMetadata";

/**
 * Requests that need several teams (004): a workflow request (`ticket.workflow`) and its steps (`workflow_step`:
 * approvals, sub-requests), each sub-request a ticket of its own team linked to its parent (`ticket.parentId`).
 */
export class Workflows1797500000000 implements MigrationInterface {
  name = "Workflows1797500000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    const dateType = queryRunner.connection.driver.normalizeType({ type: Date });
    // `false` as each database writes it (0 on SQLite, false on PostgreSQL), as the entity's default is compared.
    const no = queryRunner.connection.driver.normalizeDefault({ default: false } as ColumnMetadata);
    await queryRunner.addColumns("ticket", [
      new TableColumn({ name: "workflow", type: "boolean", default: no }),
      new TableColumn({ name: "parentId", type: "integer", isNullable: true }),
    ]);
    await queryRunner.createIndex("ticket", new TableIndex({ name: "IDX_ticket_parent", columnNames: ["parentId"] }));
    await queryRunner.createTable(
      new Table({
        name: "workflow_step",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "ticketId", type: "integer" },
          { name: "position", type: "integer" },
          { name: "stepKey", type: "varchar", length: "60" },
          { name: "kind", type: "varchar", length: "20" },
          { name: "state", type: "varchar", length: "20", default: "'waiting'" },
          { name: "definition", type: "text" },
          { name: "childTicketId", type: "integer", isNullable: true },
          { name: "approverIds", type: "text", default: "''" },
          { name: "decidedById", type: "integer", isNullable: true },
          { name: "reason", type: "text", isNullable: true },
          { name: "startedAt", type: dateType, isNullable: true },
          { name: "doneAt", type: dateType, isNullable: true },
        ],
        indices: [
          new TableIndex({ name: "UQ_workflow_step_key", columnNames: ["ticketId", "stepKey"], isUnique: true }),
          new TableIndex({ name: "IDX_workflow_step_child", columnNames: ["childTicketId"] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("workflow_step");
    await queryRunner.dropIndex("ticket", "IDX_ticket_parent");
    await queryRunner.dropColumns("ticket", ["parentId", "workflow"]);
  }
}
