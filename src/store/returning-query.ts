import type { EntityManager } from "typeorm";

/**
 * Runs one statement ending in RETURNING, written with `:name` (and `:...list`) parameters, in the transaction of
 * `manager`, and gives back its rows. TypeORM's query builder writes RETURNING only for PostgreSQL; SQLite has had
 * it since 3.35, so the same SQL (quoted camelCase columns, `ON CONFLICT DO NOTHING`) runs on both. It lets one
 * statement both change rows and say which ones it changed: an insert that did not collide, the rows a conditional
 * update took.
 */
export async function queryReturning<Row>(manager: EntityManager, sql: string, parameters: Record<string, unknown>): Promise<Row[]> {
  const runner = manager.queryRunner;
  if (!runner) throw new Error("queryReturning runs inside a transaction");
  const [text, values] = manager.connection.driver.escapeQueryWithParameters(sql, parameters);
  const result = await runner.query(text, values, true);
  return (result.records ?? []) as Row[];
}
