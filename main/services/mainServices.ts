/**
 * The main-process services wired to the IPC contract. Electron (main/electron) and browser
 * mode (main/host) both build their IPC surface from this one function.
 */
import { ipcContract, type IpcContract } from '../../common/ipc/contract';
import type { RemoteControlHost } from '../remote/remoteControlHost';
import { SqliteChatHistoryStore } from '../meetings/chatHistoryStore';
import { createMeetingServices, type MeetingOptions } from '../meetings/meetingServices';
import { createRemoteServices, type RemoteOptions } from '../remote/remoteServices';
import { SqliteAuditLog } from '../remote/sqliteAuditLog';
import { createDispatcher, type Dispatcher } from '../ipc/dispatcher';
import { EventBus } from '../ipc/eventBus';
import type { Logger } from '../log';
import { AppInfoService, type AppInfoOptions } from './appInfoService';
import { ScreenPicker } from './screenPicker';
import { ServerHealthService } from './serverHealthService';
import { createTrackerServices, type TrackerOptions, type TrackerRuntime } from './trackerServices';
import type { UpdateService } from './updateService';
import { createSyncServices, type SyncOptions } from '../sync/syncServices';

export interface MainServicesOptions {
  app: AppInfoOptions;
  updates: UpdateService;
  log: Logger;
  /** Remote control of this machine (its consent prompt; decisions are audited in the tracker's store). */
  remote?: RemoteOptions;
  /** The local project/time tracker (SQLite in the data dir). */
  tracker: TrackerOptions;
  /** Meetings: tokens, chat history, received files, recordings (the server URL comes from `app`). */
  meetings: Omit<MeetingOptions, 'serverUrl' | 'chatHistory'>;
  /** Tracker sync with the server (the server URL comes from `app`); absent: sync is off. */
  sync?: Omit<SyncOptions, 'serverUrl'>;
}

export interface MainServices {
  dispatcher: Dispatcher;
  events: EventBus<IpcContract>;
  remote: RemoteControlHost;
  /** Asks the page which screen or window to share (the desktop shell's getDisplayMedia). */
  screenPicker: ScreenPicker;
  tracker: TrackerRuntime;
  /** Stops timers and closes the store (checkpointing its WAL). */
  close(): void;
}

export function createMainServices(options: MainServicesOptions): MainServices {
  const events = new EventBus(ipcContract);
  const appInfo = new AppInfoService(options.app);
  const { updates } = options;
  const tracker = createTrackerServices(options.tracker, events, options.log);
  const serverHealth = new ServerHealthService({
    serverUrl: options.app.serverUrl,
    joinCode: options.meetings.joinCode ?? null,
    identity: () => tracker.identity(),
  });
  // Chat history lives in the same local SQLite file as the tracker (its own table).
  const chatHistory = new SqliteChatHistoryStore(tracker.store);
  const meetings = createMeetingServices({ ...options.meetings, serverUrl: options.app.serverUrl, chatHistory });
  const remote = createRemoteServices(options.remote ?? {}, events, new SqliteAuditLog(tracker.store));
  const screenPicker = new ScreenPicker(
    (request) => events.emit('screen.pickRequested', request),
    (requestId) => events.emit('screen.pickClosed', { requestId }),
  );
  const sync = createSyncServices(options.sync ? { ...options.sync, serverUrl: options.app.serverUrl } : null, tracker, events, options.log);

  const dispatcher = createDispatcher(
    ipcContract,
    {
      app: { getInfo: () => appInfo.getInfo() },
      server: { getHealth: () => serverHealth.getHealth() },
      updates: {
        getStatus: () => updates.getStatus(),
        check: () => updates.check(),
        installAndRestart: () => updates.installAndRestart(),
      },
      screen: { pick: (requestId, sourceId, audio) => screenPicker.answer(requestId, sourceId, audio) },
      ...tracker.handlers,
      ...remote.handlers,
      ...meetings.handlers,
      ...sync.handlers,
    },
    options.log,
  );
  return {
    dispatcher,
    events,
    tracker,
    remote: remote.host,
    screenPicker,
    close: () => {
      void sync.close();
      remote.close();
      meetings.close();
      tracker.close();
    },
  };
}
