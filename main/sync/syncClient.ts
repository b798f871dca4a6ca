/**
 * The sync client in main: pushes the outbox in batches (idempotent by op id, so a retry after a
 * lost reply is harmless), pulls the workspace log by cursor, bootstraps a fresh install from the
 * server's snapshot, and listens on the server's WebSocket for `sync.changed` to pull at once.
 * One cycle runs at a time; failures retry with jittered backoff. Every reply is parsed with the
 * wire schemas (common/wire/sync.ts) before anything is applied.
 */
import WebSocket from 'ws';
import type { SyncStatus } from '../../common/sync/status';
import { ServerFrameSchema, SIGNALING_PATH } from '../../common/wire/signaling';
import { CURSOR_EXPIRED_STATUS, MAX_SNAPSHOT_ROWS, syncPath, type PageKind } from '../../common/wire/sync';
import type { Logger } from '../log';
import { Backoff } from './backoff';
import { pageItems, push, SyncRefused, SyncServerError, type CheckedPage } from './syncHttp';
import { SyncPages } from './syncPages';
import type { LocalSyncStore } from './localSyncStore';

export interface SyncClientOptions {
  store: LocalSyncStore;
  /** http(s)://host:port of the sync server. */
  serverUrl: string;
  workspaceId: string;
  /** The built page reader worker (`SYNC_PAGES_WORKER` under the build output). */
  pagesWorker: string;
  /** A current access token (the caller refreshes it). */
  token: () => Promise<string>;
  log?: Logger;
  onStatus?: (status: SyncStatus) => void;
  pushBatch?: number;
  pullBatch?: number;
  snapshotPage?: number;
  /** Live updates over the server's WebSocket (tests of pure polling turn it off). */
  live?: boolean;
  backoff?: Backoff;
}

/** Pulls longer than this may load empty tables without their indexes (see BulkLoad). */
const BULK_PULL_OPS = 20_000;
/** Pages (pull or snapshot) requested ahead of the one being applied. */
const PAGES_AHEAD = 2;

export class SyncClient {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private retryTimer: NodeJS.Timeout | null = null;
  private socket: WebSocket | null = null;
  private reauthTimer: ReturnType<typeof setTimeout> | null = null;
  private socketRetry: NodeJS.Timeout | null = null;
  private readonly backoff: Backoff;
  private readonly socketBackoff = new Backoff(500, 15_000);
  private current: SyncStatus;
  private readonly pushBatch: number;
  private readonly pullBatch: number;
  private readonly snapshotPage: number;
  private readonly pages: SyncPages;
  /** Settles once every page asked for so far is with the page worker. */
  private requestsOut: Promise<void> = Promise.resolve();

  constructor(private readonly options: SyncClientOptions) {
    this.backoff = options.backoff ?? new Backoff();
    this.pushBatch = options.pushBatch ?? 5000;
    this.pullBatch = options.pullBatch ?? 5000;
    // Measured on 1M rows against both stores: 5,000 and 20,000 rows per page load equally fast
    // (bound by this side's inserts); bigger pages mean fewer requests.
    this.snapshotPage = options.snapshotPage ?? 20_000;
    this.pages = new SyncPages(options.pagesWorker);
    options.store.bindWorkspace(options.workspaceId);
    this.current = {
      state: 'pending',
      pending: options.store.pendingCount(),
      error: null,
      lastSyncedAt: null,
      progress: null,
      workspaceId: options.workspaceId,
      server: options.serverUrl,
    };
  }

