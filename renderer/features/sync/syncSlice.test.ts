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

  it('names a long transfer and how far it is, and says why a workspace loads again', () => {
    expect(describeSync(status({ state: 'syncing', progress: { phase: 'bootstrap', done: 250, total: 1000 } }))).toEqual({ label: 'Downloading workspace · 25%', detail: null, tone: 'busy' });
    expect(describeSync(status({ state: 'syncing', progress: { phase: 'pull', done: 999, total: 1000 } })).label).toBe('Receiving changes · 99%');
    const reload = describeSync(status({ state: 'syncing', progress: { phase: 'reload', done: 1, total: 3 } }));
    expect(reload).toMatchObject({ label: 'Reloading workspace · 33%', tone: 'busy' });
    expect(reload.detail).toMatch(/away longer than the server keeps changes/);
    expect(describeSync(status({ state: 'syncing', pending: 2, progress: { phase: 'bootstrap', done: 0, total: 0 } })).label).toBe('Syncing · 2 changes pending');
  });

  it('keeps the latest status main reported', () => {
    const next = syncReducer(undefined, syncStatusReceived(status({ state: 'syncing', progress: { phase: 'bootstrap', done: 5, total: 10 } })));
    expect(next.status.progress).toEqual({ phase: 'bootstrap', done: 5, total: 10 });
  });
});
