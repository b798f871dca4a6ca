// Finds Electron's binary without triggering electron's own lazy download (which hangs or
// fails on networks where it is blocked). Returns { path } or { reason }.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(new URL('..', import.meta.url).pathname);

export function locateElectron() {
  const pkgDir = path.join(root, 'node_modules', 'electron');
  if (!existsSync(path.join(pkgDir, 'package.json'))) {
    return { reason: 'the electron package is not installed (run npm install)' };
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(pkgDir, 'dist');
  if (!existsSync(pathFile)) {
    return {
      reason:
        "Electron's binary was never downloaded (its release download is not reachable from this machine; run `npx install-electron` where it is)",
    };
  }
  const binary = path.join(distDir, readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { path: binary } : { reason: `Electron's binary is missing at ${binary}` };
}
