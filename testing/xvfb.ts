/** Test support: a private X display for tests that need one (Electron, real screen capture, input injection). */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface XDisplay {
  display: string;
  stop: () => Promise<void>;
}

export async function startXvfb(size = '1280x800x24'): Promise<XDisplay> {
  if (!existsSync('/usr/bin/Xvfb')) throw new Error('Xvfb is not installed: run `scripts/setup --test` (Debian package "xvfb").');
  // -displayfd lets the server pick a free display number and tell us which.
  // -noreset: by default Xvfb resets (and forgets the pointer position) whenever its last client leaves.
  const child: ChildProcess = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', size, '-nolisten', 'tcp', '-noreset'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  const number = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('Xvfb did not start')), 10_000);
    child.stdio[3]!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) {
        clearTimeout(timer);
        resolve(text.trim());
      }
    });
    child.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
  });
  return {
    display: `:${number}`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
