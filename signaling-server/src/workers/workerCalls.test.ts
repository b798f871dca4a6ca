import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { ownBuffer, WorkerCalls } from './workerCalls';

// Answers `echo`, refuses `fail`, and exits mid-call on `exit`.
const WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ id, op, value }) => {
  if (op === 'echo') parentPort.postMessage({ id, result: value });
  if (op === 'fail') parentPort.postMessage({ id, error: 'refused: ' + value });
  if (op === 'exit') process.exit(3);
});
`;

const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.terminate()));
});

function start(): WorkerCalls<{ op: string; value?: unknown }> {
  const worker = new Worker(WORKER, { eval: true });
  workers.push(worker);
  return new WorkerCalls(worker, 'The test worker');
}

describe('WorkerCalls', () => {
  it('matches each answer to its call, and an error answer rejects only its call', async () => {
    const calls = start();
    const answers = await Promise.allSettled([calls.call({ op: 'echo', value: 1 }), calls.call({ op: 'fail', value: 'x' }), calls.call({ op: 'echo', value: { a: [2] } })]);
    expect(answers).toEqual([
      { status: 'fulfilled', value: 1 },
      { status: 'rejected', reason: new Error('refused: x') },
      { status: 'fulfilled', value: { a: [2] } },
    ]);
  });

  it('fails every call owed when the worker stops, and every later call at once, with the reason', async () => {
    const calls = start();
    const owed = calls.call({ op: 'echo', value: 'never' }).catch((e: Error) => e.message);
    const exiting = calls.call({ op: 'exit' }).catch((e: Error) => e.message);
    // The echo is answered before the exit is read; the exit's own call is owed when the thread goes.
    expect(await owed).toBe('never');
    expect(await exiting).toBe('The test worker stopped (exit code 3)');
    expect(calls.lost?.message).toBe('The test worker stopped (exit code 3)');
    await expect(calls.call({ op: 'echo', value: 1 })).rejects.toThrow('The test worker stopped (exit code 3)');
  });

  it('hands over a buffer of its own, copying a view of a shared one', () => {
    const whole = new Uint8Array([1, 2, 3]);
    expect(ownBuffer(whole)).toBe(whole);
    const shared = new Uint8Array(new ArrayBuffer(16), 4, 3);
    shared.set([7, 8, 9]);
    const own = ownBuffer(shared);
    expect(own).not.toBe(shared);
    expect(own.buffer.byteLength).toBe(3);
    expect([...own]).toEqual([7, 8, 9]);
  });
});
