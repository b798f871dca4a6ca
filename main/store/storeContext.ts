/**
 * What every table module of the store shares: the connection, a clock, an id source, and one
 * `write` wrapper that runs a mutation and its op rows in a single transaction, then tells
 * listeners which entities changed (after the commit, never for a rolled-back write).
 */
import { v7 as uuidv7 } from 'uuid';
import type Database from 'better-sqlite3';
import type { TrackerEntity } from '../../common/tracker/views';
import type { TrackerDb } from './database';
import { OpLog } from './opLog';

export interface StoreContext {
  sqlite: Database.Database;
  db: TrackerDb;
  now: () => number;
  newId: () => string;
  ops: OpLog;
  /** Runs `fn` in one transaction; `touched` entities are announced once it commits. */
  write<T>(touched: readonly TrackerEntity[], fn: () => T): T;
}

export type ChangeListener = (entities: TrackerEntity[]) => void;

export function createStoreContext(
  sqlite: Database.Database,
  db: TrackerDb,
  options: { now?: () => number; newId?: () => string; onChange?: ChangeListener } = {},
): StoreContext {
  const now = options.now ?? Date.now;
  let depth = 0;
  // UUIDv7: unique without coordination (sync) and time-ordered, so new rows append to the
  // id indexes instead of landing on random pages.
  const newId = options.newId ?? uuidv7;
  const ops = new OpLog(sqlite, newId, now);
  const pending = new Set<TrackerEntity>();
  return {
    sqlite,
    db,
    now,
    newId,
    ops,
    write(touched, fn) {
      depth += 1;
      try {
        for (const entity of touched) pending.add(entity);
        // Nested writes join the outer transaction (better-sqlite3 uses savepoints).
        const result = sqlite.transaction(fn).immediate();
        if (depth === 1 && pending.size > 0) {
          const entities = [...pending];
          pending.clear();
          options.onChange?.(entities);
        }
        return result;
      } catch (error) {
        if (depth === 1) pending.clear();
        ops.invalidate();
        throw error;
      } finally {
        depth -= 1;
      }
    },
  };
}
