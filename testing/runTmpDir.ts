/**
 * Gives a whole test run one temporary directory of its own: TMPDIR points into it, so every
 * temp dir a test, a server or an app under test makes lands there, and the run's teardown
 * removes it all. Before, received files and data dirs (hundreds of MB each) piled up under /tmp
 * run after run. A run that was killed leaves its directory behind: the next run removes it.
 */
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PREFIX = 'meshwork-run-';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Points TMPDIR at a new directory for this run; returns the teardown that removes it. */
export function useRunTmpDir(): () => void {
  const root = os.tmpdir();
  for (const name of readdirSync(root)) {
    const pid = Number(name.slice(PREFIX.length).split('-')[0]);
    if (name.startsWith(PREFIX) && Number.isInteger(pid) && !alive(pid)) rmSync(path.join(root, name), { recursive: true, force: true });
  }
  const dir = mkdtempSync(path.join(root, `${PREFIX}${process.pid}-`));
  // Like /tmp itself: servers a test starts as another user (PostgreSQL as `postgres`) make their dirs here too.
  chmodSync(dir, 0o1777);
  const before = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(dir, { recursive: true, force: true });
  };
}
