/** Connects the dispatcher to ipcMain, accepting calls only from our own pages. */
import { ipcMain, type BrowserWindow, type WebFrameMain } from 'electron';
import { EVENT_CHANNEL, type RpcResult } from '../../common/ipc/rpc';
import type { Dispatcher } from '../ipc/dispatcher';
import type { EventBus } from '../ipc/eventBus';
import type { IpcContract } from '../../common/ipc/contract';
import { isAppUrl } from '../security/navigationPolicy';

export function registerIpc(dispatcher: Dispatcher, appOrigin: string): void {
  for (const channel of dispatcher.channels) {
    ipcMain.handle(channel, (event, args: unknown): Promise<RpcResult> | RpcResult => {
      if (!isTrustedFrame(event.senderFrame, appOrigin)) {
        return { ok: false, error: { code: 'forbidden', message: 'Calls are accepted only from Meshwork pages' } };
      }
      return dispatcher.dispatch(channel, args);
    });
  }
}

export function forwardEvents(events: EventBus<IpcContract>, window: BrowserWindow): () => void {
  return events.addSink((event, payload) => {
    if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, { event, payload });
  });
}

function isTrustedFrame(frame: WebFrameMain | null, appOrigin: string): boolean {
  return frame !== null && isAppUrl(frame.url, appOrigin);
}
