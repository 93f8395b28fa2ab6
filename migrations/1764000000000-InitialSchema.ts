import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from "typeorm";

/**
 * The first schema, written with TypeORM's schema builder so that the same migration runs on SQLite and PostgreSQL.
 * A test (test/store/migrations.test.ts) checks that the entities need no further change after it.
 */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = "InitialSchema1764000000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnKit(queryRunner);

    await queryRunner.createTable(
      new Table({
        name: "person",
        columns: [
          c.id(),
          c.varchar("displayName", 200),
          c.varchar("role", 20, { default: "'requester'" }),
          c.text("expertGroups", { default: "''" }),
          c.varchar("site", 60, { isNullable: true }),
          c.varchar("locale", 5, { default: "'fr'" }),
          c.varchar("email", 320, { isNullable: true }),
          c.createdAt("createdAt"),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: "person_identity",
        columns: [c.id(), c.integer("personId"), c.varchar("platform", 20), c.varchar("externalId", 200)],
        indices: [
          new TableIndex({ name: "UQ_person_identity_platform_external", columnNames: ["platform", "externalId"], isUnique: true }),
          new TableIndex({ name: "IDX_person_identity_person", columnNames: ["personId"] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: "ticket",
        columns: [
          c.id(),
          c.varchar("kind", 20, { default: "'incident'" }),
          c.varchar("title", 200),
          c.text("description"),
          c.varchar("category", 60),
          c.varchar("priority", 20, { default: "'normal'" }),
          c.varchar("status", 30, { default: "'new'" }),
          c.integer("level", { default: 1 }),
          c.integer("requesterId"),
          c.integer("assigneeId", { isNullable: true }),
          c.varchar("team", 60),
          c.varchar("expertGroup", 60, { isNullable: true }),
          c.varchar("site", 60, { isNullable: true }),
          c.varchar("lang", 5, { default: "'fr'" }),
          c.varchar("channel", 20),
          c.varchar("requestType", 60, { isNullable: true }),
          c.text("fields", { isNullable: true }),
          c.varchar("approval", 20, { default: "'none'" }),
          c.integer("mergedIntoId", { isNullable: true }),
          c.text("resolution", { isNullable: true }),
          c.integer("satisfaction", { isNullable: true }),
          c.createdAt("createdAt"),
          c.createdAt("updatedAt"),
          c.date("acknowledgedAt", { isNullable: true }),
          c.date("takenAt", { isNullable: true }),
          c.date("firstAnswerAt", { isNullable: true }),
          c.date("escalatedAt", { isNullable: true }),
          c.date("resolvedAt", { isNullable: true }),
          c.date("closedAt", { isNullable: true }),
          c.date("waitingSince", { isNullable: true }),
          c.integer("pausedSeconds", { default: 0 }),
          c.date("slaDueAt", { isNullable: true }),
        ],
        indices: [
          new TableIndex({ name: "IDX_ticket_requester_status", columnNames: ["requesterId", "status"] }),
          new TableIndex({ name: "IDX_ticket_status", columnNames: ["status"] }),
          new TableIndex({ name: "IDX_ticket_assignee", columnNames: ["assigneeId"] }),
          new TableIndex({ name: "IDX_ticket_sla_due", columnNames: ["slaDueAt"] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: "ticket_event",
        columns: [
          c.id(),
          c.integer("ticketId"),
          c.integer("actorId", { isNullable: true }),
          c.varchar("type", 40),
          c.varchar("fromStatus", 30, { isNullable: true }),
          c.varchar("toStatus", 30, { isNullable: true }),
          c.text("data", { isNullable: true }),
          c.createdAt("at"),
        ],
        indices: [new TableIndex({ name: "IDX_ticket_event_ticket", columnNames: ["ticketId", "id"] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: "conversation",
        columns: [
          c.id(),
          c.integer("personId"),
          c.varchar("platform", 20),
          c.text("address"),
          c.varchar("state", 30, { default: "'suggesting'" }),
          c.varchar("lang", 5, { default: "'fr'" }),
          c.text("suggested", { isNullable: true }),
          c.integer("duplicateOfId", { isNullable: true }),
          c.integer("ticketId", { isNullable: true }),
          c.createdAt("updatedAt"),
        ],
        indices: [new TableIndex({ name: "IDX_conversation_person_state", columnNames: ["personId", "state"] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: "conversation_message",
        columns: [
          c.id(),
          c.integer("conversationId", { isNullable: true }),
          c.integer("ticketId", { isNullable: true }),
          c.integer("authorId"),
          c.varchar("visibility", 20, { default: "'public'" }),
          c.text("text"),
          c.createdAt("at"),
        ],
        indices: [
          new TableIndex({ name: "IDX_conversation_message_conversation", columnNames: ["conversationId", "id"] }),
          new TableIndex({ name: "IDX_conversation_message_ticket", columnNames: ["ticketId", "id"] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: "ticket_thread",
        columns: [
          c.id(),
          c.integer("ticketId"),
          c.varchar("role", 20),
          c.varchar("platform", 20),
          c.varchar("conversation", 200),
          c.varchar("thread", 200, { isNullable: true }),
          c.varchar("expertGroup", 60, { isNullable: true }),
        ],
        indices: [
          new TableIndex({ name: "IDX_ticket_thread_ticket_role", columnNames: ["ticketId", "role"] }),
          new TableIndex({ name: "IDX_ticket_thread_place", columnNames: ["platform", "conversation", "thread"] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: "knowledge_usage",
        columns: [
          c.id(),
          c.varchar("articleId", 200, { isNullable: true }),
          c.varchar("event", 20),
          c.integer("conversationId", { isNullable: true }),
          c.integer("personId", { isNullable: true }),
          c.text("query", { isNullable: true }),
          c.varchar("channel", 20, { isNullable: true }),
          c.createdAt("at"),
        ],
        indices: [
          new TableIndex({ name: "IDX_knowledge_usage_article", columnNames: ["articleId", "event"] }),
          new TableIndex({ name: "IDX_knowledge_usage_at", columnNames: ["at"] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: "processed_event",
        columns: [
          c.varchar("platform", 20, { isPrimary: true }),
          c.varchar("eventId", 200, { isPrimary: true }),
          c.createdAt("receivedAt"),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: "outbox_message",
        columns: [
          c.id(),
          c.varchar("platform", 20),
          c.varchar("operation", 20, { default: "'post'" }),
          c.varchar("conversation", 200),
          c.varchar("thread", 200, { isNullable: true }),
          c.integer("ticketThreadId", { isNullable: true }),
          c.varchar("threadRole", 20, { isNullable: true }),
          c.text("payload"),
          c.varchar("dedupeKey", 200, { isNullable: true }),
          c.varchar("status", 20, { default: "'pending'" }),
          c.integer("attempts", { default: 0 }),
          c.date("nextAttemptAt"),
          c.date("lockedUntil", { isNullable: true }),
          c.text("lastError", { isNullable: true }),
          c.createdAt("createdAt"),
          c.date("sentAt", { isNullable: true }),
        ],
        indices: [
          new TableIndex({ name: "IDX_outbox_pending", columnNames: ["status", "nextAttemptAt"] }),
          new TableIndex({ name: "UQ_outbox_dedupe", columnNames: ["dedupeKey"], isUnique: true }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      "outbox_message", "processed_event", "knowledge_usage", "ticket_thread", "conversation_message", "conversation",
      "ticket_event", "ticket", "person_identity", "person",
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}

/** Column builders whose types match what TypeORM derives from the entities on the running database. */
function columnKit(queryRunner: QueryRunner) {
  const driver = queryRunner.connection.driver;
  const dateType = driver.normalizeType({ type: Date });
  const now = driver.mappedDataTypes.createDateDefault;
  type Extra = Partial<TableColumnOptions>;
  return {
    id: (): TableColumnOptions => ({
      name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment",
    }),
    integer: (name: string, extra: Extra = {}): TableColumnOptions => ({ name, type: "integer", ...extra }),
    varchar: (name: string, length: number, extra: Extra = {}): TableColumnOptions => ({
      name, type: "varchar", length: String(length), ...extra,
    }),
    text: (name: string, extra: Extra = {}): TableColumnOptions => ({ name, type: "text", ...extra }),
    date: (name: string, extra: Extra = {}): TableColumnOptions => ({ name, type: dateType, ...extra }),
    createdAt: (name: string): TableColumnOptions => ({ name, type: dateType, default: now }),
  };
}
