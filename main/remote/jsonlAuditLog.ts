/**
 * Append-only audit trail of remote-control decisions, one JSON object per line, flushed
 * with each entry so a crash loses nothing already decided.
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AuditEntry, AuditSink } from './ports';

export class JsonlAuditLog implements AuditSink {
  constructor(private readonly file: string) {
    mkdirSync(path.dirname(file), { recursive: true });
  }

  record(entry: AuditEntry): void {
    appendFileSync(this.file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
  }

  read(): AuditEntry[] {
    try {
      return readFileSync(this.file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as AuditEntry);
    } catch {
      return [];
    }
  }
}
