/** Sync status as main reports it (`sync.status` event, `sync.status` / `sync.syncNow` calls). */
import { createAsyncThunk, createSlice, type PayloadAction } from '@reduxjs/toolkit';
import { DISABLED_SYNC_STATUS, type SyncProgress, type SyncStatus } from '../../../common/sync/status';
import type { ThunkExtra } from '../../app/store';

export interface SyncSliceState {
  status: SyncStatus;
  retrying: boolean;
}

const initialState: SyncSliceState = { status: { ...DISABLED_SYNC_STATUS, error: null }, retrying: false };

export const loadSyncStatus = createAsyncThunk<SyncStatus, void, { extra: ThunkExtra }>('sync/load', (_, { extra }) => extra.api.sync.status());
export const syncNow = createAsyncThunk<SyncStatus, void, { extra: ThunkExtra }>('sync/now', (_, { extra }) => extra.api.sync.syncNow());

const slice = createSlice({
  name: 'sync',
  initialState,
  reducers: {
    syncStatusReceived(state, action: PayloadAction<SyncStatus>) {
      state.status = action.payload;
    },
  },
  extraReducers: (builder) => {
    builder
      .addCase(loadSyncStatus.fulfilled, (state, action) => {
        state.status = action.payload;
      })
      .addCase(syncNow.pending, (state) => {
        state.retrying = true;
      })
      .addCase(syncNow.fulfilled, (state, action) => {
        state.retrying = false;
        state.status = action.payload;
      })
      .addCase(syncNow.rejected, (state) => {
        state.retrying = false;
      });
  },
});

export const { syncStatusReceived } = slice.actions;
export const syncReducer = slice.reducer;

/** What a long transfer in progress is doing, in words for people. */
export const SYNC_PHASES: Record<SyncProgress['phase'], string> = {
  bootstrap: 'Downloading workspace',
  reload: 'Reloading workspace',
  pull: 'Receiving changes',
  push: 'Sending changes',
};

const RELOAD_DETAIL = 'This device was away longer than the server keeps changes, so the workspace loads again. Changes made here are kept.';

/** One line for people: synced / N pending / offline / error with its reason, or the long transfer under way. */
export function describeSync(status: SyncStatus): { label: string; detail: string | null; tone: 'ok' | 'busy' | 'warn' | 'error' | 'off' } {
  const pending = status.pending === 1 ? '1 change pending' : `${status.pending} changes pending`;
  switch (status.state) {
    case 'disabled':
      return { label: 'Sync off', detail: status.error, tone: 'off' };
    case 'synced':
      return { label: 'Synced', detail: null, tone: 'ok' };
    case 'pending':
      return { label: status.pending > 0 ? pending : 'Waiting to sync', detail: null, tone: 'busy' };
    case 'syncing': {
      const { progress } = status;
      if (progress && progress.total > 0) {
        const percent = Math.min(100, Math.floor((100 * progress.done) / progress.total));
        return { label: `${SYNC_PHASES[progress.phase]} · ${percent}%`, detail: progress.phase === 'reload' ? RELOAD_DETAIL : null, tone: 'busy' };
      }
      return { label: status.pending > 0 ? `Syncing · ${pending}` : 'Syncing…', detail: null, tone: 'busy' };
    }
    case 'offline':
      return { label: status.pending > 0 ? `Offline · ${pending}` : 'Offline', detail: status.error, tone: 'warn' };
    case 'error':
      return { label: 'Sync error', detail: status.error, tone: 'error' };
  }
}
