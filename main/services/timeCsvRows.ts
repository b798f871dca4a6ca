/**
 * Reads time entries from a CSV: Meshwork's own export, Toggl Track's detailed export, or any
 * file whose header names the same columns (date or start date, start or start time, end or end
 * time, optional end date, project, client, task, description, member or user, email,
 * billable). Dates are ISO (2026-03-31), times 24-hour (09:00 or 09:00:00), read as wall-clock
 * time where main runs. A file it cannot read is an error naming the line; nothing is guessed.
 */
import { parse } from 'csv-parse/sync';
import { RpcError } from '../../common/ipc/rpc';

export interface TimeCsvRow {
  /** The line in the file (the header is line 1). */
  line: number;
  startedAt: number;
  endedAt: number;
  project: string;
  client: string;
  task: string;
  description: string;
  member: string;
  email: string;
  billable: boolean;
}

const COLUMNS = {
  date: ['date', 'start date'],
  start: ['start', 'start time'],
  endDate: ['end date'],
  end: ['end', 'end time'],
  project: ['project'],
  client: ['client'],
  task: ['task'],
  description: ['description'],
  member: ['member', 'user'],
  email: ['email'],
  billable: ['billable'],
} as const;
type Column = keyof typeof COLUMNS;
const REQUIRED: Column[] = ['date', 'start', 'end', 'project'];

export const MAX_IMPORT_ROWS = 100_000;

export function readTimeCsv(text: string): TimeCsvRow[] {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    throw new RpcError('invalid-input', `The file is not a readable CSV: ${(error as Error).message}`);
  }
  const [header, ...rows] = records;
  if (!header) throw new RpcError('invalid-input', 'The file is empty');
  const names = header.map((h) => h.toLowerCase());
  const at = Object.fromEntries(
    (Object.keys(COLUMNS) as Column[]).map((c) => [c, names.findIndex((n) => (COLUMNS[c] as readonly string[]).includes(n))]),
  ) as Record<Column, number>;
  const missing = REQUIRED.filter((c) => at[c] < 0);
  if (missing.length) throw new RpcError('invalid-input', `The header has no ${missing.join(', ')} column: is this a time entry export?`);
  if (rows.length > MAX_IMPORT_ROWS) throw new RpcError('invalid-input', `At most ${MAX_IMPORT_ROWS} entries per file`);

  return rows.map((cells, i) => {
    const line = i + 2;
    const cell = (c: Column) => (at[c] >= 0 ? (cells[at[c]] ?? '') : '');
    const fail = (message: string) => new RpcError('invalid-input', `Line ${line}: ${message}`);
    const startedAt = wallClock(cell('date'), cell('start'));
    if (startedAt === null) throw fail(`"${cell('date')} ${cell('start')}" is not a date like 2026-03-31 and a time like 09:00`);
    let endedAt = wallClock(cell('endDate') || cell('date'), cell('end'));
    if (endedAt === null) throw fail(`"${[cell('endDate'), cell('end')].filter(Boolean).join(' ')}" is not ${cell('endDate') ? 'a date and time' : 'a time like 17:30'}`);
    // Meshwork's export has no end date: an end before the start is past midnight.
    if (!cell('endDate') && endedAt < startedAt) endedAt = wallClock(nextDay(cell('date')), cell('end'))!;
    if (endedAt < startedAt) throw fail('the entry ends before it starts');
    if (endedAt - startedAt > 7 * 86_400_000) throw fail('an entry longer than a week is not time tracked');
    const project = cell('project');
    if (!project) throw fail('the entry has no project');
    const billable = cell('billable').toLowerCase();
    return {
      line,
      startedAt,
      endedAt,
      project,
      client: cell('client'),
      task: cell('task'),
      description: cell('description'),
      member: cell('member'),
      email: cell('email').toLowerCase(),
      billable: billable === '' || ['yes', 'true', '1', 'y'].includes(billable),
    };
  });
}

function wallClock(date: string, time: string): number | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  if (!d || !t) return null;
  const [year, month, day, hour, minute, second] = [d[1], d[2], d[3], t[1], t[2], t[3] ?? '0'].map(Number) as [number, number, number, number, number, number];
  // new Date rolls 2026-02-31 over into March: refuse it instead. 24:00 is the day's end.
  const midnight = new Date(year, month - 1, day);
  if (midnight.getMonth() !== month - 1 || midnight.getDate() !== day) return null;
  if (minute > 59 || second > 59 || hour > 24 || (hour === 24 && minute + second > 0)) return null;
  return new Date(year, month - 1, day, hour, minute, second).getTime();
}

function nextDay(date: string): string {
  const d = new Date(`${date}T12:00:00`);
  d.setDate(d.getDate() + 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
