/** People: every member with their role, working week and teams (editable), and the teams themselves. */
import { useState } from 'react';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { ConfirmBar } from '../shared/ConfirmBar';
import { trackerCall } from '../trackerSlice';
import { MemberForm } from './MemberForm';
import { TeamsPanel } from './TeamsPanel';
import { workdaysLabel } from './workdays';

export function PeopleScreen() {
  const members = useAppSelector((s) => s.tracker.members);
  const teams = useAppSelector((s) => s.tracker.teams);
  const meId = useAppSelector((s) => s.tracker.me?.id);
  const dispatch = useAppDispatch();
  const [editing, setEditing] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const edited = members.find((m) => m.id === editing);
  const removed = members.find((m) => m.id === removing);
  // Keyboard users land back on the row they edited, not at the top of the page.
  const doneEditing = (id: string) => {
    setEditing(null);
    requestAnimationFrame(() => document.querySelector<HTMLButtonElement>(`[data-edit-member="${CSS.escape(id)}"]`)?.focus());
  };

  return (
    <section aria-label="People" className="people-screen">
      <div>
        {removed && (
          <ConfirmBar
            question={`Remove ${removed.name}?`}
            action="Remove"
            onConfirm={() => void dispatch(trackerCall((api) => api.tracker.deleteMember(removed.id))).then(() => setRemoving(null))}
            onCancel={() => setRemoving(null)}
          >
            Remove {removed.name}? Their teams and task assignments end; their logged time stays in reports. If they use Meshwork on a computer of their own, they come back
            when it syncs.
          </ConfirmBar>
        )}
        <div className="table-wrap">
          <table className="timesheet roster" aria-label="Members">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Works</th>
                <th scope="col">Teams</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.id} aria-current={m.id === editing ? 'true' : undefined}>
                  <th scope="row">
                    {m.name}
                    {m.id === meId && <span className="muted"> (this install)</span>}
                    <div className="muted small">{m.role || 'member'}</div>
                  </th>
                  <td>{m.email || <span className="muted">–</span>}</td>
                  <td>
                    {workdaysLabel(m.workdays)}
                    <div className="muted small">
                      {m.workStart}–{m.workEnd}
                    </div>
                  </td>
                  <td>
                    {teams
                      .filter((t) => t.memberIds.includes(m.id))
                      .map((t) => t.name)
                      .join(', ') || <span className="muted">–</span>}
                  </td>
                  <td>
                    <div className="row row--tight">
                      <button type="button" className="button button--small" onClick={() => setEditing(m.id)} aria-label={`Edit ${m.name}`} data-edit-member={m.id}>
                        Edit
                      </button>
                      {m.id !== meId && (
                        <button type="button" className="button button--small button--danger" onClick={() => setRemoving(m.id)} aria-label={`Remove ${m.name}`}>
                          Remove
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="grid grid--forms">
          {/* Keyed, so choosing another member starts from their values. */}
          {edited && <MemberForm key={edited.id} member={edited} onDone={() => doneEditing(edited.id)} />}
          <MemberForm />
        </div>
      </div>
      <TeamsPanel />
    </section>
  );
}