  status(): SyncStatus {
    return { ...this.current, pending: this.options.store.pendingCount() };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    if (this.options.live !== false) this.connectSocket();
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.socketRetry) clearTimeout(this.socketRetry);
    this.socket?.terminate();
    this.socket = null;
    // Pages in flight fail now rather than the cycle running on; a page the cycle asked for
    // since (before it saw the failure) started the worker again, so it is closed once more.
    await this.pages.close();
    await this.running?.catch(() => {});
    await this.pages.close();
  }

  /** Something changed locally (or the server said so): sync soon. */
  schedule(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    this.running = this.cycle().catch(() => {}).finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        this.schedule();
      }
    });
  }

  /**
   * Runs one full cycle now (push everything, pull everything); rejects with the reason it
   * failed. It does not start the client: a stopped one stays offline between such cycles.
   */
  async syncNow(): Promise<void> {
    while (this.running) await this.running.catch(() => {});
    let failure: unknown = null;
    this.running = this.cycle((err) => (failure = err)).finally(() => (this.running = null));
    await this.running;
    if (failure) throw failure;
  }

  private async cycle(onFailure?: (err: unknown) => void): Promise<void> {
    try {
      this.update({ state: 'syncing' });
      await this.compactPushed();
      if (!this.options.store.bootstrapped()) await this.bootstrap();
      await this.pushAll();
      await this.pullOrReload();
      // What the pull wrote here as local ops (two running timers settled) is for the others too.
      if (this.options.store.pendingCount() > 0) await this.pushAll();
      this.backoff.reset();
      this.update({ state: this.options.store.pendingCount() > 0 ? 'pending' : 'synced', error: null, progress: null, lastSyncedAt: Date.now() });
    } catch (err) {
      onFailure?.(err);
      // Refusals, server errors and malformed replies are errors with the server's reason; the rest (no route, reset, timeout) is offline.
      const offline = !(err instanceof SyncRefused) && !(err instanceof SyncServerError);
      const reason = offline ? `Cannot reach the server: ${describe(err)}` : describe(err);
      this.options.log?.warn({ err: describe(err) }, 'sync failed; will retry');
      this.update({ state: offline ? 'offline' : 'error', error: reason, progress: null });
      if (!this.stopped && !onFailure) {
        const delay = this.backoff.next();
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          this.schedule();
        }, delay);
        this.retryTimer.unref?.();
      }
    }
  }

  /** What earlier cycles pushed is deleted from the local log, a chunk per turn of the event loop. */
  private async compactPushed(): Promise<void> {
    while (this.options.store.compactPushed()) await new Promise((resolve) => setImmediate(resolve));
  }

  /**
   * Loads the server's snapshot into this (new) install. The first page says where the
   * following pages end (`marks`), so they are requested ahead, side by side, while pages
   * are applied in order; each applied page records where a crash would resume.
   */
  private async bootstrap(phase: 'bootstrap' | 'reload' = 'bootstrap'): Promise<void> {
    const { store } = this.options;
    const after = store.snapshotAfter();
    const fresh = after !== null ? new Set<string>() : store.bulk.emptyTables();
    const first = await this.fetchSnapshot(after, null, this.snapshotPage, true);
    const { total, cursor } = first.head;
    let done = 0;
    if (total > 0) store.bulk.begin(fresh);
    try {
      // The pages after the first: (start, end] for every mark, the last one open.
      const starts = first.head.next === null ? [] : [first.head.next, ...(first.head.marks ?? [])];
      // Rows written since the marks were read make a range longer: room for them.
      const rangeLimit = Math.min(2 * this.snapshotPage, MAX_SNAPSHOT_ROWS);
      const range = (after: string, upto: string | null) => ({ upto, reply: this.fetchSnapshot(after, upto, upto ? rangeLimit : this.snapshotPage) });
      const ahead: ReturnType<typeof range>[] = [];
      let started = 0;
      const fill = () => {
        while (ahead.length < PAGES_AHEAD && started < starts.length) {
          ahead.push(range(starts[started]!, starts[started + 1] ?? null));
          started += 1;
        }
      };
      fill();
      let page = first;
      let resume = first.head.next;
      for (;;) {
        store.applySnapshot(pageItems(page), page.latest, resume, cursor, fresh);
        this.pages.release(page);
        done += page.head.count;
        this.update({ progress: { phase, done, total: Math.max(done, total) } });
        const next = ahead.shift();
        if (!next) break;
        page = await next.reply;
        // More in this range than one page holds (it grew, or it is the open last one): its rest comes first.
        if (page.head.next !== null) ahead.unshift(range(page.head.next, next.upto));
        fill();
        resume = page.head.next ?? next.upto;
        await this.requestsOut;
      }
    } finally {
      await store.bulk.finishInSteps();
    }
  }

  private fetchSnapshot(after: string | null, upto: string | null, limit: number, marks = false): Promise<CheckedPage<'snapshot'>> {
    const query = new URLSearchParams({ limit: String(limit), ...(after ? { after } : {}), ...(upto ? { upto } : {}), ...(marks ? { marks: '1' } : {}) });
    return this.requestPage('snapshot', `${syncPath(this.options.workspaceId, 'snapshot')}?${query}`);
  }

  /**
   * Pushes the outbox with two batches in flight, so this side reads and serialises the next
   * batch while the server stores the last one. Batches are acknowledged in order; should one
   * fail after a later one was stored, the retry sends both again and the server keeps one copy.
   */
  private async pushAll(): Promise<void> {
    const { store } = this.options;
    const total = store.pendingCount();
    let done = 0;
    let batch = store.nextBatch(this.pushBatch);
    let sending = batch.count > 0 ? this.pushBatchOf(batch.body) : null;
    while (sending) {
      const following = store.nextBatch(this.pushBatch, batch.lastSeq);
      const sendingNext = following.count > 0 ? this.pushBatchOf(following.body) : null;
      await sending;
      store.acknowledge(batch.lastSeq);
      done += batch.count;
      // Counting the outbox reads all of it: a 100k push would spend a third of a second on counts.
      if (total > this.pushBatch) this.update({ pending: Math.max(0, total - done), progress: { phase: 'push', done, total: Math.max(total, done) } });
      batch = following;
      sending = sendingNext;
    }
  }

  private pushBatchOf(body: Buffer) {
    return settledLater(this.options.token().then((token) => push({ url: this.url(syncPath(this.options.workspaceId, 'push')), token, body })));
  }

  /** Pulls; should the log no longer reach this install's cursor, loads the snapshot again and pulls from there. */
  private async pullOrReload(): Promise<void> {
    try {
      await this.pullAll();
    } catch (err) {
      if (!(err instanceof SyncRefused && err.status === CURSOR_EXPIRED_STATUS)) throw err;
      this.options.log?.info({ reason: err.message }, 'sync log compacted past this install: loading the snapshot again');
      this.options.store.reloadSnapshot();
      await this.bootstrap('reload');
      await this.pullAll();
    }
  }

  /**
   * Pulls the log page by page. A page spans a known range of sequence numbers, so the next
   * ones are requested while this one is applied and the server reads them in the meantime.
   */
  private async pullAll(): Promise<void> {
    const { store } = this.options;
    const start = store.cursor();
    let current = await this.fetchOps(start);
    let requested = current.head.cursor;
    const ahead: Promise<CheckedPage<'ops'>>[] = [];
    let bulk = false;
    try {
      for (;;) {
        const { cursor, head } = current.head;
        while (ahead.length < PAGES_AHEAD && requested < head) {
          ahead.push(this.fetchOps(requested));
          requested = Math.min(requested + this.pullBatch, head);
        }
        if (ahead.length > 0) await this.requestsOut;
        // A long way behind (a new install after a big import elsewhere): fill empty tables
        // without their indexes, as a bootstrap does.
        if (!bulk && head - start > BULK_PULL_OPS) {
          bulk = true;
          store.bulk.begin(store.bulk.emptyTables());
        }
        store.applyOps(pageItems(current), cursor);
        this.pages.release(current);
        if (head - start > this.pullBatch) this.update({ progress: { phase: 'pull', done: cursor - start, total: head - start } });
        const next = ahead.shift();
        if (!next) return;
        current = await next;
      }
    } finally {
      if (bulk) await store.bulk.finishInSteps();
    }
  }

  private fetchOps(after: number) {
    const query = new URLSearchParams({ after: String(after), limit: String(this.pullBatch), exclude: this.options.store.node });
    return this.requestPage('ops', `${syncPath(this.options.workspaceId, 'ops')}?${query}`);
  }

  private requestPage<K extends PageKind>(kind: K, path: string): Promise<CheckedPage<K>> {
    // Wrapped, so that `sent` settles once the request is with the page worker, not with its reply.
    const sent = this.options.token().then((token) => ({ reply: this.pages.fetch({ kind, url: this.url(path), token }) }));
    // Applying a page blocks this thread: before it does, the requests for the next pages get
    // their token and reach the page worker, which fetches them meanwhile.
    this.requestsOut = Promise.all([this.requestsOut, sent.catch(() => {})]).then(() => {});
    return settledLater(sent.then((s) => s.reply));
  }

  private url(path: string): string {
    return new URL(path, this.options.serverUrl).toString();
  }

  private connectSocket(): void {
    if (this.stopped) return;
    const url = `${this.options.serverUrl.replace(/^http/, 'ws')}${SIGNALING_PATH}`;
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.on('open', () => {
      void this.options
        .token()
        .then((token) => socket.send(JSON.stringify({ type: 'hello', token, rid: 1 })))
        .catch(() => socket.terminate());
    });
    socket.on('message', (data) => {
      let frame;
      try {
        frame = ServerFrameSchema.safeParse(JSON.parse(String(data)));
      } catch {
        return;
      }
      if (!frame.success) return;
      const f = frame.data;
      if (f.type === 'welcome' || f.type === 'reauth.ok') {
        this.refreshSocketToken(socket, f.tokenExpiresAt);
      }
      if (f.type === 'welcome') {
        this.socketBackoff.reset();
        socket.send(JSON.stringify({ type: 'sync.subscribe', workspaceId: this.options.workspaceId, rid: 2 }));
        // Whatever happened while the socket was down.
        this.schedule();
      } else if (f.type === 'sync.changed' && f.workspaceId === this.options.workspaceId && f.cursor > this.options.store.cursor()) {
        this.schedule();
      } else if (f.type === 'error' && f.rid === 2) {
        this.options.log?.warn({ message: f.message }, 'sync subscription refused');
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      if (this.reauthTimer) clearTimeout(this.reauthTimer);
      if (this.socket !== socket || this.stopped) return;
      this.socket = null;
      this.socketRetry = setTimeout(() => this.connectSocket(), this.socketBackoff.next());
      this.socketRetry.unref?.();
    });
  }

  /**
   * The live socket outlives its access token by presenting a fresh one (`reauth`) once three
   * quarters of its life have passed; were that late, the server closes and the socket reconnects.
   */
  private refreshSocketToken(socket: WebSocket, expiresAt: number): void {
    if (this.reauthTimer) clearTimeout(this.reauthTimer);
    const left = expiresAt - Date.now();
    this.reauthTimer = setTimeout(
      () => {
        if (this.socket !== socket || this.stopped) return;
        void this.options
          .token()
          .then((token) => socket.send(JSON.stringify({ type: 'reauth', token, rid: 3 })))
          .catch(() => undefined);
      },
      Math.max(1000, Math.min(left * 0.75, left - 5000)),
    );
    this.reauthTimer.unref?.();
  }

  private update(patch: Partial<SyncStatus>): void {
    // After stop() the store may already be closed: a late cycle only records, never reads it.
    if (this.stopped) {
      this.current = { ...this.current, ...patch };
      return;
    }
    this.current = { ...this.current, ...patch, pending: patch.pending ?? this.options.store.pendingCount() };
    this.options.onStatus?.(this.current);
  }
}

/**
 * A request started ahead of its turn (the next page, the next batch) may fail before anyone
 * awaits it: mark it handled now; whoever awaits it later still gets the error.
 */
function settledLater<T>(request: Promise<T>): Promise<T> {
  request.catch(() => {});
  return request;
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
  }
  return String(err);
}
