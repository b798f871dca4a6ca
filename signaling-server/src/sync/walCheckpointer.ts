/**
 * Checkpoints a SQLite WAL from a worker thread with its own connection, so copying the log
 * into the database (and its fsyncs) never runs inside a push: a third of the time of a big
 * push went there. The writer's connection turns automatic checkpoints off; this one runs a
 * PASSIVE checkpoint a few times a second, which never blocks the writer or readers. The writer
 * rewinds the log by itself once a checkpoint has caught up with it.
 */
import { Worker } from 'node:worker_threads';

// Runs in the worker; plain CommonJS, since the server ships as one bundle.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage({ error: String((err && err.message) || err) });
  }
}, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
  db.close();
  parentPort.postMessage({ stopped: true });
});
`;

export interface WalCheckpointer {
  stop(): Promise<void>;
}

export function startWalCheckpointer(file: string, onError: (message: string) => void, everyMs = 250): WalCheckpointer {
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver: require.resolve('better-sqlite3'), everyMs } });
  worker.unref();
  const stopped = new Promise<void>((resolve) => {
    worker.on('message', (m: { error?: string; stopped?: boolean }) => {
      if (m.error) onError(m.error);
      if (m.stopped) resolve();
    });
    worker.on('error', (err) => {
      onError(err.message);
      resolve();
    });
    worker.on('exit', () => resolve());
  });
  return {
    async stop() {
      worker.postMessage('stop');
      await stopped;
      await worker.terminate();
    },
  };
}
