import { describe, expect, it } from 'vitest';
import { DISABLED_SYNC_STATUS, type SyncStatus } from '../../../common/sync/status';
import { describeSync, syncReducer, syncStatusReceived } from './syncSlice';

const status = (patch: Partial<SyncStatus>): SyncStatus => ({ ...DISABLED_SYNC_STATUS, error: null, ...patch });

describe('describeSync', () => {
  it('says synced, pending counts, offline and errors with their reason', () => {
    expect(describeSync(status({ state: 'synced' }))).toMatchObject({ label: 'Synced', tone: 'ok' });
    expect(describeSync(status({ state: 'pending', pending: 3 })).label).toBe('3 changes pending');
    expect(describeSync(status({ state: 'pending', pending: 1 })).label).toBe('1 change pending');
    expect(describeSync(status({ state: 'offline', pending: 2, error: 'Cannot reach the server' }))).toMatchObject({
      label: 'Offline · 2 changes pending',
      detail: 'Cannot reach the server',
      tone: 'warn',
    });
    expect(describeSync(status({ state: 'error', error: 'Server refused: Guests may read' }))).toMatchObject({ tone: 'error', detail: 'Server refused: Guests may read' });
  });

  it('keeps the latest status main reported', () => {
    const next = syncReducer(undefined, syncStatusReceived(status({ state: 'syncing', progress: { phase: 'bootstrap', done: 5, total: 10 } })));
    expect(next.status.progress).toEqual({ phase: 'bootstrap', done: 5, total: 10 });
  });
});
