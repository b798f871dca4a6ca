/**
 * Calls to a worker thread of the server, each answered by its id: a reply is `{ id, result }`
 * or `{ id, error }`, and every call still owed fails, with the reason, if the worker stops.
 */
import type { Transferable, Worker } from 'node:worker_threads';

export type WorkerReply = { id: number; result: unknown } | { id: number; error: string };

export class WorkerCalls<Call extends object> {
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private lostWith: Error | null = null;

  /** `what`: the worker as errors name it ("The sync store"). */
  constructor(
    private readonly worker: Worker,
    what: string,
  ) {
    worker.on('message', (reply: WorkerReply) => {
      const call = this.waiting.get(reply.id);
      if (!call) return;
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) worker.unref();
      if ('error' in reply) call.reject(new Error(reply.error));
      else call.resolve(reply.result);
    });
    worker.on('error', (error) => this.fail(new Error(`${what} stopped: ${error.message}`)));
    worker.on('exit', (code) => this.fail(new Error(`${what} stopped (exit code ${code})`)));
    // Only a call owed keeps the process alive.
    worker.unref();
  }

  /** Why the worker stopped, once it has. */
  get lost(): Error | null {
    return this.lostWith;
  }

  call<T>(call: Call, transfer: readonly Transferable[] = []): Promise<T> {
    if (this.lostWith) return Promise.reject(this.lostWith);
    const id = ++this.nextId;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      if (this.waiting.size === 1) this.worker.ref();
      this.worker.postMessage({ ...call, id }, transfer);
    });
  }

  private fail(error: Error): void {
    this.lostWith ??= error;
    for (const call of this.waiting.values()) call.reject(this.lostWith);
    this.waiting.clear();
  }
}

/** Bytes in an ArrayBuffer of their own: transferring a view of a shared (pooled) one would hand over its neighbours too. */
export function ownBuffer(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
}
