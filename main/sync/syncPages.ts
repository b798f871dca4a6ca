/**
 * Main's side of the sync page reader (syncPagesWorker.ts): pages are fetched and checked on a
 * worker thread, and arrive here as the checked bytes, which main parses again as it writes
 * them (plain JSON.parse: the schema already passed on those very bytes). Checking a page costs
 * about as much as writing it, so the two now run on two cores, and each row's objects live
 * only while that row is written instead of until its whole page is applied.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PageKind } from '../../common/wire/sync';
import { SyncRefused, SyncServerError, type CheckedPage, type PageRequest } from './syncHttp';

/** Where the worker's bundle lies in the build output (scripts/build.mjs). */
export const SYNC_PAGES_WORKER = path.join('main', 'syncPages.worker.cjs');

export type PagesRequest = { type: 'fetch'; id: number; request: PageRequest<PageKind> } | { type: 'release'; buffer: ArrayBuffer };
export type PagesReply =
  | { id: number; page: CheckedPage<PageKind> }
  | { id: number; error: { kind: 'refused'; status: number; message: string } | { kind: 'server'; message: string } | { kind: 'unreachable'; message: string; cause?: string } };

interface Waiting {
  resolve: (page: CheckedPage<PageKind>) => void;
  reject: (error: Error) => void;
}

export class SyncPages {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();

  /** `workerFile`: the built syncPages.worker.cjs. */
  constructor(private readonly workerFile: string) {}

  fetch<K extends PageKind>(request: PageRequest<K>): Promise<CheckedPage<K>> {
    const worker = this.started();
    const id = this.nextId++;
    const reply = new Promise<CheckedPage<K>>((resolve, reject) => this.waiting.set(id, { resolve: resolve as Waiting['resolve'], reject }));
    // Only while a page is awaited does the worker keep the process alive.
    if (this.waiting.size === 1) worker.ref();
    worker.postMessage({ type: 'fetch', id, request } satisfies PagesRequest);
    return reply;
  }

  /** Hands a page's memory back once it is written, for the next pages to reuse. */
  release(page: CheckedPage<PageKind>): void {
    const buffer = page.lines.buffer as ArrayBuffer;
    if (this.worker && buffer.byteLength > 0) this.worker.postMessage({ type: 'release', buffer } satisfies PagesRequest, [buffer]);
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.fail(new Error('sync stopped'));
    await worker?.terminate();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerFile);
    worker.unref();
    worker.on('message', (reply: PagesReply) => {
      const waiting = this.waiting.get(reply.id);
      if (!waiting) return;
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) worker.unref();
      if ('page' in reply) waiting.resolve(reply.page);
      else waiting.reject(failure(reply.error));
    });
    const lost = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.fail(new Error(`The sync page reader stopped: ${why}`));
    };
    worker.on('error', (error) => lost(error.message));
    worker.on('exit', (code) => lost(`exit code ${code}`));
    this.worker = worker;
    return worker;
  }

  private fail(error: Error): void {
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const w of waiting) w.reject(error);
  }
}

/** The worker's failure as the error the sync client tells apart (refused, server, unreachable). */
function failure(error: Extract<PagesReply, { error: unknown }>['error']): Error {
  if (error.kind === 'refused') return new SyncRefused(error.status, error.message);
  if (error.kind === 'server') return new SyncServerError(error.message);
  return new Error(error.message, error.cause ? { cause: new Error(error.cause) } : undefined);
}
