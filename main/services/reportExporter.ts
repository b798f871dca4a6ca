/**
 * Report exports: CSV (one row per time entry, for spreadsheets and invoicing) and a one-page
 * PDF summary. Main writes the file into the data dir's exports folder and also returns the
 * content, so browser mode can hand it to the page as a download.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { format } from 'date-fns';
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { ExportResult, Report, ReportRange } from '../../common/tracker/views';
import { entryFilters, filterParams, rangeBounds } from '../store/reportQueries';
import type { TrackerStore } from '../store/trackerStore';

export const CSV_HEADER = ['Date', 'Start', 'End', 'Hours', 'Project', 'Client', 'Task', 'Member', 'Billable', 'Description'];

const hours = (ms: number) => (ms / 3_600_000).toFixed(2);

export class ReportExporter {
  private readonly store: TrackerStore;
  private readonly exportDir: string;
  private readonly now: () => number;

  constructor(store: TrackerStore, exportDir: string, now: () => number = Date.now) {
    this.store = store;
    this.exportDir = exportDir;
    this.now = now;
  }

  async export(range: Required<Pick<ReportRange, 'from' | 'to'>> & ReportRange, formatName: 'csv' | 'pdf'): Promise<ExportResult> {
    const report = this.store.reports.report(range);
    const scope = this.scopeOf(range);
    const slug = scope
      .map((s) => s.name)
      .join('-')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60);
    const base = `meshwork-report-${report.from}-to-${report.to}${slug ? `-${slug}` : ''}`;
    if (formatName === 'csv') {
      const content = this.csv(range);
      return this.save(`${base}.csv`, 'text/csv', Buffer.from(content, 'utf8'), content, 'utf8');
    }
    const bytes = await pdf(report, scope.map((s) => `${s.what}: ${s.name}`).join('   '));
    return this.save(`${base}.pdf`, 'application/pdf', Buffer.from(bytes), Buffer.from(bytes).toString('base64'), 'base64');
  }

  private csv(range: ReportRange): string {
    const r = { utcOffsetMinutes: 0, ...range };
    const { fromMs, toMs, offsetMs } = rangeBounds(r);
    const now = this.now();
    const rows = this.store.sqlite
      .prepare(
        `SELECT e.started_at AS startedAt, e.ended_at AS endedAt, e.billable, e.description,
                p.name AS project, p.client, t.title AS task, m.name AS member
         FROM time_entries e
         LEFT JOIN projects p ON p.id = e.project_id
         LEFT JOIN tasks t ON t.id = e.task_id
         LEFT JOIN members m ON m.id = e.member_id
         WHERE e.started_at >= @fromMs AND e.started_at < @toMs AND e.deleted_at IS NULL
           ${entryFilters(r, 'e.')}
         ORDER BY e.started_at`,
      )
      .all({ fromMs, toMs, ...filterParams(r) }) as {
      startedAt: number;
      endedAt: number | null;
      billable: number;
      description: string;
      project: string | null;
      client: string | null;
      task: string | null;
      member: string | null;
    }[];
    // Times are written in the viewer's zone (the offset they asked for), as in the report.
    const local = (ms: number) => new Date(ms + offsetMs).toISOString();
    return stringify([
      CSV_HEADER,
      ...rows.map((e) => {
        const end = e.endedAt ?? now;
        return [
          local(e.startedAt).slice(0, 10),
          local(e.startedAt).slice(11, 16),
          local(end).slice(11, 16),
          hours(end - e.startedAt),
          e.project ?? '',
          e.client ?? '',
          e.task ?? '',
          e.member ?? '',
          e.billable ? 'yes' : 'no',
          // Spreadsheets run cells starting with = + - @ as formulas: neutralise them.
          /^[=+\-@]/.test(e.description) ? `'${e.description}` : e.description,
        ];
      }),
    ]);
  }

  /** What the range is narrowed to, by name (a deleted project or member keeps its name). */
  private scopeOf(range: ReportRange): { what: string; name: string }[] {
    const name = (table: 'projects' | 'members' | 'teams', id: string | undefined) =>
      id ? ((this.store.sqlite.prepare(`SELECT name FROM ${table} WHERE id = ?`).pluck().get(id) as string | undefined) ?? 'unknown') : null;
    return [
      { what: 'Project', name: name('projects', range.projectId) },
      { what: 'Team', name: name('teams', range.teamId) },
      { what: 'Member', name: name('members', range.memberId) },
    ].filter((s): s is { what: string; name: string } => s.name !== null);
  }

  private save(fileName: string, mimeType: string, bytes: Buffer, content: string, encoding: 'utf8' | 'base64'): ExportResult {
    mkdirSync(this.exportDir, { recursive: true });
    const savedPath = path.join(this.exportDir, fileName);
    writeFileSync(savedPath, bytes);
    return { fileName, mimeType, content, encoding, savedPath };
  }
}

async function pdf(report: Report, scope: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Time report ${report.from} to ${report.to}`);
  doc.setProducer('Meshwork');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let page = doc.addPage([595, 842]); // A4 portrait, points
  let y = 790;
  const line = (text: string, size = 10, f: PDFFont = font, x = 50) => {
    if (y < 60) {
      page = doc.addPage([595, 842]);
      y = 790;
    }
    page.drawText(ascii(text), { x, y, size, font: f, color: rgb(0.1, 0.1, 0.12) });
    y -= size + 6;
  };
  line('Time report', 20, bold);
  line(`${format(Date.parse(report.from), 'd MMM yyyy')} - ${format(Date.parse(report.to), 'd MMM yyyy')}`, 11);
  if (scope) line(scope, 11);
  line(`Total ${hours(report.totalMs)} h, billable ${hours(report.billableMs)} h`, 11, bold);
  y -= 8;
  const table = (title: string, rows: { label: string; ms: number; billableMs: number; colour?: string }[]) => {
    line(title, 13, bold);
    for (const row of rows.slice(0, 40)) {
      if (row.colour) drawSwatch(page, y, row.colour);
      line(`${row.label.slice(0, 60)}`, 10, font, 64);
      y += 16;
      line(`${hours(row.ms)} h  (${hours(row.billableMs)} billable)`, 10, font, 380);
    }
    y -= 8;
  };
  table('By project', report.byProject);
  table('By member', report.byMember);
  table('By task', report.byTask.map((t) => ({ ...t, label: `${t.projectLabel}: ${t.label}` })));
  table('By day', report.byDay.filter((d) => d.ms > 0));
  return doc.save();
}

function drawSwatch(page: PDFPage, y: number, colour: string): void {
  const n = Number.parseInt(colour.slice(1), 16);
  page.drawRectangle({ x: 50, y: y - 1, width: 9, height: 9, color: rgb(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255) });
}

/** The standard PDF fonts cover WinAnsi only; anything else becomes '?' rather than failing. */
function ascii(text: string): string {
  return text.replace(/[^\x20-\x7e\u00a0-\u00ff]/g, '?');
}
