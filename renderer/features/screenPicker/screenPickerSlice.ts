import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ScreenPickRequest } from '../../../common/ipc/contract';
import { createAppThunk } from '../../app/hooks';

interface ScreenPickerState {
  /** The open question from main, if any (the desktop shell's getDisplayMedia). */
  request: ScreenPickRequest | null;
}

const initialState: ScreenPickerState = { request: null };

export const answerScreenPick = createAppThunk(
  'screenPicker/answer',
  (arg: { requestId: string; sourceId: string | null; audio: boolean }, { extra }) => extra.api.screen.pick(arg.requestId, arg.sourceId, arg.audio),
);

const screenPickerSlice = createSlice({
  name: 'screenPicker',
  initialState,
  reducers: {
    pickRequested(state, action: PayloadAction<ScreenPickRequest>) {
      state.request = action.payload;
    },
    pickClosed(state, action: PayloadAction<string>) {
      if (state.request?.requestId === action.payload) state.request = null;
    },
  },
});

export const { pickRequested, pickClosed } = screenPickerSlice.actions;
export const screenPickerReducer = screenPickerSlice.reducer;
