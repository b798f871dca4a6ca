/**
 * The live objects behind the meetings screen: the lobby's preview stream and the current
 * session. Thunks here are what components call; they keep Redux and the live objects in step.
 */
import { parseJoinLink } from '../../../common/links';
import { createAppThunk } from '../../app/hooks';
import { captureLocalMedia, describeMediaError, listDevices } from './media/localMedia';
import { mediaRegistry } from './media/mediaRegistry';
import { MeetingSession, SELF_TILE, type JoinTarget } from './meetingSession';
import { meetingsActions as A } from './meetingsSlice';

let session: MeetingSession | null = null;
let preview: MediaStream | null = null;

export function currentSession(): MeetingSession | null {
  return session;
}

/** Starts (or restarts, after a device change) the lobby preview. */
export const startPreview = createAppThunk('meetings/preview', async (_: void, { dispatch, getState }) => {
  const { cameraId, micId } = getState().meetings.devices;
  try {
    const stream = await captureLocalMedia({ cameraId, micId });
    for (const track of preview?.getTracks() ?? []) track.stop();
    preview = stream;
    mediaRegistry.set(SELF_TILE, 'camera', stream);
    dispatch(A.devicesListed(await listDevices()));
    return null;
  } catch (error) {
    dispatch(A.devicesListed(await listDevices().catch(() => ({ cameras: [], mics: [] }))));
    return describeMediaError(error);
  }
});

export function stopPreview(): void {
  if (session) return;
  for (const track of preview?.getTracks() ?? []) track.stop();
  preview = null;
  mediaRegistry.remove(SELF_TILE);
}

/** A device was picked (lobby or call) or one went away: capture again and swap it in. */
export const switchDevices = createAppThunk('meetings/switchDevices', async (_: void, { dispatch, getState }) => {
  if (!session) {
    await dispatch(startPreview());
    return;
  }
  const { cameraId, micId } = getState().meetings.devices;
  try {
    const stream = await captureLocalMedia({ cameraId, micId });
    await session.replaceLocalStream(stream);
  } catch (error) {
    dispatch(A.noticeShown(`Could not switch devices: ${describeMediaError(error)}`));
  }
  dispatch(A.devicesListed(await listDevices()));
});

/**
 * Devices came or went during a call: refresh the pickers, and capture again when a device in
 * use was unplugged (its track ended) so the call carries on with what is left.
 */
export const devicesChanged = createAppThunk('meetings/devicesChanged', async (_: void, { dispatch }) => {
  dispatch(A.devicesListed(await listDevices()));
  if (session?.hasEndedLocalTrack()) await dispatch(switchDevices());
});

export const joinMeeting = createAppThunk('meetings/join', async (target: JoinTarget, { dispatch, getState, extra }) => {
  if (session) return;
  const state = getState().meetings;
  const displayName = state.displayName.trim();
  if (!displayName) {
    dispatch(A.joinFailed('Enter your name first'));
    return;
  }
  dispatch(A.joining());
  const created = new MeetingSession({
    api: extra.api,
    dispatch,
    displayName,
    localStream: preview,
    videoCap: state.videoCap,
    relayOnly: state.relayOnly,
    getChat: () => getState().meetings.chat,
    // Removed by the server or a failed resume: forget the session so a new join can start.
    onEnded: () => {
      if (session === created) {
        session = null;
        void dispatch(startPreview());
      }
    },
  });
  session = created;
  preview = null;
  try {
    await created.start(target);
  } catch (error) {
    // leave() also forgets the session and restarts the preview (onEnded).
    await created.leave().catch(() => undefined);
    session = null;
    dispatch(A.joinFailed(describeJoinError(error)));
  }
});

export const leaveMeeting = createAppThunk('meetings/leave', async () => {
  // The session's onEnded forgets it and restarts the lobby preview.
  await session?.leave();
});

/** What people paste: a meshwork:// link, an invite code with the room id, or just a room id. */
export function parseJoinInput(roomOrLink: string, code: string): { roomId: string; invite: string | null } | { error: string } {
  const raw = roomOrLink.trim();
  if (raw.startsWith('meshwork://')) {
    const link = parseJoinLink(raw);
    return link ? { roomId: link.room, invite: link.code } : { error: 'That is not a valid Meshwork link' };
  }
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(raw)) return { error: 'Room ids are letters, digits, _ or -' };
  const invite = code.trim();
  if (invite && !/^[A-Za-z0-9_-]{1,128}$/.test(invite)) return { error: 'That invite code is not valid' };
  return { roomId: raw, invite: invite || null };
}

function describeJoinError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'no-such-room':
      return 'That meeting does not exist (or has ended)';
    case 'bad-invite':
      return 'The invite code is wrong or has expired';
    case 'room-full':
      return 'The meeting is full';
    case 'room-locked':
      return 'The meeting is locked';
    default:
      return `Could not join: ${message}`;
  }
}

/** Where received files go: read, typed (browser mode), or picked in main's dialog (Electron). */
export const receiveSettings = createAppThunk('meetings/receiveSettings', (_: void, { extra }) => extra.api.files.settings());
export const setReceiveFolder = createAppThunk('meetings/setReceiveFolder', (folder: string, { extra }) => extra.api.files.setFolder(folder));
export const chooseReceiveFolder = createAppThunk('meetings/chooseReceiveFolder', (_: void, { extra }) => extra.api.files.chooseFolder());
