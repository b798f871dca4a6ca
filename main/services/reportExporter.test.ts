import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openTempStore } from '../store/testing/tempStore';
import { CSV_HEADER, ReportExporter } from './reportExporter';

let cleanup = () => {};
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

it('exports a PDF summary and saves it in the exports folder', async () => {
  const { exporter } = seeded();
  const result = await exporter.export({ from: '2026-03-01', to: '2026-03-31' }, 'pdf');
  expect(result.encoding).toBe('base64');
  const bytes = Buffer.from(result.content, 'base64');
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  expect(existsSync(result.savedPath)).toBe(true);
  expect(readFileSync(result.savedPath).equals(bytes)).toBe(true);
});
