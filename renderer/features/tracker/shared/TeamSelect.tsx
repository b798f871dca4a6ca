/** Picks one team (or none: `everyone` names that choice) to narrow a view to its members. */
import { useAppSelector } from '../../../app/hooks';

export function TeamSelect({ value, onChange, everyone }: { value: string; onChange: (teamId: string) => void; everyone: string }) {
  const teams = useAppSelector((s) => s.tracker.teams);
  return (
    <label>
      <span className="label">Team</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{everyone}</option>
        {teams.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
    </label>
  );
}
