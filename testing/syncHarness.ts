/**
 * Sync test and bench fixtures: the real server bundle on SQLite or a real PostgreSQL, and
 * "desktop installs" (a tracker store on its own SQLite file + the main-side sync client),
 * plus a normalised view of state to compare installs with each other and with the server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ENTITY_FIELD_NAMES, SYNC_ENTITIES } from '../common/sync/entities';
import type { WorkspaceGrant } from '../common/wire/auth';
import { parsePage, syncPath, type SnapshotResponse } from '../common/wire/sync';
import { SYNC_TABLES, fromSqlValue } from '../main/store/syncTables';
import { openTrackerStore, type TrackerStore } from '../main/store/trackerStore';
import { LocalSyncStore } from '../main/sync/localSyncStore';
import { SyncClient, type SyncClientOptions } from '../main/sync/syncClient';
import { SYNC_PAGES_WORKER } from '../main/sync/syncPages';
import { startServer, type ServerProcess } from '../signaling-server/test/support/serverProcess';
import { token } from '../signaling-server/test/support/tokens';
import { startPostgres, type PostgresCluster } from './postgres';

export type StoreKind = 'sqlite' | 'postgres';

/** Tests and benches run from the repository root (bench bundles have no import.meta). */
const SOURCE_MIGRATIONS_DIR = path.resolve('main/store/migrations');
/** Built by the tests' global setup and by `npm run bench:sync`. */
const PAGES_WORKER = path.resolve('app/dist', SYNC_PAGES_WORKER);

export interface SyncServerHandle {
  kind: StoreKind;
  server: ServerProcess;
  /** Where its sync store lives: the SQLite file, or the PostgreSQL URL. */
  storage: string;
  /** SIGKILL (or stop) and start again on the same storage. */
  restart(signal?: NodeJS.Signals): Promise<ServerProcess>;
  stop(): Promise<void>;
}

/** One PostgreSQL cluster per test file, shared by its servers (a database each). */
let cluster: Promise<PostgresCluster> | null = null;
export function sharedPostgres(): Promise<PostgresCluster> {
  cluster ??= startPostgres({ fsync: false });
  return cluster;
}
export async function stopSharedPostgres(): Promise<void> {
  if (!cluster) return;
  const c = await cluster;
  cluster = null;
  await c.stop();
}

