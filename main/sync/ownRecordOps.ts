/**
 * The ops that recreate, from the records themselves, what this install contributed to them:
 * written when the install moves to another workspace, since its own log is compacted once
 * pushed (OpLog.compact) and cannot be replayed. A record created here becomes an insert of its
 * current values under the clock that created it, followed by updates for the fields this
 * install changed later, under their own clocks, so the new workspace merges to the same values
 * and clocks. Records created elsewhere belong to the workspace they came from and stay behind.
 */
import type Database from 'better-sqlite3';
import { SYNC_ENTITIES } from '../../common/sync/entities';
import { decodeHlc, type Hlc } from '../../common/sync/hlc';
import { ALL_FIELDS, type FieldClocks } from '../../common/sync/merge';
import type { OpLog } from '../store/opLog';
import { SYNC_TABLES, fromSqlValue } from '../store/syncTables';

const PAGE = 5_000;

/** Appends the ops; returns how many. Inside a write transaction. */
export function writeOwnRecordOps(sqlite: Database.Database, ops: OpLog, now: number): number {
  const node = ops.clock().node;
  const ours = (hlc: Hlc | undefined): hlc is Hlc => !!hlc && decodeHlc(hlc).node === node;
  let written = 0;
  for (const entity of SYNC_ENTITIES) {
    const info = SYNC_TABLES[entity];
    const columns = [...info.columns].map(([field, column]) => `"${column}" AS "${field}"`).join(', ');
    // In pages by id (ops are written between reads, which an open cursor would not allow),
    // only records whose creating clock is this install's (<wall 15>-<counter 6>-<node>).
    const page = sqlite.prepare(
      `SELECT id, ${columns}, sync_clocks FROM "${entity}" WHERE id > ? AND substr(json_extract(sync_clocks, '$."*"'), 24) = ? ORDER BY id LIMIT ${PAGE}`,
    );
    for (let after = ''; ; ) {
      const rows = page.all(after, node) as Record<string, unknown>[];
      for (const row of rows) {
        const clocks = JSON.parse(row.sync_clocks as string) as FieldClocks;
        const created = clocks[ALL_FIELDS]!;
        const fields = Object.fromEntries([...info.columns.keys()].map((f) => [f, fromSqlValue(info, f, row[f])]));
        ops.log(entity, row.id as string, 'insert', fields, now, created);
        // Later changes made here, one op per clock, so each field keeps the clock that wrote it.
        const later = new Map<Hlc, Record<string, unknown>>();
        for (const [field, hlc] of Object.entries(clocks)) {
          if (field === ALL_FIELDS || !ours(hlc) || hlc <= created) continue;
          later.set(hlc, { ...later.get(hlc), [field]: fields[field] });
        }
        for (const [hlc, changed] of [...later].sort(([x], [y]) => (x < y ? -1 : 1))) ops.log(entity, row.id as string, 'update', changed, now, hlc);
        written += 1 + later.size;
      }
      if (rows.length < PAGE) break;
      after = rows.at(-1)!.id as string;
    }
  }
  return written;
}
