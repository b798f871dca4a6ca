/**
 * The only bridge between web content and the main process: `window.meshwork`, built from
 * the IPC contract. It forwards the contract's channels and nothing else; main validates
 * every argument again, so this file holds no trust of its own.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ipcContract } from '../common/ipc/contract';
import { createClient, EVENT_CHANNEL } from '../common/ipc/rpc';

const api = createClient(ipcContract, {
  invoke: (channel, args) => ipcRenderer.invoke(channel, args),
  subscribe(listener) {
    const handler = (_event: IpcRendererEvent, message: { event: string; payload: unknown }) =>
      listener(message.event, message.payload);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
});

contextBridge.exposeInMainWorld('meshwork', api);
