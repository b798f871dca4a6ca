/**
 * electron-updater behind the UpdateService interface: a generic provider URL from config,
 * a check at start and from the menu, download progress as events, restart to install.
 */
import { app } from 'electron';
import { autoUpdater } from 'electron-updater';
import type { UpdateStatus } from '../../common/ipc/contract';
import { RpcError } from '../../common/ipc/rpc';
import type { Logger } from '../log';
import type { UpdateService } from '../services/updateService';

export class ElectronUpdates implements UpdateService {
  private status: UpdateStatus = { state: 'idle' };
  private readonly listeners = new Set<(status: UpdateStatus) => void>();

  constructor(
    private readonly feedUrl: string,
    private readonly log: Logger,
  ) {
    autoUpdater.logger = null;
    autoUpdater.autoDownload = true;
    autoUpdater.autoInstallOnAppQuit = true;
    autoUpdater.setFeedURL({ provider: 'generic', url: feedUrl });
    autoUpdater.on('checking-for-update', () => this.set({ state: 'checking' }));
    autoUpdater.on('update-not-available', (info) => this.set({ state: 'up-to-date', version: info.version }));
    autoUpdater.on('update-available', (info) =>
      this.set({ state: 'downloading', version: info.version, percent: 0, bytesPerSecond: 0 }),
    );
    autoUpdater.on('download-progress', (progress) => {
      const version = this.status.state === 'downloading' ? this.status.version : 'unknown';
      this.set({ state: 'downloading', version, percent: progress.percent, bytesPerSecond: progress.bytesPerSecond });
    });
    autoUpdater.on('update-downloaded', (info) => this.set({ state: 'ready', version: info.version }));
    autoUpdater.on('error', (error) => {
      this.log.warn({ err: error, feedUrl }, 'update failed');
      this.set({ state: 'error', message: `Update failed: ${error.message}` });
    });
  }

  onStatus(listener: (status: UpdateStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  getStatus(): UpdateStatus {
    return this.status;
  }

  async check(): Promise<UpdateStatus> {
    if (this.status.state === 'downloading' || this.status.state === 'ready') return this.status;
    try {
      await autoUpdater.checkForUpdates();
    } catch {
      // Reported through the 'error' event above.
    }
    return this.status;
  }

  installAndRestart(): void {
    if (this.status.state !== 'ready') throw new RpcError('conflict', 'No update has been downloaded yet');
    setImmediate(() => autoUpdater.quitAndInstall());
  }

  private set(status: UpdateStatus): void {
    this.status = status;
    for (const listener of this.listeners) listener(status);
  }
}

/** Why updates cannot run in this launch, or null when they can. */
export function updatesUnavailableReason(feedUrl: string | null): string | null {
  if (!app.isPackaged) return 'Updates apply to installed builds; this is a development launch.';
  if (!feedUrl) return 'No update server is configured (set MESHWORK_UPDATE_URL).';
  return null;
}
