/** Local idle time on X11 from xprintidle (the XScreenSaver extension), in milliseconds. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { LocalActivity } from './ports';

const run = promisify(execFile);

export class X11Activity implements LocalActivity {
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async idleMs(): Promise<number> {
    const { stdout } = await run('xprintidle', [], { env: this.env, timeout: 1000 });
    const idle = Number(stdout.trim());
    if (!Number.isFinite(idle)) throw new Error(`xprintidle printed "${stdout.trim()}"`);
    return idle;
  }
}
