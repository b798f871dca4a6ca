/**
 * The main-process services wired to the IPC contract. Electron (main/electron) and browser
 * mode (main/host) both build their IPC surface from this one function.
 */
import path from 'node:path';
import { ipcContract, type IpcContract } from '../../common/ipc/contract';
import { RpcError } from '../../common/ipc/rpc';
import { createInputInjector, loadSystemClipboard, type ClipboardAccess, type InputInjector } from '../../native/src';
import { JsonlAuditLog } from '../remote/jsonlAuditLog';
import { PageConsentPrompt } from '../remote/pageConsentPrompt';
import type { ConsentPrompt } from '../remote/ports';
import { RemoteControlHost } from '../remote/remoteControlHost';
import { X11Activity } from '../remote/x11Activity';
import { createDispatcher, type Dispatcher } from '../ipc/dispatcher';
import { EventBus } from '../ipc/eventBus';
import type { Logger } from '../log';
import { AppInfoService, type AppInfoOptions } from './appInfoService';
import { ServerHealthService } from './serverHealthService';
import type { UpdateService } from './updateService';
import { FileChatHistoryStore, type ChatHistoryStore } from '../meetings/chatHistoryStore';
import { FileReceiveService } from '../meetings/fileReceiveService';
import { MeetingTokenService } from '../meetings/meetingTokenService';
import { RecordingService } from '../meetings/recordingService';

export interface MainServicesOptions {
  app: AppInfoOptions;
  updates: UpdateService;
  log: Logger;
  dataDir: string;
  /** The desktop shell's native consent dialog; without one, the local page is asked (browser mode). */
  consentPrompt?: ConsentPrompt;
  /** Join code of the signaling server (the embedded one reports its own). */
  joinCode?: string | null;
  /** Where received files go (default `<dataDir>/Received files`). */
  receiveFolder?: string;
  /** Largest file a member may send here (default 4 GiB). */
  maxReceiveBytes?: number;
  /** Chat persistence; defaults to JSON-lines files under `<dataDir>/chat`. */
  chatHistory?: ChatHistoryStore;
}

export interface MainServices {
  dispatcher: Dispatcher;
  events: EventBus<IpcContract>;
  remote: RemoteControlHost;
  dispose(): void;
}

export function createMainServices(options: MainServicesOptions): MainServices {
  const events = new EventBus(ipcContract);
  const appInfo = new AppInfoService(options.app);
  const serverHealth = new ServerHealthService(options.app.serverUrl);
  const { updates } = options;

  const pagePrompt = options.consentPrompt
    ? null
    : new PageConsentPrompt(
        (request) => events.emit('remote.consentRequested', request),
        (requestId) => events.emit('remote.consentClosed', { requestId }),
      );
  const remote = new RemoteControlHost({
    injector: lazyInjector(),
    prompt: options.consentPrompt ?? pagePrompt!,
    audit: new JsonlAuditLog(path.join(options.dataDir, 'remote-audit.jsonl')),
    send: (peerId, frame) => events.emit('remote.send', { peerId, frame }),
    onSessionsChanged: (sessions) => events.emit('remote.sessions', sessions),
    activity: process.platform === 'linux' && process.env.DISPLAY ? new X11Activity() : null,
    clipboard: lazyClipboard(),
  });

  const meetingTokens = new MeetingTokenService({ serverUrl: options.app.serverUrl, joinCode: options.joinCode ?? null });
  const chatHistory = options.chatHistory ?? new FileChatHistoryStore(path.join(options.dataDir, 'chat'));
  const files = new FileReceiveService({
    folder: options.receiveFolder ?? path.join(options.dataDir, 'Received files'),
    maxBytes: options.maxReceiveBytes ?? 4 * 1024 ** 3,
  });
  const recordings = new RecordingService(path.join(options.dataDir, 'Recordings'));

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
      meetings: {
        token: (displayName, userId) => meetingTokens.token(displayName, userId),
        chatHistory: (roomId) => chatHistory.load(roomId),
        chatAppend: (roomId, messages) => chatHistory.append(roomId, messages),
      },
      files: {
        settings: () => files.settings(),
        begin: (file) => files.begin(file),
        write: (receiveId, offset, data) => files.write(receiveId, offset, data),
        finish: (receiveId) => files.finish(receiveId),
        cancel: (receiveId) => files.cancel(receiveId),
      },
      recordings: {
        begin: (label) => recordings.begin(label),
        write: (id, data) => recordings.write(id, data),
        finish: (id) => recordings.finish(id),
      },
      remote: {
        status: () => remote.status(),
        receive: (peer, frame) => remote.receive(peer, frame),
        respond: (requestId, answer) => {
          if (!pagePrompt) throw new RpcError('forbidden', 'Consent is given in the desktop dialog, not from a page');
          pagePrompt.respond(requestId, answer);
        },
        revoke: (sessionId) => remote.revoke(sessionId),
        peerGone: (peerId) => remote.peerGone(peerId),
        sessions: () => remote.sessions(),
      },
    },
    options.log,
  );
  return {
    dispatcher,
    events,
    remote,
    dispose: () => {
      remote.dispose();
      void files.dispose();
      void recordings.dispose();
    },
  };
}

/** Loads the native injector on first use; a failure (no display yet) is retried next time. */
function lazyInjector(): () => Promise<InputInjector> {
  let loading: Promise<InputInjector> | null = null;
  return () => {
    loading ??= createInputInjector().catch((error: unknown) => {
      loading = null;
      throw error;
    });
    return loading;
  };
}

/** The system clipboard, loaded when remote control first needs it. */
function lazyClipboard(): ClipboardAccess {
  let loading: Promise<ClipboardAccess> | null = null;
  const get = () => (loading ??= loadSystemClipboard());
  return { readText: async () => (await get()).readText(), writeText: async (text) => (await get()).writeText(text) };
}
