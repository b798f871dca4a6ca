/**
 * The SQLite sync store on a worker thread of its own (sqliteStoreWorker.ts), behind the same
 * SyncStore interface. The ops of a push are validated here, on the event loop that received
 * them, and cross to the worker as a structured clone (about 5 ms per 5,000 ops); while the
 * worker writes one batch, this thread already reads and checks the next. Should the thread
 * die, the calls it owed fail with the reason and the next call opens the file on a new one
 * (WAL: everything acknowledged is there).
 */
import { Worker } from 'node:worker_threads';
import { WorkerCalls } from '../workers/workerCalls';
import type { SyncStore } from './syncStore';

/** The worker's bundle, beside the server's (scripts/build.mjs). */
export const SQLITE_STORE_WORKER = 'sqliteStore.worker.cjs';

type Method = Exclude<keyof SyncStore, 'kind' | 'close'>;

type StoreCall = { [M in Method]: { method: M; args: Parameters<SyncStore[M]> } }[Method] | { method: 'close' };
export type StoreRequest = StoreCall & { id: number };
export interface StoreWorkerData {
  file: string;
}

interface Thread {
  worker: Worker;
  calls: WorkerCalls<StoreCall>;
}

/** `workerFile`: the built sqliteStore.worker.cjs. `onRestart`: told why, when a dead thread is replaced. */
export async function openSqliteSyncStoreOnWorker(file: string, workerFile: string, onRestart: (reason: string) => void = () => {}): Promise<SyncStore> {
  const start = async (): Promise<Thread> => {
    const worker = new Worker(workerFile, { workerData: { file } satisfies StoreWorkerData });
    const calls = new WorkerCalls<StoreCall>(worker, 'The sync store');
    // Opening the file (and migrating it) fails here, not at the first push.
    try {
      await calls.call({ method: 'head', args: [''] });
      return { worker, calls };
    } catch (error) {
      await worker.terminate();
      throw error;
    }
  };
  let thread = await start();
  let replacing: Promise<Thread> | null = null;
  let closed = false;

  const call = async <T>(request: StoreCall): Promise<T> => {
    if (thread.calls.lost && !closed) {
      if (!replacing) {
        onRestart(thread.calls.lost.message);
        replacing = start().finally(() => (replacing = null));
      }
      thread = await replacing;
    }
    return thread.calls.call<T>(request);
  };

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
      closed = true;
      if (!thread.calls.lost) await thread.calls.call({ method: 'close' });
      await thread.worker.terminate();
    },
  };
}
