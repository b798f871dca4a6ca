import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { X11Activity } from './x11Activity';

const dirs: string[] = [];
const activities: X11Activity[] = [];
afterEach(() => {
  for (const a of activities.splice(0)) a.dispose();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A stand-in xprintidle that prints `idle` and counts its runs in a file. */
function fakeXprintidle(body: string): { env: NodeJS.ProcessEnv; runs: () => number } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xprintidle-'));
  dirs.push(dir);
  const count = path.join(dir, 'runs');
  writeFileSync(count, '');
  writeFileSync(path.join(dir, 'xprintidle'), `#!/bin/sh\necho run >> "${count}"\n${body}\n`);
  chmodSync(path.join(dir, 'xprintidle'), 0o755);
  return { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` }, runs: () => readFileSync(count, 'utf8').split('\n').filter(Boolean).length };
}

function activity(env: NodeJS.ProcessEnv, periodMs = 50): X11Activity {
  const a = new X11Activity(env, periodMs);
  activities.push(a);
  return a;
}

describe('X11Activity', () => {
  it('reads idle time from one helper that keeps running while asked', async () => {
    const fake = fakeXprintidle('echo 5000');
    const a = activity(fake.env);
    const first = await a.idleMs();
    expect(first).toBeGreaterThanOrEqual(5000);
    expect(first).toBeLessThan(5200);
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 60));
      expect(await a.idleMs()).toBeGreaterThanOrEqual(5000);
    }
    // xprintidle ran in the helper's loop, not once per question from a new process of ours.
    expect(fake.runs()).toBeGreaterThanOrEqual(3);
  });

  it('fails with xprintidle\'s reason when it cannot run, then answers again once it can', async () => {
    const fake = fakeXprintidle('echo "couldn\'t open display" >&2; exit 1');
    const a = activity(fake.env);
    await expect(a.idleMs()).rejects.toThrow(/couldn't open display/);
    await expect(a.idleMs()).rejects.toThrow(/couldn't open display/);
  });

  it('stops the helper when disposed', async () => {
    const fake = fakeXprintidle('echo 10');
    const a = activity(fake.env);
    await a.idleMs();
    a.dispose();
    const runs = fake.runs();
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.runs()).toBe(runs);
  });
});
