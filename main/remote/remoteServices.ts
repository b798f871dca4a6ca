/**
 * Remote control in main: the host service with its consent prompt, audit log, idle source and
 * lazily loaded injector, plus the handlers for the `remote.*` contract service.
 */
import type { IpcContract } from '../../common/ipc/contract';
import { RpcError } from '../../common/ipc/rpc';
import { createInputInjector, loadSystemClipboard, type ClipboardAccess, type InputInjector } from '../../native/src';
import type { HandlersOf } from '../ipc/dispatcher';
import type { EventBus } from '../ipc/eventBus';
import { PageConsentPrompt } from './pageConsentPrompt';
import type { AuditLog, ConsentPrompt } from './ports';
import { RemoteControlHost } from './remoteControlHost';
import { X11Activity } from './x11Activity';

export interface RemoteOptions {
  /** The desktop shell's native consent dialog; without one, the local page is asked (browser mode). */
  consentPrompt?: ConsentPrompt;
  /** X11 desktops scaled by the toolkit (GDK_SCALE and the like) report physical pixels only. */
  scaleFactor?: number;
}

export interface RemoteRuntime {
  host: RemoteControlHost;
  handlers: Pick<HandlersOf<IpcContract>, 'remote'>;
  close(): void;
}

/** `audit` is where every decision is recorded (the local SQLite store in the app). */
export function createRemoteServices(options: RemoteOptions, events: EventBus<IpcContract>, audit: AuditLog): RemoteRuntime {
  const pagePrompt = options.consentPrompt
    ? null
    : new PageConsentPrompt(
        (request) => events.emit('remote.consentRequested', request),
        (requestId) => events.emit('remote.consentClosed', { requestId }),
      );
  const host = new RemoteControlHost({
    injector: lazyInjector(options.scaleFactor),
    prompt: options.consentPrompt ?? pagePrompt!,
    audit,
    send: (peerId, frame) => events.emit('remote.send', { peerId, frame }),
    onSessionsChanged: (sessions) => events.emit('remote.sessions', sessions),
    activity: process.platform === 'linux' && process.env.DISPLAY ? new X11Activity() : null,
    clipboard: lazyClipboard(),
  });
  return {
    host,
    handlers: {
      remote: {
        status: () => host.status(),
        receive: (peer, frame) => host.receive(peer, frame),
        respond: (requestId, answer) => {
          if (!pagePrompt) throw new RpcError('forbidden', 'Consent is given in the desktop dialog, not from a page');
          pagePrompt.respond(requestId, answer);
        },
        revoke: (sessionId) => host.revoke(sessionId),
        passControl: (sessionId) => host.passControl(sessionId),
        peerGone: (peerId) => host.peerGone(peerId),
        sessions: () => host.sessions(),
        audit: (limit) => audit.recent(limit),
      },
    },
    close: () => host.dispose(),
  };
}

/** Loads the native injector on first use; a failure (no display yet) is retried next time. */
function lazyInjector(scaleFactor?: number): () => Promise<InputInjector> {
  let loading: Promise<InputInjector> | null = null;
  return () => {
    loading ??= createInputInjector({ scaleFactor }).catch((error: unknown) => {
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
