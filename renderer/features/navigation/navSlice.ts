import { createSlice, type PayloadAction } from '@reduxjs/toolkit';

export type Section = 'home' | 'meetings' | 'remote' | 'tracker';
export type TrackerView = 'dashboard' | 'board' | 'time' | 'resources' | 'reports' | 'people';

/** The tracker's tabs in order, with the digit of their Alt shortcut. */
export const TRACKER_VIEWS: { id: TrackerView; label: string; key: string }[] = [
  { id: 'dashboard', label: 'Dashboard', key: '1' },
  { id: 'board', label: 'Board', key: '2' },
  { id: 'time', label: 'Time', key: '3' },
  { id: 'resources', label: 'Resources', key: '4' },
  { id: 'reports', label: 'Reports', key: '5' },
  { id: 'people', label: 'People', key: '6' },
];

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
