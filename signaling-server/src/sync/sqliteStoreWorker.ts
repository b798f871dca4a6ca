/**
 * Worker thread entry (bundled as `server/sqliteStore.worker.cjs`): the SQLite sync store,
 * which is synchronous, runs here so that a big push (about 140 ms per 5,000 ops) or a
 * snapshot page never holds the server's event loop, where signaling, REST and metrics wait.
 * Calls run in the order they arrive, as they would on one thread; a page's bytes go back
 * transferred, not copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteSyncStore } from './sqliteSyncStore';
import type { JsonText, SyncStore } from './syncStore';
import { ownBuffer, type WorkerReply } from '../workers/workerCalls';
import type { StoreRequest, StoreWorkerData } from './workerSyncStore';

const port = parentPort;
if (!port) throw new Error('sqliteStore.worker runs as a worker thread');

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

// A file that cannot be opened is every call's answer (the first is the opening's), in SQLite's words.
let store: SyncStore | null = null;
let openFailure = '';
try {
  store = openSqliteSyncStore((workerData as StoreWorkerData).file);
} catch (error) {
  openFailure = `The sync store could not open ${(workerData as StoreWorkerData).file}: ${message(error)}`;
}

port.on('message', (request: StoreRequest) => {
  if (!store) return port.postMessage({ id: request.id, error: openFailure } satisfies WorkerReply);
  if (request.method === 'close') {
    void store.close().then(() => port.postMessage({ id: request.id, result: undefined } satisfies WorkerReply));
    return;
  }
  const call = (store[request.method] as (...args: unknown[]) => Promise<unknown>).apply(store, request.args);
  call.then(
    (result) => {
      const page = result as { items?: JsonText } | null;
      if (!(page?.items instanceof Uint8Array)) return port.postMessage({ id: request.id, result } satisfies WorkerReply);
      const items = ownBuffer(page.items);
      port.postMessage({ id: request.id, result: { ...page, items } } satisfies WorkerReply, [items.buffer as ArrayBuffer]);
    },
    (error: unknown) => port.postMessage({ id: request.id, error: message(error) } satisfies WorkerReply),
  );
});
