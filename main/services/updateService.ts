/**
 * What the renderer may ask of updates. The Electron shell implements it with
 * electron-updater; browser mode has nothing to update and says why.
 */
import type { UpdateStatus } from '../../common/ipc/contract';
import { RpcError } from '../../common/ipc/rpc';

export interface UpdateService {
  getStatus(): UpdateStatus;
  check(): Promise<UpdateStatus>;
  installAndRestart(): void;
}

export class UnsupportedUpdates implements UpdateService {
  constructor(private readonly reason: string) {}

  getStatus(): UpdateStatus {
    return { state: 'unsupported', reason: this.reason };
  }

  async check(): Promise<UpdateStatus> {
    return this.getStatus();
  }

  installAndRestart(): void {
    throw new RpcError('unavailable', this.reason);
  }
}
