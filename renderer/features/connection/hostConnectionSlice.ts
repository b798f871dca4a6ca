import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { HostConnectionState } from '../../platform/browserBridge';

/** Electron's IPC cannot drop, so there the state is always 'direct'. */
type State = { state: HostConnectionState | 'direct' };

const hostConnectionSlice = createSlice({
  name: 'hostConnection',
  initialState: { state: 'direct' } as State,
  reducers: {
    hostConnectionChanged(state, action: PayloadAction<HostConnectionState>) {
      state.state = action.payload;
    },
  },
});

export const { hostConnectionChanged } = hostConnectionSlice.actions;
export const hostConnectionReducer = hostConnectionSlice.reducer;
