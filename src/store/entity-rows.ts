import type { EntityManager, EntityTarget, ObjectLiteral } from "typeorm";
import type { ColumnMetadata } from "typeorm/metadata/ColumnMetadata";
import type { EntityMetadata } from "typeorm/metadata/EntityMetadata";
import { queryReturning } from "./returning-query";

/**
 * Entities read and written with SQL written once, for the paths every requester message takes. TypeORM's `find`
 * and `save` build their SQL anew at each call and read a row back after each insert; under load that was most of
 * the desk's CPU. Here the SQL is a fixed text (so SQLite prepares it once, and PostgreSQL gets fewer round trips),
 * and rows are turned into entities, and values into columns, by the driver's own conversions: dates, JSON, lists
 * and booleans come out as TypeORM would give them, on SQLite and PostgreSQL alike.
 *
 * The SQL uses the entity's column names, quoted (`"personId"`), and `:name` parameters; they run inside the
 * caller's transaction.
 */

/**
 * Rows of `target`'s table selected by `sql` (which selects all its columns: `SELECT "p".* …`), as entities. Outside a
 * transaction (the store's own manager, as scheduled jobs read) the statement runs alone on a connection of its own.
 */
export async function selectEntities<E extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<E>,
  sql: string,
  parameters: Record<string, unknown> = {},
): Promise<E[]> {
  if (!manager.queryRunner) {
    const runner = manager.connection.createQueryRunner();
    try {
      return await selectEntities(runner.manager, target, sql, parameters);
    } finally {
      await runner.release();
    }
  }
  const rows = await queryReturning<Record<string, unknown>>(manager, sql, parameters);
  return rows.map((row) => toEntity(manager, target, row));
}

/** Inserts one row and gives it back as TypeORM would after `save`: with its id and the defaults the database set. */
export async function insertEntity<E extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<E>, values: Partial<E>): Promise<E> {
  const [row] = await insertRows(manager, target, [values], "RETURNING *");
  return toEntity(manager, target, row);
}

/** Inserts one row unless a unique index refuses it (`ON CONFLICT DO NOTHING`); says whether it went in. */
export async function insertEntityUnlessPresent<E extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<E>, values: Partial<E>): Promise<boolean> {
  return (await insertRows(manager, target, [values], "ON CONFLICT DO NOTHING RETURNING *")).length > 0;
}

/**
 * Inserts rows (all with the same columns) in one statement, reading nothing back. `onConflict: "ignore"` skips the
 * rows a unique index refuses, as the query builder's `orIgnore` does.
 */
export async function insertEntities<E extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<E>,
  rows: Array<Partial<E>>,
  options: { onConflict?: "ignore" } = {},
): Promise<void> {
  if (rows.length === 0) return;
  await insertRows(manager, target, rows, options.onConflict === "ignore" ? "ON CONFLICT DO NOTHING" : "");
}

/**
 * `UPDATE … SET <values> WHERE <where>`: the entity's update-date column is set too, as `save` and the query builder
 * do. Returns how many rows changed (a conditional update that found the row moved on changes none).
 */
export async function updateEntities<E extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<E>,
  values: Partial<E>,
  where: string,
  parameters: Record<string, unknown>,
): Promise<number> {
  const metadata = manager.connection.getMetadata(target);
  const driver = manager.connection.driver;
  const assigned = { ...parameters };
  const sets = Object.keys(values).map((property, i) => {
    const column = columnOf(metadata, property);
    assigned[`set${i}`] = driver.preparePersistentValue(values[property as keyof E], column);
    return `${quoted(column)} = :set${i}`;
  });
  if (metadata.updateDateColumn) sets.push(`${quoted(metadata.updateDateColumn)} = CURRENT_TIMESTAMP`);
  const key = quoted(metadata.primaryColumns[0]);
  const changed = await queryReturning(manager, `UPDATE "${metadata.tableName}" SET ${sets.join(", ")} WHERE ${where} RETURNING ${key}`, assigned);
  return changed.length;
}

async function insertRows<E extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<E>,
  rows: Array<Partial<E>>,
  tail: string,
): Promise<Array<Record<string, unknown>>> {
  const metadata = manager.connection.getMetadata(target);
  const driver = manager.connection.driver;
  const columns = Object.keys(rows[0]).map((property) => columnOf(metadata, property));
  const parameters: Record<string, unknown> = {};
  const tuples = rows.map((row, r) => {
    const names = columns.map((column, c) => {
      parameters[`v${r}_${c}`] = driver.preparePersistentValue(row[column.propertyName as keyof E], column);
      return `:v${r}_${c}`;
    });
    return `(${names.join(", ")})`;
  });
  const sql = `INSERT INTO "${metadata.tableName}" (${columns.map(quoted).join(", ")}) VALUES ${tuples.join(", ")} ${tail}`;
  return queryReturning(manager, sql.trimEnd(), parameters);
}

function columnOf(metadata: EntityMetadata, property: string): ColumnMetadata {
  const column = metadata.findColumnWithPropertyName(property);
  if (!column) throw new Error(`${metadata.name} has no column ${property}`);
  return column;
}

function quoted(column: ColumnMetadata): string {
  return `"${column.databaseName}"`;
}

/** A raw row as the entity TypeORM would have made of it. */
function toEntity<E extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<E>, row: Record<string, unknown>): E {
  const metadata = manager.connection.getMetadata(target);
  const driver = manager.connection.driver;
  const entity = metadata.create() as E;
  for (const column of metadata.columns) {
    if (column.databaseName in row) column.setEntityValue(entity, driver.prepareHydratedValue(row[column.databaseName], column));
  }
  return entity;
}
