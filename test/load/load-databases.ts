import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** A fresh, empty database for one run of guichet, and how to point guichet at it. */
export interface LoadDatabase {
  env: Record<string, string>;
  dispose(): Promise<void>;
}

export interface DatabaseKind {
  name: "SQLite" | "PostgreSQL";
  fresh(): Promise<LoadDatabase>;
}

/** A new SQLite file on disk (not in memory: its writes and syncs are part of the cost), removed after. */
export const SQLITE: DatabaseKind = {
  name: "SQLite",
  async fresh() {
    const dir = mkdtempSync(path.join(tmpdir(), "guichet-load-"));
    return { env: { GUICHET_DB_FILE: path.join(dir, "guichet.sqlite") }, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  },
};

/**
 * PostgreSQL, the database `url` names: emptied (its public schema dropped and made again) before each run, so give
 * `npm run load` a database of its own, never one whose data matters. Nothing else on the server is touched.
 */
export function postgresAt(url: string): DatabaseKind {
  return {
    name: "PostgreSQL",
    async fresh() {
      await admin(url, "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public");
      return { env: { DATABASE_URL: url }, dispose: async () => undefined };
    },
  };
}

async function admin(serverUrl: string, sql: string): Promise<void> {
  const { Client } = await import("pg");
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
