import { createSlice } from '@reduxjs/toolkit';
import type { AppInfo, ServerHealth } from '../../../common/ipc/contract';
import { createAppThunk } from '../../app/hooks';

interface AppInfoState {
  info: AppInfo | null;
  health: ServerHealth | null;
  status: 'idle' | 'loading' | 'ready' | 'failed';
  error: string | null;
}

const initialState: AppInfoState = { info: null, health: null, status: 'idle', error: null };

export const loadAppInfo = createAppThunk('appInfo/load', (_arg: void, { extra }) => extra.api.app.getInfo());
export const checkServerHealth = createAppThunk('appInfo/health', (_arg: void, { extra }) => extra.api.server.getHealth());

const appInfoSlice = createSlice({
  name: 'appInfo',
  initialState,
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addCase(loadAppInfo.pending, (state) => {
        state.status = 'loading';
        state.error = null;
      })
      .addCase(loadAppInfo.fulfilled, (state, action) => {
        state.status = 'ready';
        state.info = action.payload;
      })
      .addCase(loadAppInfo.rejected, (state, action) => {
        state.status = 'failed';
        state.error = action.error.message ?? 'Could not reach the Meshwork main process';
      })
      .addCase(checkServerHealth.fulfilled, (state, action) => {
        state.health = action.payload;
      })
      .addCase(checkServerHealth.rejected, (state, action) => {
        state.health = {
          url: state.info?.serverUrl ?? null,
          reachable: false,
          latencyMs: null,
          version: null,
          error: action.error.message ?? 'Health check failed',
          accessError: null,
        };
      });
  },
});

export const appInfoReducer = appInfoSlice.reducer;
