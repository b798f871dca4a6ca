/** Resources: allocation against availability per member and week (over-allocation flagged), by team, with what is planned. */
import { useState } from 'react';
import { addDays, addWeeks, format, startOfWeek } from 'date-fns';
import type { Member } from '../../../../common/tracker/schemas';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { TeamSelect } from '../shared/TeamSelect';
import { useTrackerQuery } from '../shared/useTrackerQuery';
import { trackerCall } from '../trackerSlice';

const WEEKS = 6;

export function ResourcesScreen() {
  const allMembers = useAppSelector((s) => s.tracker.members);
  const teams = useAppSelector((s) => s.tracker.teams);
  const [teamId, setTeamId] = useState('');
  const team = teams.find((t) => t.id === teamId);
  const members = team ? allMembers.filter((m) => team.memberIds.includes(m.id)) : allMembers;
  const thisWeek = format(startOfWeek(new Date(), { weekStartsOn: 1 }), 'yyyy-MM-dd');
  const [weekStart, setWeekStart] = useState(thisWeek);
  const weeks = useTrackerQuery(['resources', 'members', 'timeEntries'], (api) => api.tracker.resources(weekStart, WEEKS), weekStart);
  const starts = Array.from({ length: WEEKS }, (_, i) => format(addWeeks(new Date(`${weekStart}T00:00`), i), 'yyyy-MM-dd'));
  const step = (n: number) => setWeekStart(format(addWeeks(new Date(`${weekStart}T00:00`), n), 'yyyy-MM-dd'));

  return (
    <section aria-label="Resources">
      <div className="toolbar">
        <button type="button" className="button" onClick={() => step(-WEEKS)} aria-label={`Previous ${WEEKS} weeks`}>
          ←
        </button>
        <h2 className="toolbar__title" data-testid="resources-range">
          {format(new Date(`${starts[0]}T00:00`), 'd MMM')} – {format(addDays(new Date(`${starts.at(-1)}T00:00`), 6), 'd MMM yyyy')}
        </h2>
        <button type="button" className="button" onClick={() => step(WEEKS)} aria-label={`Next ${WEEKS} weeks`}>
          →
        </button>
        <button type="button" className="button" onClick={() => setWeekStart(thisWeek)} disabled={weekStart === thisWeek}>
          This week
        </button>
        <span className="push-right" />
        <TeamSelect value={teamId} onChange={setTeamId} everyone="Everyone" />
      </div>
      <div className="table-wrap">
        <table className="timesheet resources" aria-label="Allocation against availability">
          <thead>
            <tr>
              <th scope="col">Member</th>
              {starts.map((s) => (
                <th key={s} scope="col">
                  Week of {format(new Date(`${s}T00:00`), 'd MMM')}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {members.length === 0 && (
              <tr>
                <td colSpan={WEEKS + 1} className="muted">
                  {team ? `${team.name} has no members yet: add them under People.` : 'No members yet.'}
                </td>
              </tr>
            )}
            {members.map((m) => (
              <tr key={m.id}>
                <th scope="row">
                  {m.name} <span className="muted">· {m.role || 'member'}</span>
                </th>
                {starts.map((s) => {
                  const w = weeks.data?.find((x) => x.memberId === m.id && x.weekStart === s);
                  if (!w) return <td key={s}>…</td>;
                  return (
                    <td key={s} className={w.overAllocated ? 'cell--over' : undefined} data-testid={w.overAllocated ? 'over-allocated' : undefined}>
                      <div>
                        <strong>{w.allocatedHours}</strong> / {w.availableHours} h
                      </div>
                      <div className="muted small">{w.loggedHours} h logged</div>
                      {w.overAllocated && <div className="small error">Over-allocated</div>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">Allocated / available hours. Availability is each member&apos;s working days and hours minus time off.</p>
      <div className="grid grid--forms">
        <AllocationForm members={members} />
        <TimeOffForm members={members} />
      </div>
      <PlannedList memberIds={members.map((m) => m.id)} />
    </section>
  );
}

/** Allocations and time off that have not ended yet, for these members, each with a way to take it back. */
function PlannedList({ memberIds }: { memberIds: string[] }) {
  const dispatch = useAppDispatch();
  const memberName = new Map(useAppSelector((s) => s.tracker.members).map((m) => [m.id, m.name]));
  const projectName = new Map(useAppSelector((s) => s.tracker.projects).map((p) => [p.id, p.name]));
  const today = format(new Date(), 'yyyy-MM-dd');
  const allocations = useTrackerQuery(['resources', 'projects'], (api) => api.tracker.listAllocations(), 'allocations');
  const timeOff = useTrackerQuery(['resources'], (api) => api.tracker.listTimeOff(), 'time-off');
  const shown = <T extends Planned>(rows: T[] | null) =>
    (rows ?? []).filter((r) => r.endDate >= today && memberIds.includes(r.memberId)).sort((a, b) => a.startDate.localeCompare(b.startDate));
  const who = (r: Planned) => memberName.get(r.memberId) ?? 'Unknown member';

  return (
    <div className="grid grid--forms">
      <PlannedSection
        title="Current and upcoming allocations"
        rows={shown(allocations.data)}
        describe={(a) => `${who(a)} on ${projectName.get(a.projectId) ?? 'a deleted project'}: ${a.hoursPerWeek} h/week`}
        onRemove={(a) => void dispatch(trackerCall((api) => api.tracker.deleteAllocation(a.id)))}
        empty="No current or future allocations."
      />
      <PlannedSection
        title="Current and upcoming time off"
        rows={shown(timeOff.data)}
        describe={(t) => `${who(t)}${t.reason ? `: ${t.reason}` : ''}`}
        onRemove={(t) => void dispatch(trackerCall((api) => api.tracker.deleteTimeOff(t.id)))}
        empty="No current or future time off."
      />
    </div>
  );
}

interface Planned {
  id: string;
  memberId: string;
  startDate: string;
  endDate: string;
}

const day = (iso: string) => new Date(`${iso}T00:00`);

function PlannedSection<T extends Planned>({ title, rows, describe, onRemove, empty }: { title: string; rows: T[]; describe: (row: T) => string; onRemove: (row: T) => void; empty: string }) {
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      <ul className="plain-list planned-list">
        {rows.map((r) => (
          <li key={r.id}>
            <span>
              {describe(r)}
              <span className="muted small">
                {' '}
                · {r.startDate === r.endDate ? format(day(r.startDate), 'd MMM yyyy') : `${format(day(r.startDate), 'd MMM')} – ${format(day(r.endDate), 'd MMM yyyy')}`}
              </span>
            </span>
            <button type="button" className="button button--small button--danger" onClick={() => onRemove(r)}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      {rows.length === 0 && <p className="muted small">{empty}</p>}
    </section>
  );
}

/** `members`: whom the sheet shows (a team's, or everyone). */
function AllocationForm({ members }: { members: Member[] }) {
  const dispatch = useAppDispatch();
  const projects = useAppSelector((s) => s.tracker.projects);
  const monday = format(startOfWeek(new Date(), { weekStartsOn: 1 }), 'yyyy-MM-dd');
  const [d, setD] = useState({ memberId: '', projectId: '', hours: '20', startDate: monday, endDate: format(addWeeks(new Date(`${monday}T00:00`), 4), 'yyyy-MM-dd') });
  const memberId = members.some((m) => m.id === d.memberId) ? d.memberId : (members[0]?.id ?? '');
  const projectId = d.projectId || projects[0]?.id || '';
  return (
    <form
      className="card stack-form"
      aria-label="Allocate a member to a project"
      onSubmit={(e) => {
        e.preventDefault();
        void dispatch(trackerCall((api) => api.tracker.createAllocation({ memberId, projectId, hoursPerWeek: Number(d.hours), startDate: d.startDate, endDate: d.endDate })));
      }}
    >
      <h2>Allocate</h2>
      <label>
        <span className="label">Member</span>
        <select value={memberId} onChange={(e) => setD({ ...d, memberId: e.target.value })}>
          {members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span className="label">Project</span>
        <select value={projectId} onChange={(e) => setD({ ...d, projectId: e.target.value })}>
          {projects.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span className="label">Hours per week</span>
        <input type="number" min="0" max="168" step="0.5" value={d.hours} onChange={(e) => setD({ ...d, hours: e.target.value })} />
      </label>
      <div className="row">
        <label>
          <span className="label">From</span>
          <input type="date" value={d.startDate} onChange={(e) => setD({ ...d, startDate: e.target.value })} />
        </label>
        <label>
          <span className="label">To</span>
          <input type="date" value={d.endDate} onChange={(e) => setD({ ...d, endDate: e.target.value })} />
        </label>
      </div>
      <button type="submit" className="button button--primary" disabled={!memberId || !projectId}>
        Add allocation
      </button>
    </form>
  );
}

function TimeOffForm({ members }: { members: Member[] }) {
  const dispatch = useAppDispatch();
  const today = format(new Date(), 'yyyy-MM-dd');
  const [d, setD] = useState({ memberId: '', startDate: today, endDate: today, reason: '' });
  const memberId = members.some((m) => m.id === d.memberId) ? d.memberId : (members[0]?.id ?? '');
  return (
    <form
      className="card stack-form"
      aria-label="Add time off"
      onSubmit={(e) => {
        e.preventDefault();
        void dispatch(trackerCall((api) => api.tracker.createTimeOff({ memberId, startDate: d.startDate, endDate: d.endDate, reason: d.reason })));
      }}
    >
      <h2>Time off</h2>
      <label>
        <span className="label">Member</span>
        <select value={memberId} onChange={(e) => setD({ ...d, memberId: e.target.value })}>
          {members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      <div className="row">
        <label>
          <span className="label">From</span>
          <input type="date" value={d.startDate} onChange={(e) => setD({ ...d, startDate: e.target.value })} />
        </label>
        <label>
          <span className="label">To</span>
          <input type="date" value={d.endDate} onChange={(e) => setD({ ...d, endDate: e.target.value })} />
        </label>
      </div>
      <label>
        <span className="label">Reason</span>
        <input value={d.reason} onChange={(e) => setD({ ...d, reason: e.target.value })} maxLength={120} placeholder="Holiday, training…" />
      </label>
      <button type="submit" className="button">
        Add time off
      </button>
    </form>
  );
}
