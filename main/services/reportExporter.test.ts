import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterEach, expect, it } from 'vitest';
import { openTempStore } from '../store/testing/tempStore';
import { CSV_HEADER, ReportExporter } from './reportExporter';

let cleanup = () => {};

/** The text a PDF draws, as pdf-lib writes it for the standard fonts: hex strings, in plain or deflated content streams. */
function drawnText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const streams = [...raw.matchAll(/stream\r?\n([\s\S]*?)endstream/g)].map((m) => {
    const bytes = Buffer.from(m[1]!, 'latin1');
    try {
      return inflateSync(bytes).toString('latin1');
    } catch {
      return m[1]!;
    }
  });
  return [...streams.join('\n').matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g)].map((m) => Buffer.from(m[1]!, 'hex').toString('latin1')).join('\n');
}
afterEach(() => cleanup());

const H = 3_600_000;
const T0 = Date.UTC(2026, 2, 2, 9);

function seeded() {
  const opened = openTempStore({ now: () => T0 + 48 * H });
  cleanup = opened.cleanup;
  const { store } = opened;
  const me = store.members.me();
  const project = store.projects.create({ name: 'Website', client: 'Acme, Inc.' });
  const task = store.tasks.create({ projectId: project.id, title: 'Landing page' });
  store.entries.create({ taskId: task.id, startedAt: T0, endedAt: T0 + 1.5 * H, description: '=SUM(A1:A9)' }, me.id);
  store.entries.create({ taskId: task.id, startedAt: T0 + 2 * H, endedAt: T0 + 3 * H, billable: false }, me.id);
  return { ...opened, me, task, exporter: new ReportExporter(store, path.join(opened.dir, 'exports'), () => T0 + 48 * H) };
}

it('exports one CSV row per entry, quoted where needed and safe from spreadsheet formulas', async () => {
  const { exporter } = seeded();
  const result = await exporter.export({ from: '2026-03-01', to: '2026-03-31' }, 'csv');
  expect(result).toMatchObject({ fileName: 'meshwork-report-2026-03-01-to-2026-03-31.csv', mimeType: 'text/csv', encoding: 'utf8' });
  expect(readFileSync(result.savedPath, 'utf8')).toBe(result.content);
  expect(result.content.trim().split('\n')).toEqual([
    CSV_HEADER.join(','),
    `2026-03-02,09:00,10:30,1.50,Website,"Acme, Inc.",Landing page,Me,yes,'=SUM(A1:A9)`,
    '2026-03-02,11:00,12:00,1.00,Website,"Acme, Inc.",Landing page,Me,no,',
  ]);
});

it("exports only a team's members' entries when the report is filtered to a team", async () => {
  const { exporter, store, me, task } = seeded();
  const ana = store.members.create({ name: 'Ana' });
  store.entries.create({ taskId: task.id, startedAt: T0 + 4 * H, endedAt: T0 + 5 * H }, ana.id);
  const team = store.members.createTeam({ name: 'Just Ana', memberIds: [ana.id] });
  const rows = async (range: object) => (await exporter.export({ from: '2026-03-01', to: '2026-03-31', ...range }, 'csv')).content.trim().split('\n').slice(1);
  expect(await rows({})).toHaveLength(3);
  expect(await rows({ teamId: team.id })).toEqual(['2026-03-02,13:00,14:00,1.00,Website,"Acme, Inc.",Landing page,Ana,yes,']);
  expect(await rows({ teamId: team.id, memberId: me.id })).toEqual([]);
});

it('names what a filtered export covers, in its file name and on the PDF', async () => {
  const { exporter, store } = seeded();
  const ana = store.members.create({ name: 'Ana' });
  const team = store.members.createTeam({ name: 'Design & UX', memberIds: [ana.id] });
  const result = await exporter.export({ from: '2026-03-01', to: '2026-03-31', teamId: team.id }, 'pdf');
  expect(result.fileName).toBe('meshwork-report-2026-03-01-to-2026-03-31-design-ux.pdf');
  const text = drawnText(Buffer.from(result.content, 'base64'));
  expect(text).toContain('Team: Design & UX');
  expect(text).toContain('Time report');
  // Unfiltered, it says nothing about a scope.
  expect(drawnText(Buffer.from((await exporter.export({ from: '2026-03-01', to: '2026-03-31' }, 'pdf')).content, 'base64'))).not.toContain('Team:');
});

it('exports a PDF summary and saves it in the exports folder', async () => {
  const { exporter } = seeded();
  const result = await exporter.export({ from: '2026-03-01', to: '2026-03-31' }, 'pdf');
  expect(result.encoding).toBe('base64');
  const bytes = Buffer.from(result.content, 'base64');
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  expect(existsSync(result.savedPath)).toBe(true);
  expect(readFileSync(result.savedPath).equals(bytes)).toBe(true);
});
