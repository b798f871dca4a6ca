import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ConsentRequestView, RemoteSession } from '../../../common/ipc/contract';
import type { RemoteScope } from '../../../common/wire/remoteControl';
import { createAppThunk } from '../../app/hooks';

interface RemoteState {
  /** Who controls or views this machine right now (from main; main is the source of truth). */
  sessions: RemoteSession[];
  /** Browser mode: requests waiting for the local person's answer. */
  consent: ConsentRequestView[];
  error: string | null;
}

const initialState: RemoteState = { sessions: [], consent: [], error: null };

export const revokeRemote = createAppThunk('remote/revoke', (sessionId: string | null, { extra }) => extra.api.remote.revoke(sessionId));

export const answerConsent = createAppThunk(
  'remote/answer',
  (arg: { requestId: string; allow: false } | { requestId: string; allow: true; scopes: RemoteScope[]; durationSeconds: number }, { extra }) =>
    extra.api.remote.respond(
      arg.requestId,
      arg.allow ? { allow: true, scopes: arg.scopes, durationSeconds: arg.durationSeconds } : { allow: false, reason: 'The request was declined' },
    ),
);

const remoteSlice = createSlice({
  name: 'remote',
  initialState,
  reducers: {
    sessionsReceived(state, action: PayloadAction<RemoteSession[]>) {
      state.sessions = action.payload;
    },
    consentRequested(state, action: PayloadAction<ConsentRequestView>) {
      state.consent.push(action.payload);
    },
    consentClosed(state, action: PayloadAction<string>) {
      state.consent = state.consent.filter((c) => c.requestId !== action.payload);
    },
  },
  extraReducers: (builder) => {
    builder
      .addCase(revokeRemote.rejected, (state, action) => {
        state.error = action.error.message ?? 'Could not stop remote control';
      })
      .addCase(answerConsent.rejected, (state, action) => {
        state.error = action.error.message ?? 'Could not answer the request';
      });
  },
});

export const { sessionsReceived, consentRequested, consentClosed } = remoteSlice.actions;
export const remoteReducer = remoteSlice.reducer;
