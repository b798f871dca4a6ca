import { createSlice, type PayloadAction } from '@reduxjs/toolkit';

export type Theme = 'dark' | 'light';
const STORAGE_KEY = 'meshwork.theme';

export function initialTheme(): Theme {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (saved === 'dark' || saved === 'light') return saved;
  return globalThis.matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

export function persistTheme(theme: Theme): void {
  globalThis.localStorage?.setItem(STORAGE_KEY, theme);
}

const themeSlice = createSlice({
  name: 'theme',
  initialState: { theme: 'dark' as Theme },
  reducers: {
    themeSet(state, action: PayloadAction<Theme>) {
      state.theme = action.payload;
    },
    themeToggled(state) {
      state.theme = state.theme === 'dark' ? 'light' : 'dark';
    },
  },
});

export const { themeSet, themeToggled } = themeSlice.actions;
export const themeReducer = themeSlice.reducer;
