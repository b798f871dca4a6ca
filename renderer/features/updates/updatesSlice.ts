import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { UpdateStatus } from '../../../common/ipc/contract';
import { createAppThunk } from '../../app/hooks';

export const loadUpdateStatus = createAppThunk('updates/load', (_arg: void, { extra }) => extra.api.updates.getStatus());
export const checkForUpdates = createAppThunk('updates/check', (_arg: void, { extra }) => extra.api.updates.check());
export const installUpdate = createAppThunk('updates/install', (_arg: void, { extra }) => extra.api.updates.installAndRestart());

const updatesSlice = createSlice({
  name: 'updates',
  initialState: { status: { state: 'idle' } as UpdateStatus, error: null as string | null },
  reducers: {
    updateStatusReceived(state, action: PayloadAction<UpdateStatus>) {
      state.status = action.payload;
    },
  },
  extraReducers: (builder) => {
    builder
      .addCase(loadUpdateStatus.fulfilled, (state, action) => {
        state.status = action.payload;
      })
      .addCase(checkForUpdates.fulfilled, (state, action) => {
        state.status = action.payload;
        state.error = null;
      })
      .addCase(checkForUpdates.rejected, (state, action) => {
        state.error = action.error.message ?? 'Update check failed';
      })
      .addCase(installUpdate.rejected, (state, action) => {
        state.error = action.error.message ?? 'Could not install the update';
      });
  },
});

export const { updateStatusReceived } = updatesSlice.actions;
export const updatesReducer = updatesSlice.reducer;
