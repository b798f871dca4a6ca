/** Teams: make one with its members, rename it, tick members in and out, delete it (the members stay). */
import { useState } from 'react';
import type { Member, Team } from '../../../../common/tracker/schemas';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { ConfirmBar } from '../shared/ConfirmBar';
import { toggled } from '../shared/toggled';
import { trackerCall } from '../trackerSlice';

export function TeamsPanel() {
  const teams = useAppSelector((s) => s.tracker.teams);
  return (
    <section className="teams" aria-labelledby="teams-title">
      <h2 id="teams-title">Teams</h2>
      {teams.length === 0 && <p className="muted">No teams yet. A team lets reports and resources show just its people.</p>}
      <ul className="team-list">
        {teams.map((t) => (
          <li key={t.id}>
            <TeamCard team={t} />
          </li>
        ))}
      </ul>
      <NewTeamForm />
    </section>
  );
}

function MemberChecklist({ legend, chosen, onToggle }: { legend: string; chosen: readonly string[]; onToggle: (member: Member) => void }) {
  const members = useAppSelector((s) => s.tracker.members);
  return (
    <fieldset className="member-checklist">
      <legend className="label">{legend}</legend>
      {members.map((m) => (
        <label key={m.id} className="checkbox">
          <input type="checkbox" checked={chosen.includes(m.id)} onChange={() => onToggle(m)} />
          {m.name}
        </label>
      ))}
    </fieldset>
  );
}

function TeamCard({ team }: { team: Team }) {
  const dispatch = useAppDispatch();
  const [mode, setMode] = useState<'view' | 'rename' | 'delete'>('view');
  const [name, setName] = useState(team.name);
  // Ticks land here at once, so a second tick before the store has answered builds on the first.
  // When the store's list changes (an answer, a sync), it replaces the local one.
  const [chosen, setChosen] = useState(team.memberIds);
  const stored = JSON.stringify(team.memberIds);
  const [seen, setSeen] = useState(stored);
  if (stored !== seen) {
    setSeen(stored);
    setChosen(team.memberIds);
  }
  const update = (patch: { name?: string; memberIds?: string[] }) => dispatch(trackerCall((api) => api.tracker.updateTeam(team.id, patch)));
  const toggle = (member: Member) => {
    const next = toggled(chosen, member.id);
    setChosen(next);
    void update({ memberIds: next });
  };

  return (
    <article className="card team-card" aria-label={`Team ${team.name}`}>
      {mode === 'rename' ? (
        <form
          className="inline-form"
          aria-label={`Rename ${team.name}`}
          onKeyDown={(e) => e.key === 'Escape' && setMode('view')}
          onSubmit={(e) => {
            e.preventDefault();
            void update({ name }).then((r) => r.meta.requestStatus === 'fulfilled' && setMode('view'));
          }}
        >
          <label className="grow">
            <span className="label">Team name</span>
            <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} autoFocus />
          </label>
          <button type="submit" className="button button--primary">
            Save
          </button>
          <button type="button" className="button" onClick={() => setMode('view')}>
            Cancel
          </button>
        </form>
      ) : (
        <header className="team-card__header">
          <div className="grow">
            <h3>{team.name}</h3>
            <span className="muted small">
              {team.memberIds.length} {team.memberIds.length === 1 ? 'member' : 'members'}
            </span>
          </div>
          <button type="button" className="button button--small" onClick={() => (setName(team.name), setMode('rename'))}>
            Rename
          </button>
          <button type="button" className="button button--small button--danger" onClick={() => setMode('delete')}>
            Delete
          </button>
        </header>
      )}
      {mode === 'delete' && (
        <ConfirmBar question={`Delete ${team.name}?`} action="Delete team" onConfirm={() => void dispatch(trackerCall((api) => api.tracker.deleteTeam(team.id)))} onCancel={() => setMode('view')}>
          Delete the team “{team.name}”? Its members, their time and allocations stay.
        </ConfirmBar>
      )}
      <MemberChecklist legend="Members" chosen={chosen} onToggle={toggle} />
    </article>
  );
}

function NewTeamForm() {
  const dispatch = useAppDispatch();
  const [name, setName] = useState('');
  const [memberIds, setMemberIds] = useState<string[]>([]);
  return (
    <form
      className="card stack-form"
      aria-label="New team"
      onSubmit={(e) => {
        e.preventDefault();
        void dispatch(trackerCall((api) => api.tracker.createTeam({ name, memberIds }))).then((r) => {
          if (r.meta.requestStatus !== 'fulfilled') return;
          setName('');
          setMemberIds([]);
        });
      }}
    >
      <h3>New team</h3>
      <label>
        <span className="label">Team name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
      </label>
      <MemberChecklist legend="Members" chosen={memberIds} onToggle={(m) => setMemberIds(toggled(memberIds, m.id))} />
      <button type="submit" className="button">
        Create team
      </button>
    </form>
  );
}
