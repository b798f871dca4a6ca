/** Resources: allocation against availability per member and week; over-allocation flagged. */
import { useState } from 'react';
import { addWeeks, format, startOfWeek } from 'date-fns';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { useTrackerQuery } from '../shared/useTrackerQuery';
import { trackerCall } from '../trackerSlice';

const WEEKS = 6;

export function ResourcesScreen() {
  const members = useAppSelector((s) => s.tracker.members);
  const [weekStart] = useState(() => format(startOfWeek(new Date(), { weekStartsOn: 1 }), 'yyyy-MM-dd'));
  const weeks = useTrackerQuery(['resources', 'members', 'timeEntries'], (api) => api.tracker.resources(weekStart, WEEKS), weekStart);
  const starts = Array.from({ length: WEEKS }, (_, i) => format(addWeeks(new Date(`${weekStart}T00:00`), i), 'yyyy-MM-dd'));

  return (
    <section aria-label="Resources">
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
        <AllocationForm />
        <TimeOffForm />
        <MemberForm />
      </div>
    </section>
  );
}

function AllocationForm() {
  const dispatch = useAppDispatch();
  const members = useAppSelector((s) => s.tracker.members);
  const projects = useAppSelector((s) => s.tracker.projects);
  const monday = format(startOfWeek(new Date(), { weekStartsOn: 1 }), 'yyyy-MM-dd');
  const [d, setD] = useState({ memberId: '', projectId: '', hours: '20', startDate: monday, endDate: format(addWeeks(new Date(`${monday}T00:00`), 4), 'yyyy-MM-dd') });
  const memberId = d.memberId || members[0]?.id || '';
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

function TimeOffForm() {
  const dispatch = useAppDispatch();
  const members = useAppSelector((s) => s.tracker.members);
  const today = format(new Date(), 'yyyy-MM-dd');
  const [d, setD] = useState({ memberId: '', startDate: today, endDate: today, reason: '' });
  const memberId = d.memberId || members[0]?.id || '';
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

function MemberForm() {
  const dispatch = useAppDispatch();
  const [d, setD] = useState({ name: '', role: '', email: '', workStart: '09:00', workEnd: '17:00' });
  return (
    <form
      className="card stack-form"
      aria-label="Add a member"
      onSubmit={(e) => {
        e.preventDefault();
        void dispatch(trackerCall((api) => api.tracker.createMember(d))).then((r) => r.meta.requestStatus === 'fulfilled' && setD({ ...d, name: '', role: '', email: '' }));
      }}
    >
      <h2>Team member</h2>
      <label>
        <span className="label">Name</span>
        <input value={d.name} onChange={(e) => setD({ ...d, name: e.target.value })} required maxLength={120} />
      </label>
      <div className="row">
        <label>
          <span className="label">Role</span>
          <input value={d.role} onChange={(e) => setD({ ...d, role: e.target.value })} maxLength={120} />
        </label>
        <label>
          <span className="label">Email</span>
          <input type="email" value={d.email} onChange={(e) => setD({ ...d, email: e.target.value })} />
        </label>
      </div>
      <div className="row">
        <label>
          <span className="label">Works from</span>
          <input type="time" value={d.workStart} onChange={(e) => setD({ ...d, workStart: e.target.value })} />
        </label>
        <label>
          <span className="label">to</span>
          <input type="time" value={d.workEnd} onChange={(e) => setD({ ...d, workEnd: e.target.value })} />
        </label>
      </div>
      <button type="submit" className="button">
        Add member
      </button>
    </form>
  );
}
