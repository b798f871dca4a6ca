/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: initdb into a temp dir, `postgres` on
 * a free loopback port, trust auth, removed on stop. As root it runs as the `postgres` user
 * (PostgreSQL refuses to run as root). Never skips: a missing server is an error naming the
 * Debian package (`scripts/setup --test` installs it).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './freePort';

export interface PostgresCluster {
  /** postgres:// URL of the `postgres` database (admin). */
  adminUrl: string;
  /** A fresh empty database; returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Drops a database `createDatabase` made, by its URL. */
  dropDatabase(url: string): Promise<void>;
  stop(): Promise<void>;
}

function findBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('PostgreSQL not found under /usr/lib/postgresql: run `scripts/setup --test` (Debian package "postgresql")');
  return path.join(root, newest, 'bin');
}

function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  if (!Number.isInteger(uid) || uid <= 0) throw new Error('Running as root needs a "postgres" user (the Debian package creates it)');
  return { uid, gid };
}

export async function startPostgres(options: { fsync?: boolean } = {}): Promise<PostgresCluster> {
  const bin = findBinDir();
  const user = runAs();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'meshwork-pg-'));
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid!);
  const data = path.join(dir, 'data');
  const init = spawnSync(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--locale=C', '-E', 'UTF8', '--no-sync'], {
    ...user,
    cwd: dir,
    encoding: 'utf8',
  });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  const port = await freePort();
  // Through setpriv: should this process die without stopping it (a test run killed, a bench
  // piped into head), the kernel sends postgres SIGINT, its fast shutdown.
  const child = spawn(
    'setpriv',
    ['--pdeathsig', 'INT', '--', path.join(bin, 'postgres'), '-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', `fsync=${options.fsync === false ? 'off' : 'on'}`, '-c', 'max_connections=200'],
    { ...user, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`postgres did not start: ${output}`)), 30_000);
    const check = () => {
      if (output.includes('ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`postgres exited (${code}): ${output}`));
    });
  });
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let counter = 0;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    adminUrl,
    async createDatabase(name = `meshwork_${process.pid}_${++counter}`) {
      await admin(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async dropDatabase(url) {
      await admin(`DROP DATABASE ${pg.escapeIdentifier(new URL(url).pathname.slice(1))}`);
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        // SIGINT: PostgreSQL's fast shutdown (SIGKILL would leave shared memory behind).
        child.kill('SIGINT');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
