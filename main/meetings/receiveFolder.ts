/**
 * Where received files go, as the person chose it. The page may propose a folder (browser
 * mode types one; Electron's native dialog picks one); main decides: an absolute path to an
 * existing, writable directory, nothing else. The choice is kept in
 * `<dataDir>/meetings-settings.json` (written atomically), so it outlives a restart; without one
 * the configured default (MESHWORK_RECEIVE_DIR or `<dataDir>/Received files`) applies.
 */
import { constants, readFileSync, statSync } from 'node:fs';
import { access, mkdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { RpcError } from '../../common/ipc/rpc';

/** Electron's folder dialog; absent in browser mode (the page then offers a text field). */
export interface FolderPicker {
  pick(current: string): Promise<string | null>;
}

const SettingsFileSchema = z.object({ receiveFolder: z.string().optional() });

export class ReceiveFolder {
  private current: string;

  private constructor(
    private readonly settingsFile: string,
    folder: string,
  ) {
    this.current = folder;
  }

  /**
   * Reads the saved choice (once, at start, so synchronously); a saved folder that is gone
   * falls back to the default.
   */
  static open(dataDir: string, defaultFolder: string): ReceiveFolder {
    const settingsFile = path.join(dataDir, 'meetings-settings.json');
    let saved: string | undefined;
    try {
      saved = SettingsFileSchema.parse(JSON.parse(readFileSync(settingsFile, 'utf8'))).receiveFolder;
    } catch {
      saved = undefined;
    }
    const usable = saved !== undefined && path.isAbsolute(saved) && isDirectory(saved);
    return new ReceiveFolder(settingsFile, usable ? saved! : defaultFolder);
  }

  get folder(): string {
    return this.current;
  }

  /** Validates and saves a folder the person chose; throws `invalid-input` with the reason. */
  async set(folder: string): Promise<string> {
    const resolved = await checkFolder(folder);
    await mkdir(path.dirname(this.settingsFile), { recursive: true });
    const tmp = `${this.settingsFile}.tmp`;
    await writeFile(tmp, JSON.stringify({ receiveFolder: resolved }), { mode: 0o600 });
    await rename(tmp, this.settingsFile);
    this.current = resolved;
    return resolved;
  }
}

function isDirectory(folder: string): boolean {
  try {
    return statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

async function checkFolder(folder: string): Promise<string> {
  if (!path.isAbsolute(folder)) throw new RpcError('invalid-input', 'Give the full path of a folder (it starts with / or a drive letter)');
  const resolved = path.resolve(folder);
  const info = await stat(resolved).catch(() => null);
  if (!info) throw new RpcError('invalid-input', `There is no folder at ${resolved}`);
  if (!info.isDirectory()) throw new RpcError('invalid-input', `${resolved} is a file, not a folder`);
  await access(resolved, constants.W_OK).catch(() => {
    throw new RpcError('invalid-input', `Meshwork may not write to ${resolved}`);
  });
  return resolved;
}
