/**
 * Sync in main: opens the sync client over the tracker's store when a server and a join code are
 * known, pushes after every local write, tells the renderer (`tracker.changed` for remote writes,
 * `sync.status` for progress) and answers the `sync.*` calls.
 */
import type { IpcContract } from '../../common/ipc/contract';
import { DISABLED_SYNC_STATUS, type SyncStatus } from '../../common/sync/status';
import type { HandlersOf } from '../ipc/dispatcher';
import type { EventBus } from '../ipc/eventBus';
import type { Logger } from '../log';
import type { TrackerRuntime } from '../services/trackerServices';
import { LocalSyncStore } from './localSyncStore';
import { SyncClient } from './syncClient';
import { SyncTokenSource } from './syncToken';

export interface SyncOptions {
  serverUrl: string | null;
  joinCode: string | null;
  workspaceId: string;
  /** The built page reader worker (`SYNC_PAGES_WORKER` under the build output). */
  pagesWorker: string;
}

/** `options` null: this install does not sync. */
export function createSyncServices(options: SyncOptions | null, tracker: TrackerRuntime, events: EventBus<IpcContract>, log: Logger) {
  const local = new LocalSyncStore(tracker.store.ctx, (entities) => events.emit('tracker.changed', { entities }));
  let client: SyncClient | null = null;
  let disabled: SyncStatus = DISABLED_SYNC_STATUS;
  if (!options?.serverUrl) disabled = { ...DISABLED_SYNC_STATUS, error: 'No server is configured' };
  else if (!options.joinCode) disabled = { ...DISABLED_SYNC_STATUS, error: 'No join code for the server: set MESHWORK_JOIN_CODE', server: options.serverUrl };
  else {
    const tokens = new SyncTokenSource({
      serverUrl: options.serverUrl,
      joinCode: options.joinCode,
      // The member id is unique per install and stable: the server records it as the author of each push.
      ...tracker.identity(),
      workspaceId: options.workspaceId,
    });
    client = new SyncClient({
      store: local,
      serverUrl: options.serverUrl,
      workspaceId: options.workspaceId,
      pagesWorker: options.pagesWorker,
      token: () => tokens.token(),
      log,
      onStatus: (status) => events.emit('sync.status', status),
    });
    const live = client;
    tracker.onLocalChange(() => live.schedule());
    client.start();
  }

  const handlers: Pick<HandlersOf<IpcContract>, 'sync'> = {
    sync: {
      status: () => client?.status() ?? { ...disabled, pending: local.pendingCount() },
      syncNow: async () => {
        if (!client) return { ...disabled, pending: local.pendingCount() };
        await client.syncNow().catch(() => {});
        return client.status();
      },
    },
  };
  return {
    handlers,
    close: () => client?.stop(),
  };
}
