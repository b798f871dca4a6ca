/**
 * The remote-control audit trail in the local SQLite store. Each entry is its own committed
 * row (WAL), so a crash loses nothing already decided.
 */
import { asc, desc } from 'drizzle-orm';
import { RemoteScopeSchema } from '../../common/wire/remoteControl';
import { remoteAudit } from '../store/schema';
import type { TrackerStore } from '../store/trackerStore';
import type { AuditEntry, AuditKind, AuditLog } from './ports';

export class SqliteAuditLog implements AuditLog {
  constructor(private readonly store: Pick<TrackerStore, 'ctx'>) {}

  record(entry: AuditEntry): void {
    this.store.ctx.db
      .insert(remoteAudit)
      .values({ ...entry, scopes: JSON.stringify(entry.scopes) })
      .run();
  }

  /** Everything, oldest first. */
  read(): AuditEntry[] {
    return this.store.ctx.db.select().from(remoteAudit).orderBy(asc(remoteAudit.id)).all().map(toEntry);
  }

  recent(limit: number): AuditEntry[] {
    return this.store.ctx.db.select().from(remoteAudit).orderBy(desc(remoteAudit.id)).limit(limit).all().map(toEntry);
  }
}

function toEntry({ id: _id, scopes, kind, ...rest }: typeof remoteAudit.$inferSelect): AuditEntry {
  return { ...rest, kind: kind as AuditKind, scopes: RemoteScopeSchema.array().parse(JSON.parse(scopes)) };
}
