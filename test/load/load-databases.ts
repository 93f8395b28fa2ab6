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
 * PostgreSQL at `serverUrl`: each run gets a database of its own, created beside the one the URL names and dropped
 * after, so the database of the URL is never touched.
 */
export function postgresAt(serverUrl: string): DatabaseKind {
  let count = 0;
  return {
    name: "PostgreSQL",
    async fresh() {
      const name = `guichet_load_${process.pid}_${++count}`;
      await admin(serverUrl, `CREATE DATABASE "${name}"`);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      return { env: { DATABASE_URL: url.toString() }, dispose: () => admin(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
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
