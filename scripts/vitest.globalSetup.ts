// Integration tests start the real server bundle as its own process, so make sure it is built.
import { spawnSync } from 'node:child_process';

export default function setup(): void {
  const result = spawnSync(process.execPath, ['scripts/build.mjs', '--only', 'server'], {
    stdio: 'inherit',
    env: { ...process.env, MESHWORK_QUIET_BUILD: '1' },
  });
  if (result.status !== 0) throw new Error('Could not build the server bundle for the integration tests');
}
