/** Reports: time by project, member, task and day over a date range; charts; CSV and PDF export. */
import { useMemo, useState } from 'react';
import { endOfMonth, format, startOfMonth } from 'date-fns';
import type { ExportResult, ReportBucket } from '../../../../common/tracker/views';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { formatDuration, hours } from '../shared/format';
import { TeamSelect } from '../shared/TeamSelect';
import { useTrackerQuery } from '../shared/useTrackerQuery';
import { noticeShown, trackerCall } from '../trackerSlice';
import { DayChart, ProjectChart } from './ReportCharts';

/** Hands an export to the browser as a download (browser mode; in Electron main also saved it). */
function download(result: ExportResult): void {
  const bytes = result.encoding === 'base64' ? Uint8Array.from(atob(result.content), (c) => c.charCodeAt(0)) : new TextEncoder().encode(result.content);
  const url = URL.createObjectURL(new Blob([bytes], { type: result.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = result.fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ReportsScreen() {
  const dispatch = useAppDispatch();
  const projects = useAppSelector((s) => s.tracker.projects);
  const members = useAppSelector((s) => s.tracker.members);
  const teams = useAppSelector((s) => s.tracker.teams);
  const [range, setRange] = useState(() => ({
    from: format(startOfMonth(new Date()), 'yyyy-MM-dd'),
    to: format(endOfMonth(new Date()), 'yyyy-MM-dd'),
    projectId: '',
    memberId: '',
    teamId: '',
  }));
  const query = useMemo(
    () => ({
      from: range.from,
      to: range.to,
      utcOffsetMinutes: -new Date().getTimezoneOffset(),
      ...(range.projectId ? { projectId: range.projectId } : {}),
      ...(range.memberId ? { memberId: range.memberId } : {}),
      ...(range.teamId ? { teamId: range.teamId } : {}),
    }),
    [range],
  );
  const report = useTrackerQuery(['timeEntries', 'projects', 'tasks', 'members', 'teams'], (api) => api.tracker.report(query), JSON.stringify(query));
  const data = report.data;

  const exportAs = async (formatName: 'csv' | 'pdf') => {
    const result = await dispatch(trackerCall((api) => api.tracker.exportReport(query, formatName)));
    if (result.meta.requestStatus !== 'fulfilled') return;
    const file = result.payload as ExportResult;
    download(file);
    dispatch(noticeShown({ kind: 'info', message: `Exported ${file.fileName} (also saved to ${file.savedPath}).` }));
  };

  return (
    <section aria-label="Reports">
      <div className="toolbar">
        <label>
          <span className="label">From</span>
          <input type="date" value={range.from} onChange={(e) => e.target.value && setRange({ ...range, from: e.target.value })} aria-label="Report from" />
        </label>
        <label>
          <span className="label">To</span>
          <input type="date" value={range.to} onChange={(e) => e.target.value && setRange({ ...range, to: e.target.value })} aria-label="Report to" />
        </label>
        <label>
          <span className="label">Project</span>
          <select value={range.projectId} onChange={(e) => setRange({ ...range, projectId: e.target.value })}>
            <option value="">All projects</option>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="label">Member</span>
          <select value={range.memberId} onChange={(e) => setRange({ ...range, memberId: e.target.value })}>
            <option value="">Everyone</option>
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        {teams.length > 0 && <TeamSelect value={range.teamId} onChange={(teamId) => setRange({ ...range, teamId })} everyone="All teams" />}
        <div className="push-right row row--tight">
          <button type="button" className="button" onClick={() => void exportAs('csv')}>
            Export CSV
          </button>
          <button type="button" className="button" onClick={() => void exportAs('pdf')}>
            Export PDF
          </button>
        </div>
      </div>
      {report.error && (
        <div className="notice notice--error" role="alert">
          {report.error}
        </div>
      )}
      {data && (
        <>
          <div className="stat-row">
            <div className="stat">
              <span className="stat__value" data-testid="report-total">
                {formatDuration(data.totalMs)}
              </span>
              <span className="muted">total (h:mm)</span>
            </div>
            <div className="stat">
              <span className="stat__value">{formatDuration(data.billableMs)}</span>
              <span className="muted">billable</span>
            </div>
            <div className="stat">
              <span className="stat__value">{data.byProject.length}</span>
              <span className="muted">projects</span>
            </div>
          </div>
          <div className="grid grid--charts">
            <section className="card" aria-labelledby="by-day-title">
              <h2 id="by-day-title">Hours by day</h2>
              <DayChart days={data.byDay} />
            </section>
            <section className="card" aria-labelledby="by-project-title">
              <h2 id="by-project-title">Hours by project</h2>
              <ProjectChart projects={data.byProject} />
            </section>
          </div>
          <div className="grid">
            <BucketTable title="By project" rows={data.byProject} testId="report-by-project" />
            <BucketTable title="By member" rows={data.byMember} />
            <BucketTable title="By task" rows={data.byTask.map((t) => ({ ...t, label: `${t.label} · ${t.projectLabel}` }))} />
          </div>
        </>
      )}
    </section>
  );
}

function BucketTable({ title, rows, testId }: { title: string; rows: ReportBucket[]; testId?: string }) {
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      <table className="bucket-table" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Hours</th>
            <th scope="col">Billable</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={3} className="muted">
                No time in this range.
              </td>
            </tr>
          )}
          {rows.map((r) => (
            <tr key={r.key}>
              <td>{r.label}</td>
              <td>{hours(r.ms)}</td>
              <td>{hours(r.billableMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
