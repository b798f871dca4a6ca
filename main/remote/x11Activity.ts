/**
 * Local idle time on X11 from xprintidle (the XScreenSaver extension), in milliseconds.
 *
 * One small helper shell runs xprintidle in a loop while someone keeps asking, and each answer
 * is the latest reading plus its age. Spawning xprintidle from main for every check (five a
 * second while a session controls) forked the whole main process each time: under load each
 * fork held main's event loop for tens of milliseconds, and remote input waited behind it.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { LocalActivity } from './ports';

/** The helper stops after this long without a question (no session controls any more). */
const UNUSED_MS = 2000;
/** After the helper fails (no xprintidle, no display), this long before it is tried again. */
const RETRY_MS = 5000;

interface Reading {
  idleMs: number;
  at: number;
}

export class X11Activity implements LocalActivity {
  private helper: ChildProcessByStdio<null, Readable, Readable> | null = null;
  private latest: Reading | null = null;
  private waiters: { resolve: (r: Reading) => void; reject: (e: Error) => void }[] = [];
  private lastAskedAt = 0;
  private failedAt = -Infinity;
  private failure: Error | null = null;

  constructor(
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly periodMs = 200,
    private readonly now: () => number = Date.now,
  ) {}

  async idleMs(): Promise<number> {
    this.lastAskedAt = this.now();
    if (!this.helper) {
      if (this.failure && this.now() - this.failedAt < RETRY_MS) throw this.failure;
      this.start();
    }
    const reading = this.latest ?? (await new Promise<Reading>((resolve, reject) => this.waiters.push({ resolve, reject })));
    // Idle time keeps growing between readings; input since the reading shows in the next.
    return reading.idleMs + Math.max(0, this.now() - reading.at);
  }

  dispose(): void {
    const helper = this.helper;
    this.helper = null;
    this.latest = null;
    helper?.kill();
    for (const waiter of this.waiters.splice(0)) waiter.reject(new Error('stopped'));
  }

  private start(): void {
    const seconds = (this.periodMs / 1000).toFixed(3);
    // The loop ends when main is gone (kill -0 on the parent) or xprintidle fails.
    const script = `while kill -0 "$PPID" 2>/dev/null && xprintidle; do sleep ${seconds}; done`;
    const helper = spawn('sh', ['-c', script], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.helper = helper;
    this.latest = null;
    let pending = '';
    let errors = '';
    helper.stdout.setEncoding('utf8');
    helper.stderr.setEncoding('utf8');
    helper.stderr.on('data', (chunk: string) => (errors = (errors + chunk).slice(-500)));
    helper.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) this.onLine(line.trim());
      if (this.helper === helper && this.now() - this.lastAskedAt > UNUSED_MS) this.dispose();
    });
    const ended = (reason: string) => {
      if (this.helper !== helper) return; // stopped on purpose, or replaced
      this.helper = null;
      this.latest = null;
      const error = new Error(`xprintidle stopped: ${errors.trim() || reason}`);
      this.failure = error;
      this.failedAt = this.now();
      for (const waiter of this.waiters.splice(0)) waiter.reject(error);
    };
    helper.on('error', (error) => ended(error.message));
    // 'close', not 'exit': by then stderr has been read, so the reason is known.
    helper.on('close', (code, signal) => ended(`exit ${code ?? signal}`));
  }

  private onLine(line: string): void {
    const idleMs = Number(line);
    if (line === '' || !Number.isFinite(idleMs)) return;
    this.latest = { idleMs, at: this.now() };
    this.failure = null;
    for (const waiter of this.waiters.splice(0)) waiter.resolve(this.latest);
  }
}
