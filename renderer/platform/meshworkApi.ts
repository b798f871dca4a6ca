/**
 * Where the renderer gets `window.meshwork`: the preload's in Electron, or one built over the
 * browser-mode host socket. Either way the rest of the renderer sees the same API.
 */
import type { MeshworkApi } from '../../common/ipc/contract';
import { createBrowserApi, HostSocket, takeLaunchToken } from './browserBridge';

declare global {
  interface Window {
    meshwork?: MeshworkApi;
  }
}

export interface Platform {
  api: MeshworkApi;
  /** Present in browser mode only: the host connection whose state the UI shows. */
  hostSocket: HostSocket | null;
}

export function connectPlatform(): Platform | { error: string } {
  if (window.meshwork) return { api: window.meshwork, hostSocket: null };
  const token = takeLaunchToken();
  if (!token) {
    return { error: 'This page needs the link Meshwork printed when it started (it carries a one-time token).' };
  }
  const hostSocket = new HostSocket(token);
  const api = createBrowserApi(hostSocket);
  // Same global in both modes, so devtools and tests can reach the API the same way.
  Object.defineProperty(window, 'meshwork', { value: api, configurable: false, writable: false });
  return { api, hostSocket };
}