export async function startSyncServer(kind: StoreKind, extraEnv: Record<string, string> = {}): Promise<SyncServerHandle> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'meshwork-sync-server-'));
  const env: Record<string, string> = { MESHWORK_SERVER_DATA_DIR: dir, ...extraEnv };
  if (kind === 'postgres') env.DATABASE_URL = await (await sharedPostgres()).createDatabase();
  const handle: SyncServerHandle = {
    kind,
    storage: env.DATABASE_URL ?? path.join(dir, 'sync.sqlite'),
    server: await startServer(env),
    async restart(signal = 'SIGKILL') {
      await handle.server.stop(signal);
      handle.server = await startServer(env);
      return handle.server;
    },
    async stop() {
      await handle.server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return handle;
}

export interface Desktop {
  store: TrackerStore;
  local: LocalSyncStore;
  client: SyncClient;
  dir: string;
  /** A new sync client (e.g. for a restarted server's URL) over the same store. */
  reconnect(serverUrl: string): SyncClient;
  close(): Promise<void>;
}

export interface DesktopOptions extends Partial<Omit<SyncClientOptions, 'store' | 'serverUrl' | 'workspaceId' | 'token' | 'pagesWorker'>> {
  userId?: string;
  grants?: WorkspaceGrant[];
  dir?: string;
  /** Runs before every request's token is handed out (its number counts from 1); throwing fails that request. */
  beforeRequest?: (request: number) => Promise<void> | void;
}

export function openDesktop(serverUrl: string, workspaceId: string, options: DesktopOptions = {}): Desktop {
  const dir = options.dir ?? mkdtempSync(path.join(os.tmpdir(), 'meshwork-desktop-'));
  const userId = options.userId ?? `user-${path.basename(dir)}`;
  const grants = options.grants ?? [{ id: workspaceId, role: 'member' }];
  let client: SyncClient | null = null;
  const store = openTrackerStore({ dataDir: dir, migrationsDir: SOURCE_MIGRATIONS_DIR, onChange: () => client?.schedule() });
  const local = new LocalSyncStore(store.ctx);
  let requests = 0;
  const make = (url: string) =>
    new SyncClient({
      live: false,
      ...options,
      store: local,
      serverUrl: url,
      workspaceId,
      pagesWorker: PAGES_WORKER,
      token: async () => {
        await options.beforeRequest?.(++requests);
        return token({ sub: userId, ws: grants });
      },
    });
  client = make(serverUrl);
  const desktop: Desktop = {
    store,
    local,
    client,
    dir,
    reconnect(url) {
      void desktop.client.stop();
      desktop.client = client = make(url);
      return client;
    },
    async close() {
      await desktop.client.stop();
      store.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return desktop;
}

export type State = Record<string, Record<string, Record<string, unknown>>>;

/** Every synced record of an install (including ones still waiting for their insert), by entity and id. */
export function desktopState(store: TrackerStore): State {
  const state: State = {};
  for (const entity of SYNC_ENTITIES) {
    const info = SYNC_TABLES[entity];
    const records: Record<string, Record<string, unknown>> = {};
    for (const row of store.sqlite.prepare(`SELECT * FROM "${entity}" ORDER BY id`).all() as Record<string, unknown>[]) {
      records[row.id as string] = Object.fromEntries([...info.columns].map(([field, column]) => [field, fromSqlValue(info, field, row[column])]));
    }
    for (const row of store.sqlite.prepare('SELECT entity_id, fields FROM sync_pending WHERE entity = ?').all(entity) as { entity_id: string; fields: string }[]) {
      records[row.entity_id] = complete(entity, JSON.parse(row.fields) as Record<string, unknown>);
    }
    state[entity] = records;
  }
  return state;
}

function complete(entity: (typeof SYNC_ENTITIES)[number], fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(ENTITY_FIELD_NAMES[entity].map((f) => [f, fields[f] ?? null]));
}

/** The server's current state, read through its snapshot endpoint. */
export async function serverState(serverUrl: string, workspaceId: string, userId = 'state-reader'): Promise<State> {
  const state: State = Object.fromEntries(SYNC_ENTITIES.map((e) => [e, {}]));
  const bearer = await token({ sub: userId, ws: [{ id: workspaceId, role: 'member' }] });
  let after: string | null = null;
  for (;;) {
    const query = new URLSearchParams({ limit: '5000', ...(after ? { after } : {}) });
    const response = await fetch(`${serverUrl}${syncPath(workspaceId, 'snapshot')}?${query}`, { headers: { authorization: `Bearer ${bearer}` } });
    if (!response.ok) throw new Error(`snapshot failed: ${response.status} ${await response.text()}`);
    const page: SnapshotResponse = parsePage('snapshot', await response.text());
    for (const row of page.rows) state[row.entity]![row.id] = complete(row.entity, row.fields);
    if (!page.next) return state;
    after = page.next;
  }
}

export async function bearer(userId: string, grants: WorkspaceGrant[]): Promise<string> {
  return token({ sub: userId, ws: grants });
}

/** A sync server of the given store for a vitest suite: started before it, stopped after it. */
export function useSyncServer(
  kind: StoreKind,
  hooks: { beforeAll: (fn: () => Promise<void>, timeout?: number) => void; afterAll: (fn: () => Promise<void>) => void },
  env: Record<string, string> = {},
): () => SyncServerHandle {
  let handle: SyncServerHandle | undefined;
  hooks.beforeAll(async () => {
    handle = await startSyncServer(kind, env);
  }, 60_000);
  hooks.afterAll(async () => {
    await handle?.stop();
    await stopSharedPostgres();
  });
  return () => handle!;
}
