import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ConsentRequestView, MeshworkApi, RemoteSession } from '../../../common/ipc/contract';
import type { RemoteScope } from '../../../common/wire/remoteControl';
import { createAppThunk } from '../../app/hooks';
import type { ControllerState } from './controllerSession';

interface RemoteState {
  /** Who controls or views this machine right now (from main; main is the source of truth). */
  sessions: RemoteSession[];
  /** Browser mode: requests waiting for the local person's answer. */
  consent: ConsentRequestView[];
  error: string | null;
  /** Our controller sessions towards meeting members, by member id. */
  controlling: Record<string, ControllerState>;
}

const initialState: RemoteState = { sessions: [], consent: [], error: null, controlling: {} };

export const revokeRemote = createAppThunk('remote/revoke', (sessionId: string | null, { extra }) => extra.api.remote.revoke(sessionId));

export type RemoteStatus = Awaited<ReturnType<MeshworkApi['remote']['status']>>;

/** What the remote desktop screen shows: this machine's status and the newest audit entries. */
export const loadRemoteOverview = createAppThunk('remote/overview', async (_: void, { extra }) => ({
  status: await extra.api.remote.status(),
  audit: await extra.api.remote.audit(100),
}));

export const passControl = createAppThunk('remote/passControl', (sessionId: string, { extra }) => extra.api.remote.passControl(sessionId));

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
    controllerChanged(state, action: PayloadAction<{ peerId: string; state: ControllerState }>) {
      state.controlling[action.payload.peerId] = action.payload.state;
    },
    controllersCleared(state) {
      state.controlling = {};
    },
  },
  extraReducers: (builder) => {
    builder
      .addCase(revokeRemote.rejected, (state, action) => {
        state.error = action.error.message ?? 'Could not stop remote control';
      })
      .addCase(passControl.rejected, (state, action) => {
        state.error = action.error.message ?? 'Could not pass control';
      })
      .addCase(answerConsent.rejected, (state, action) => {
        state.error = action.error.message ?? 'Could not answer the request';
      });
  },
});

export const remoteActions = remoteSlice.actions;
export const { sessionsReceived, consentRequested, consentClosed } = remoteSlice.actions;
export const remoteReducer = remoteSlice.reducer;
