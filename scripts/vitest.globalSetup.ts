// Integration tests start the real server bundle as its own process, and sync clients start the
// page reader's worker bundle: make sure both are built. The run gets a temp dir of its own.
import { spawnSync } from 'node:child_process';
import { useRunTmpDir } from '../testing/runTmpDir';

export default function setup(): () => void {
  const result = spawnSync(process.execPath, ['scripts/build.mjs', '--only', 'server,workers'], {
    stdio: 'inherit',
    env: { ...process.env, MESHWORK_QUIET_BUILD: '1' },
  });
  if (result.status !== 0) throw new Error('Could not build the server and worker bundles for the integration tests');
  return useRunTmpDir();
}
