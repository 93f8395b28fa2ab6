import { Store } from "../../src/store/data-source";

/**
 * The databases the store tests run on: always an in-memory SQLite, plus PostgreSQL when TEST_DATABASE_URL is set
 * (the CI script starts a local server and sets it).
 */
export const TEST_DATABASES: Array<{ name: string; open: () => Promise<Store> }> = [
  { name: "SQLite", open: () => Store.open({ sqliteFile: ":memory:" }) },
  ...(process.env.TEST_DATABASE_URL
    ? [{ name: "PostgreSQL", open: () => openCleanPostgres(process.env.TEST_DATABASE_URL as string) }]
    : []),
];

/** Opens PostgreSQL on an empty schema, so every test starts from the migrations. */
async function openCleanPostgres(url: string): Promise<Store> {
  await emptyPostgres(url);
  return Store.open({ databaseUrl: url });
}

/** Drops every table of the test database. */
export async function emptyPostgres(url: string): Promise<void> {
  const { Client } = await import("pg");
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
  } finally {
    await client.end();
  }
}
