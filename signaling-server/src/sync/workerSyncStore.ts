/**
 * The SQLite sync store on a worker thread of its own (sqliteStoreWorker.ts), behind the same
 * SyncStore interface. The ops of a push are validated here, on the event loop that received
 * them, and cross to the worker as a structured clone (about 5 ms per 5,000 ops); while the
 * worker writes one batch, this thread already reads and checks the next.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { WorkerCalls } from '../workers/workerCalls';
import type { SyncStore } from './syncStore';

/** Where the worker's bundle lies, next to the server's (scripts/build.mjs). */
export const SQLITE_STORE_WORKER = 'sqliteStore.worker.cjs';

type Method = Exclude<keyof SyncStore, 'kind' | 'close'>;

type StoreCall = { [M in Method]: { method: M; args: Parameters<SyncStore[M]> } }[Method] | { method: 'close' };
export type StoreRequest = StoreCall & { id: number };
export interface StoreWorkerData {
  file: string;
}

/** `serverDir`: the folder of the built server bundle, where the worker's bundle lies beside it. */
export async function openSqliteSyncStoreOnWorker(file: string, serverDir: string): Promise<SyncStore> {
  const worker = new Worker(path.join(serverDir, SQLITE_STORE_WORKER), { workerData: { file } satisfies StoreWorkerData });
  const calls = new WorkerCalls<StoreCall>(worker, 'The sync store');
  const call = <T>(request: StoreCall) => calls.call<T>(request);
  // Opening the file (and migrating it) fails here, not at the first push.
  try {
    await call({ method: 'head', args: [''] });
  } catch (error) {
    await worker.terminate();
    throw error;
  }

  return {
    kind: 'sqlite',
    append: (...args) => call({ method: 'append', args }),
    readOps: (...args) => call({ method: 'readOps', args }),
    snapshot: (...args) => call({ method: 'snapshot', args }),
    get: (...args) => call({ method: 'get', args }),
    list: (...args) => call({ method: 'list', args }),
    head: (...args) => call({ method: 'head', args }),
    compact: (...args) => call({ method: 'compact', args }),
    async close() {
      if (!calls.lost) await call({ method: 'close' });
      await worker.terminate();
    },
  };
}
