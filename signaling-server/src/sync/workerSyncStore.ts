/**
 * The SQLite sync store on a worker thread of its own (sqliteStoreWorker.ts), behind the same
 * SyncStore interface. The ops of a push are validated here, on the event loop that received
 * them, and cross to the worker as a structured clone (about 5 ms per 5,000 ops); while the
 * worker writes one batch, this thread already reads and checks the next.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SyncStore } from './syncStore';

/** Where the worker's bundle lies, next to the server's (scripts/build.mjs). */
export const SQLITE_STORE_WORKER = 'sqliteStore.worker.cjs';

type Method = Exclude<keyof SyncStore, 'kind' | 'close'>;

type StoreCall = { [M in Method]: { method: M; args: Parameters<SyncStore[M]> } }[Method] | { method: 'close' };
export type StoreRequest = StoreCall & { id: number };
export type StoreReply = { id: number; result: unknown } | { id: number; error: string };
export interface StoreWorkerData {
  file: string;
}

/** `serverDir`: the folder of the built server bundle, where the worker's bundle lies beside it. */
export async function openSqliteSyncStoreOnWorker(file: string, serverDir: string): Promise<SyncStore> {
  const worker = new Worker(path.join(serverDir, SQLITE_STORE_WORKER), { workerData: { file } satisfies StoreWorkerData });
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let lost: Error | null = null;

  worker.on('message', (reply: StoreReply) => {
    const call = waiting.get(reply.id);
    if (!call) return;
    waiting.delete(reply.id);
    if ('error' in reply) call.reject(new Error(reply.error));
    else call.resolve(reply.result);
  });
  const fail = (error: Error) => {
    lost ??= error;
    for (const call of waiting.values()) call.reject(lost);
    waiting.clear();
  };
  worker.on('error', (error) => fail(new Error(`The sync store stopped: ${error.message}`)));
  worker.on('exit', (code) => fail(new Error(`The sync store stopped (exit code ${code})`)));

  const call = <T>(request: StoreCall): Promise<T> => {
    if (lost) return Promise.reject(lost);
    const id = ++nextId;
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...request, id } satisfies StoreRequest);
    });
  };
  // Opening the file (and migrating it) fails here, not at the first push.
  await call({ method: 'head', args: [''] });

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
      if (!lost) await call({ method: 'close' });
      await worker.terminate();
    },
  };
}
