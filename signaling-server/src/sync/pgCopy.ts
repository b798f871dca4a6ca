/**
 * Bulk data in and out of PostgreSQL with COPY (pg-copy-streams).
 * In: `COPY ... FROM STDIN`, rows as tab-separated text the server loads without planning or
 * parsing a statement per row, and without a JSON document it must take apart first. Text
 * format: NULL is `\N`; a backslash, tab, newline or carriage return inside a value is escaped.
 * Out: `COPY (query) TO STDOUT` of one text column, as the raw bytes of the socket: a page of
 * megabytes never becomes one aggregated value in the server nor a string in Node.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

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

/**
 * The output of `COPY (query) TO STDOUT` for a query of one text column, each value followed by
 * a newline, as the socket delivered it, and how many lines it holds. CSV with a delimiter and
 * quote (\x01, \x02) that JSON text never holds raw (it escapes every control character), so a
 * JSON value is neither quoted nor escaped: it arrives byte for byte. COPY takes no parameters:
 * values in `query` are inlined as literals by the caller (`pg.escapeLiteral`).
 */
export async function copyLines(client: pg.PoolClient, query: string): Promise<{ chunks: Buffer[]; lines: number }> {
  const chunks: Buffer[] = [];
  let lines = 0;
  for await (const chunk of client.query(copyTo(`COPY (${query}) TO STDOUT WITH (FORMAT csv, DELIMITER E'\\x01', QUOTE E'\\x02')`)) as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines += 1;
  }
  return { chunks, lines };
}

/** The last line of `copyLines` output (without its newline; it may span chunks), or null when there is none. */
export function lastLine(chunks: readonly Uint8Array[]): string | null {
  const tail: Uint8Array[] = [];
  let ended = false;
  for (let i = chunks.length - 1; i >= 0; i--) {
    let chunk = chunks[i]!;
    if (!ended) {
      if (chunk.length === 0) continue;
      // Every line ends with a newline, the last one too.
      chunk = chunk.subarray(0, chunk.length - 1);
      ended = true;
    }
    const at = chunk.lastIndexOf(10);
    tail.unshift(at === -1 ? chunk : chunk.subarray(at + 1));
    if (at !== -1) break;
  }
  return ended ? Buffer.concat(tail).toString('utf8') : null;
}
