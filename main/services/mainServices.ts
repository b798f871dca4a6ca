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

export interface MainServicesOptions {
  app: AppInfoOptions;
  updates: UpdateService;
  log: Logger;
  dataDir: string;
  /** The desktop shell's native consent dialog; without one, the local page is asked (browser mode). */
  consentPrompt?: ConsentPrompt;
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
  return { dispatcher, events, remote, dispose: () => remote.dispose() };
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
