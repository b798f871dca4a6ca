/** One form for adding a member and for editing one: name, role, email, working days and hours. */
import { useState } from 'react';
import type { Member } from '../../../../common/tracker/schemas';
import { useAppDispatch } from '../../../app/hooks';
import { toggled } from '../shared/toggled';
import { trackerCall } from '../trackerSlice';
import { WEEKDAYS } from './workdays';

type Draft = Pick<Member, 'name' | 'role' | 'email' | 'workdays' | 'workStart' | 'workEnd'>;

const EMPTY: Draft = { name: '', role: '', email: '', workdays: [1, 2, 3, 4, 5], workStart: '09:00', workEnd: '17:00' };

/** `member` given: edits it (Save / Cancel). Otherwise adds one and clears itself. */
export function MemberForm({ member, onDone }: { member?: Member; onDone?: () => void }) {
  const dispatch = useAppDispatch();
  const initial: Draft = member ? { name: member.name, role: member.role, email: member.email, workdays: member.workdays, workStart: member.workStart, workEnd: member.workEnd } : EMPTY;
  const [d, setD] = useState<Draft>(initial);
  const heading = member ? `Edit ${member.name}` : 'Add a member';

  return (
    <form
      className="card stack-form"
      aria-label={heading}
      onKeyDown={(e) => e.key === 'Escape' && onDone?.()}
      onSubmit={(e) => {
        e.preventDefault();
        const call = member ? trackerCall((api) => api.tracker.updateMember(member.id, d)) : trackerCall((api) => api.tracker.createMember(d));
        void dispatch(call).then((r) => {
          if (r.meta.requestStatus !== 'fulfilled') return;
          if (member) onDone?.();
          else setD(EMPTY);
        });
      }}
    >
      <h2>{heading}</h2>
      <label>
        <span className="label">Name</span>
        <input value={d.name} onChange={(e) => setD({ ...d, name: e.target.value })} required maxLength={120} autoFocus={Boolean(member)} />
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
      <fieldset className="weekdays">
        <legend className="label">Works on</legend>
        {WEEKDAYS.map((w) => (
          <label key={w.day} className="weekday">
            <input type="checkbox" checked={d.workdays.includes(w.day)} onChange={() => setD({ ...d, workdays: toggled(d.workdays, w.day).sort((a, b) => a - b) })} aria-label={w.name} />
            <span aria-hidden="true">{w.short}</span>
          </label>
        ))}
      </fieldset>
      <div className="row">
        <label>
          <span className="label">Works from</span>
          <input type="time" value={d.workStart} onChange={(e) => setD({ ...d, workStart: e.target.value })} required />
        </label>
        <label>
          <span className="label">to</span>
          <input type="time" value={d.workEnd} onChange={(e) => setD({ ...d, workEnd: e.target.value })} required />
        </label>
      </div>
      <div className="row">
        <button type="submit" className={`button${member ? ' button--primary' : ''}`}>
          {member ? 'Save' : 'Add member'}
        </button>
        {member && (
          <button type="button" className="button" onClick={onDone}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
