/**
 * A fresh install's bootstrap writes up to millions of rows into empty tables. Maintaining five
 * indexes and the hour-total triggers row by row would cost more than the rows themselves, so
 * the tables being filled lose their indexes and triggers for the load and get them back (and
 * `project_hour_totals` rebuilt in one GROUP BY) at the end. What to restore is saved in `meta`
 * first, so a crash mid-load is repaired the next time the store opens. Without its unique index
 * time_entries may take in two running timers of one member (started on two devices): they are
 * settled before the index is rebuilt (runningConflicts.ts).
 */
import type Database from 'better-sqlite3';
import { SYNC_ENTITIES } from '../../common/sync/entities';
import type { TrackerEntity } from '../../common/tracker/views';
import type { RunningConflicts } from './runningConflicts';

const KEY = 'sync.bulkLoad';
/**
 * Rebuilding indexes and totals reads the loaded table five times over: through a memory map
 * rather than a read call per page (0.4 s less over a million entries). Only for the finish.
 */
const FINISH_MMAP_BYTES = 1 << 30;

interface Saved {
  tables: string[];
  sql: string[];
}

export class BulkLoad {
  /** The tables being loaded (what `meta` says), kept here: the applier asks for every row. */
  private tables: ReadonlySet<string>;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly getMeta: (key: string) => string | null,
    private readonly setMeta: (key: string, value: string) => void,
    private readonly running: RunningConflicts,
    private readonly onChange: (entities: TrackerEntity[]) => void,
  ) {
    this.tables = new Set(this.saved()?.tables);
  }

  /** Whether `table` is being filled without its indexes and triggers. */
  loading(table: string): boolean {
    return this.tables.has(table);
  }

  private saved(): Saved | null {
    const raw = this.getMeta(KEY);
    return raw ? (JSON.parse(raw) as Saved) : null;
  }

  /** Synced tables with no rows: the ones a bootstrap may fill without lookups. */
  emptyTables(): Set<string> {
    return new Set(SYNC_ENTITIES.filter((t) => this.sqlite.prepare(`SELECT 1 FROM "${t}" LIMIT 1`).get() === undefined));
  }

  begin(tables: ReadonlySet<string>): void {
    if (tables.size === 0 || this.getMeta(KEY)) return;
    // In WAL mode every page of the load would be written twice (log, then database). Out of it,
    // pages appended to the file are written once, and a rollback journal keeps only the few
    // pages that existed before, so a crash mid-load still rolls back to a sound file. PERSIST:
    // a commit zeroes the journal's header instead of deleting the file (deleting it cost about
    // a second over a 1M-row load); going back to WAL removes it.
    this.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    this.sqlite.pragma('journal_mode = PERSIST');
    const names = [...tables];
    const objects = this.sqlite
      .prepare(`SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND tbl_name IN (${names.map(() => '?').join(', ')})`)
      .all(...names) as { type: string; name: string; sql: string }[];
    this.sqlite.transaction(() => {
      this.setMeta(KEY, JSON.stringify({ tables: names, sql: objects.map((o) => o.sql) } satisfies Saved));
      for (const o of objects) this.sqlite.exec(`DROP ${o.type === 'index' ? 'INDEX' : 'TRIGGER'} "${o.name}"`);
    })();
    this.tables = new Set(names);
  }

  /**
   * `finish`, with main free to answer between the big steps: the plain indexes are built one
   * per transaction first (each a second or so over a million rows, where the whole finish blocks
   * for several), then the rest. Writes in between are safe: a plain index is kept up to date
   * from the moment it exists, and the hour totals, running timers and unique indexes are settled
   * last, over everything, as before. A crash in between is repaired like any other.
   */
  async finishInSteps(): Promise<void> {
    const saved = this.saved();
    if (!saved) return;
    this.sqlite.pragma(`mmap_size = ${FINISH_MMAP_BYTES}`);
    for (const sql of saved.sql.filter(isPlainIndex)) {
      this.sqlite.exec(ifNotExists(sql));
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.finish();
  }

  finish(): void {
    const saved = this.saved();
    if (!saved) return;
    this.sqlite.pragma(`mmap_size = ${FINISH_MMAP_BYTES}`);
    this.sqlite.transaction(() => {
      // The unique index of running timers cannot be rebuilt over two running entries of one
      // member; settling them looks up each member's next entry, through the plain indexes.
      for (const sql of saved.sql.filter(isPlainIndex)) this.sqlite.exec(ifNotExists(sql));
      if (saved.tables.includes('time_entries')) this.running.settleAll();
      for (const sql of saved.sql) this.sqlite.exec(ifNotExists(sql));
      if (saved.tables.includes('time_entries')) {
        this.sqlite.exec('DELETE FROM project_hour_totals');
        this.sqlite.exec(`INSERT INTO project_hour_totals (hour, project_id, ms, billable_ms)
          SELECT started_at / 3600000, project_id, SUM(ended_at - started_at), SUM(CASE WHEN billable THEN ended_at - started_at ELSE 0 END)
          FROM time_entries WHERE ended_at IS NOT NULL AND deleted_at IS NULL GROUP BY 1, 2`);
      }
      this.sqlite.prepare('DELETE FROM meta WHERE key = ?').run(KEY);
    })();
    this.tables = new Set();
    this.sqlite.pragma('mmap_size = 0');
    this.sqlite.pragma('journal_mode = WAL');
    // Hours now come from the rebuilt totals (and settled timers changed entries): views re-ask.
    if (saved.tables.includes('time_entries')) this.onChange(['timeEntries']);
  }

  recover(): void {
    this.finish();
  }
}

function isPlainIndex(sql: string): boolean {
  return sql.startsWith('CREATE INDEX ');
}

/** What sqlite_master holds for an index or trigger, made safe to run again. */
function ifNotExists(sql: string): string {
  return sql.replace(/^CREATE (UNIQUE )?(INDEX|TRIGGER) /, 'CREATE $1$2 IF NOT EXISTS ');
}
