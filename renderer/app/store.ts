import { configureStore } from '@reduxjs/toolkit';
import type { MeshworkApi } from '../../common/ipc/contract';
import { appInfoReducer } from '../features/home/appInfoSlice';
import { hostConnectionReducer } from '../features/connection/hostConnectionSlice';
import { navReducer } from '../features/navigation/navSlice';
import { themeReducer } from '../features/theme/themeSlice';
import { trackerReducer } from '../features/tracker/trackerSlice';
import { updatesReducer } from '../features/updates/updatesSlice';
import { remoteReducer } from '../features/remote/remoteSlice';
import { meetingsReducer } from '../features/meetings/meetingsSlice';
import { screenPickerReducer } from '../features/screenPicker/screenPickerSlice';
import { syncReducer } from '../features/sync/syncSlice';

export interface ThunkExtra {
  api: MeshworkApi;
}

export function createStore(api: MeshworkApi) {
  return configureStore({
    reducer: {
      appInfo: appInfoReducer,
      hostConnection: hostConnectionReducer,
      nav: navReducer,
      theme: themeReducer,
      tracker: trackerReducer,
      updates: updatesReducer,
      remote: remoteReducer,
      meetings: meetingsReducer,
      screenPicker: screenPickerReducer,
      sync: syncReducer,
    },
    middleware: (getDefault) =>
      // Peer quality arrives every second per peer; the serializability check would dominate a call's CPU.
      getDefault({ thunk: { extraArgument: { api } satisfies ThunkExtra }, serializableCheck: false, immutableCheck: false }),
  });
}

export type AppStore = ReturnType<typeof createStore>;
export type RootState = ReturnType<AppStore['getState']>;
export type AppDispatch = AppStore['dispatch'];
