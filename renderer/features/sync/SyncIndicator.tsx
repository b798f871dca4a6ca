/** Sync state in the sidebar: synced / N pending / offline / error with its reason, and a progress bar for a long first sync. */
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { describeSync, SYNC_PHASES, syncNow } from './syncSlice';

export function SyncIndicator() {
  const { status, retrying } = useAppSelector((s) => s.sync);
  const dispatch = useAppDispatch();
  const { label, detail, tone } = describeSync(status);
  const { progress } = status;
  return (
    <div className={`sync-indicator sync-indicator--${tone}`} aria-live="polite" data-testid="sync-indicator">
      <span className="sync-indicator__dot" aria-hidden="true" />
      <span className="sync-indicator__label" title={detail ?? undefined}>
        {label}
      </span>
      {progress && progress.total > 0 && (
        <progress
          className="sync-indicator__progress"
          max={progress.total}
          value={progress.done}
          aria-label={`${SYNC_PHASES[progress.phase]}: ${progress.done} of ${progress.total}`}
        />
      )}
      {detail && tone !== 'ok' && tone !== 'off' && <span className="sync-indicator__detail">{detail}</span>}
      {(tone === 'warn' || tone === 'error') && (
        <button type="button" className="button button--small" disabled={retrying} onClick={() => void dispatch(syncNow())}>
          Retry now
        </button>
      )}
    </div>
  );
}
