/**
 * How long the server keeps a small request waiting while it works on something big: a worker
 * thread of the bench asks `url` (GET) every `everyMs` and records each answer's time. A thread
 * of its own, so the bench's own work (it runs the installs) does not count as the server's.
 */
import { Worker } from 'node:worker_threads';

export interface LatencyFigures {
  requests: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
}

// Runs in the worker; plain CommonJS, since benches run through a bundler that does not see it.
const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
const { request } = require('node:http');
const times = [];
let stopping = false;
const ask = () => new Promise((resolve, reject) => {
  const start = performance.now();
  const req = request(workerData.url, { agent: false }, (res) => {
    res.resume();
    res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - start) : reject(new Error('HTTP ' + res.statusCode))));
  });
  req.on('error', reject);
  req.end();
});
parentPort.on('message', () => (stopping = true));
(async () => {
  while (!stopping) {
    times.push(await ask());
    await new Promise((r) => setTimeout(r, workerData.everyMs));
  }
  parentPort.postMessage(times);
})().catch((err) => parentPort.postMessage({ error: String(err && err.message || err) }));
`;

export function startLatencyProbe(url: string, everyMs = 10): { stop(): Promise<LatencyFigures> } {
  const worker = new Worker(PROBE, { eval: true, workerData: { url, everyMs } });
  const answer = new Promise<number[]>((resolve, reject) => {
    worker.once('message', (m: number[] | { error: string }) => (Array.isArray(m) ? resolve(m) : reject(new Error(`latency probe: ${m.error}`))));
    worker.once('error', reject);
  });
  return {
    async stop() {
      worker.postMessage('stop');
      const times = (await answer).sort((a, b) => a - b);
      await worker.terminate();
      const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))]! * 10) / 10;
      return { requests: times.length, p50_ms: at(0.5), p99_ms: at(0.99), max_ms: at(1) };
    },
  };
}
