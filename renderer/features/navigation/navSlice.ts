import { createSlice, type PayloadAction } from '@reduxjs/toolkit';

export type Section = 'home' | 'meetings' | 'remote' | 'tracker';
export type TrackerView = 'dashboard' | 'board' | 'time' | 'resources' | 'reports';

/** Which screen shows. Plain view state: the app has no URLs worth sharing yet. */
const navSlice = createSlice({
  name: 'nav',
  initialState: { section: 'home' as Section, trackerView: 'dashboard' as TrackerView, boardProjectId: null as string | null },
  reducers: {
    sectionChosen(state, action: PayloadAction<Section>) {
      state.section = action.payload;
    },
    trackerViewChosen(state, action: PayloadAction<TrackerView>) {
      state.section = 'tracker';
      state.trackerView = action.payload;
    },
    boardOpened(state, action: PayloadAction<string | null>) {
      state.section = 'tracker';
      state.trackerView = 'board';
      state.boardProjectId = action.payload;
    },
  },
});

export const { sectionChosen, trackerViewChosen, boardOpened } = navSlice.actions;
export const navReducer = navSlice.reducer;
