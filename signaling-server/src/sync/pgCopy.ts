/**
 * Bulk inserts into PostgreSQL with `COPY ... FROM STDIN` (pg-copy-streams): rows go over as
 * tab-separated text that the server loads without planning or parsing a statement per row,
 * and without a JSON document it must take apart first. Text format: NULL is `\N`; a
 * backslash, tab, newline or carriage return inside a value is escaped.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export type CopyValue = string | number | boolean | null;

export function copyText(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value !== 'string') return String(value);
  return SPECIAL.test(value) ? value.replace(SPECIALS, (ch) => ESCAPES[ch]!) : value;
}

/** COPY `rows` into `table`'s `columns` on `client` (inside the caller's transaction, if any). */
export async function copyRows(client: pg.PoolClient, table: string, columns: readonly string[], rows: readonly (readonly CopyValue[])[]): Promise<void> {
  if (rows.length === 0) return;
  const lines = rows.map((row) => row.map(copyText).join('\t'));
  const text = `${lines.join('\n')}\n`;
  await pipeline(Readable.from([Buffer.from(text)]), client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)));
}
