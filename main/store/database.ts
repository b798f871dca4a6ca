/**
 * Opens the tracker's SQLite file: WAL, foreign-key-free (sync may deliver rows in any order),
 * and every committed drizzle-kit migration applied before anything else touches it.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';

export type TrackerDb = BetterSQLite3Database<typeof schema>;

export interface OpenDatabaseOptions {
  file: string;
  /** Folder holding drizzle-kit's numbered migrations and meta/_journal.json. */
  migrationsDir: string;
}

export interface OpenedDatabase {
  sqlite: Database.Database;
  db: TrackerDb;
}

export function openDatabase({ file, migrationsDir }: OpenDatabaseOptions): OpenedDatabase {
  mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  // WAL: readers never block the writer, and a killed process loses at most the transaction
  // it was in. NORMAL is durable against process crashes (only a power cut can lose the last
  // commits), at a fraction of FULL's fsync cost.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('temp_store = MEMORY');
  // 64 MiB of page cache (the default is 2 MiB): a year of entries' report index stays in memory.
  sqlite.pragma('cache_size = -65536');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: migrationsDir });
  return { sqlite, db };
}

